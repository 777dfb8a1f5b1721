"""The YAML data files (lexicons, rules, calendars): the packaged copy and users' extensions.

Every loader reads a mapping, reports a bad file with its own typed error, and lets a user file
only add to the packaged one: lists are appended and mappings merged.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml


def packaged_text(name: str) -> str:
    """The text of a data file shipped in `claimledger/data`."""
    return resources.files("claimledger").joinpath("data", name).read_text(encoding="utf-8")


def parse_mapping(text: str, name: str, error: type[Exception]) -> dict[str, Any]:
    """A YAML mapping (an empty file is an empty one), or `error` naming the file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{name} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(f"{name} must be a mapping of names to values")
    return data


def extend(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `extra` added: lists appended, mappings merged, anything else replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        elif isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = extend(old, value)
        else:
            merged[key] = value
    return merged
