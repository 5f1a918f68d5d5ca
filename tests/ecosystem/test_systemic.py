"""The "sistemik" badge marks only barrier types that are actually frequent and spread
over agencies, never a rare type that three agencies happened to meet once."""

from inovda.ecosystem.selectors import is_systemic


def test_only_frequent_types_spread_over_agencies_are_systemic():
    assert is_systemic(kind_total=12, agencies=4, all_total=61)
    assert not is_systemic(kind_total=3, agencies=3, all_total=61)  # rare
    assert not is_systemic(kind_total=6, agencies=3, all_total=61)  # under 15 percent
    assert not is_systemic(kind_total=20, agencies=2, all_total=61)  # one or two agencies
    assert is_systemic(kind_total=5, agencies=3, all_total=20)
