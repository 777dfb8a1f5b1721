"""The YAML data files (lexicons, rules, calendars): the packaged copy and users' extensions.

Every loader reads a mapping, reports a bad file with its own typed error, and merges a user's
file into the packaged one by the one rule of `extend`.

The merge rule, the same for every data file (extraction, numbers, times, clutter and clean
rules, reconcile rules, actors, places, conflicts):

- a mapping in the user file merges into the packaged mapping of the same key, key by key, at
  any depth;
- a list in the user file is appended to the packaged list of the same key; items the list
  already holds are not added again;
- anything else replaces the packaged value: a scalar (a number, a string, true/false, null),
  or a value whose type differs from the packaged one (a list where a mapping was).

So a user file can add words and entries and change settings, but cannot remove a packaged
word. Record files (actors, places, conflicts) are lists of records under one key, so a user's
records are added to the packaged ones; actors with the same id merge like mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it: the same documents, read several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def packaged_text(name: str) -> str:
    """The text of a data file shipped in `claimledger/data`."""
    return resources.files("claimledger").joinpath("data", name).read_text(encoding="utf-8")


def parse_mapping(text: str, name: str, error: type[Exception]) -> dict[str, Any]:
    """A YAML mapping (an empty file is an empty one), or `error` naming the file."""
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{name} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(f"{name} must be a mapping of names to values")
    return data


def extend(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with the user's `extra` merged in by the module's rule; neither is changed."""
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = merge_value(merged[key], value) if key in merged else value
    return merged


def merge_value(old: Any, new: Any) -> Any:
    """One value of a user file merged into the packaged one: mappings merge recursively, lists
    append the items they lack, anything else is replaced by the user's value."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return extend(old, new)
    if isinstance(old, list) and isinstance(new, list):
        appended = list(old)
        for item in new:
            if item not in appended:
                appended.append(item)
        return appended
    return new
