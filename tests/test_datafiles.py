"""The shared reader of YAML data files: typed errors naming the file, and extensions that only add."""

from __future__ import annotations

import pytest

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import SettingsError


def test_a_user_file_appends_to_lists_and_merges_mappings_at_any_depth() -> None:
    base = {"cues": ["said"], "kinds": {"killed": ["died"], "wounded": ["hurt"]}, "limit": 3}
    extra = {"cues": ["told"], "kinds": {"killed": ["perished"]}, "limit": 5}
    assert extend(base, extra) == {
        "cues": ["said", "told"], "kinds": {"killed": ["died", "perished"], "wounded": ["hurt"]}, "limit": 5,
    }
    assert base["cues"] == ["said"]  # the packaged data is not changed in place


def test_bad_yaml_and_non_mappings_raise_the_callers_error_naming_the_file() -> None:
    with pytest.raises(SettingsError, match="mine.yaml is not valid YAML"):
        parse_mapping("cues: [said", "mine.yaml", SettingsError)
    with pytest.raises(SettingsError, match="mine.yaml must be a mapping"):
        parse_mapping("- said\n- told\n", "mine.yaml", SettingsError)
    assert parse_mapping("", "empty.yaml", SettingsError) == {}


def test_every_packaged_data_file_is_a_mapping() -> None:
    for name in ("extraction.yaml", "numbers.yaml", "times.yaml", "clutter.yaml", "reconcile.yaml", "conflicts.yaml"):
        assert parse_mapping(packaged_text(name), name, SettingsError)
