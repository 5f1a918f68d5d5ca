"""One override rule for every app's settings (inovda.core.conf)."""

import importlib

import pytest

from inovda.core.conf import AppSettings, merge

DEFAULTS = {
    "SLA": {"budget": 30, "other": 21, "nested": {"a": 1, "b": 2}},
    "KINDS": ["bimtek", "fgd"],
    "PAGE": 20,
}


def test_dictionaries_merge_key_by_key_at_every_depth(settings):
    settings.INOVDA_TEST = {"SLA": {"budget": 45, "nested": {"b": 3}, "new": 7}}
    sla = AppSettings("INOVDA_TEST", DEFAULTS).get("SLA")
    assert sla == {"budget": 45, "other": 21, "nested": {"a": 1, "b": 3}, "new": 7}


def test_lists_and_scalars_replace_the_default(settings):
    settings.INOVDA_TEST = {"KINDS": ["workshop"], "PAGE": 5}
    app = AppSettings("INOVDA_TEST", DEFAULTS)
    assert (app.get("KINDS"), app.get("PAGE")) == (["workshop"], 5)


def test_a_dictionary_replaced_by_a_scalar_is_replaced():
    assert merge({"a": 1}, None) is None


def test_read_at_call_time_and_without_setting(settings):
    app = AppSettings("INOVDA_TEST", DEFAULTS)
    assert app.get("PAGE") == 20
    settings.INOVDA_TEST = {"PAGE": 2}
    assert app.get("PAGE") == 2
    assert app.all()["SLA"]["budget"] == 30


def test_an_undeclared_name_is_an_error():
    with pytest.raises(KeyError):
        AppSettings("INOVDA_TEST", DEFAULTS).get("PAEG")


def test_a_caller_changing_a_value_changes_neither_default_nor_setting(settings):
    settings.INOVDA_TEST = {"SLA": {"budget": 1}}
    app = AppSettings("INOVDA_TEST", DEFAULTS)
    app.get("SLA")["nested"]["a"] = 99
    app.get("KINDS").append("x")
    assert DEFAULTS["SLA"]["nested"]["a"] == 1 and DEFAULTS["KINDS"] == ["bimtek", "fgd"]
    assert settings.INOVDA_TEST == {"SLA": {"budget": 1}}


@pytest.mark.parametrize(
    "app,setting,name,override,expected",
    [
        ("ecosystem", "INOVDA_ECOSYSTEM", "BARRIER_SLA_DAYS", {"budget": 1}, ("budget", 1)),
        ("innovations", "INOVDA_INNOVATIONS", "SILENT_DAYS", 10, None),
        ("knowledge", "INOVDA_KNOWLEDGE", "IID20_EVENT_KINDS", ["fgd"], None),
        (
            "reports",
            "INOVDA_REPORTS",
            "IMPORT_DEFAULT_STATUS_BY_STAGE",
            {"inisiatif": "draft"},
            ("uji_coba", "trial"),
        ),
    ],
)
def test_every_app_reads_its_settings_with_the_one_rule(
    settings, app, setting, name, override, expected
):
    conf = importlib.import_module(f"inovda.{app}.conf")
    assert isinstance(conf.app_settings, AppSettings)
    assert conf.app_settings.setting_name == setting
    setattr(settings, setting, {name: override})
    value = conf.get(name)
    if expected is None:
        assert value == override
    else:  # a dictionary: the override merged into the default
        key, kept = expected
        assert value[key] == kept and all(value[k] == v for k, v in override.items())
