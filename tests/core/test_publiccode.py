"""publiccode.yml describes this software truthfully: the licence it names is the one in
pyproject.toml and its full text is LICENSE; its version is the project's; every address
in it is a page of the repository it names."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _load():
    code = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return code, project


def _urls(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _urls(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _urls(value, f"{path}[{i}]")
    elif isinstance(node, str) and node.startswith(("http://", "https://")):
        yield path, node


def test_the_licence_is_named_alike_and_its_text_is_in_license():
    code, project = _load()
    assert code["legal"]["license"] == project["license"] == "AGPL-3.0-or-later"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007")
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "either version 3 of the License, or (at your option) any later version" in text
    assert len(text) > 30_000  # the whole licence, not a pointer to it


def test_version_platforms_and_addresses_agree():
    code, project = _load()
    assert code["publiccodeYmlVersion"] == "0.4"
    assert code["softwareVersion"] == project["version"]
    python = next(d for d in code["dependsOn"]["open"] if d["name"] == "Python")
    assert project["requires-python"] == f">={python['versionMin']}"
    repository = code["url"].rstrip("/")
    for path, url in _urls(code):
        assert url == repository or url.startswith(repository + "/"), (path, url)
    assert set(code["description"]) == set(code["localisation"]["availableLanguages"])
