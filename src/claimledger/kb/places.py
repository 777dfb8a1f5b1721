"""The gazetteer: place names in conflict reporting, resolved to a country and coordinates.

Its records and name index are built from packaged data by `claimledger.kb.place_index`.
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

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from claimledger.kb.countries import COUNTRIES_FILE
from claimledger.kb.matching import AliasIndex, Match, Token, dot_joins, gc_paused, scan, tokenize, word_set
from claimledger.kb.place_index import (
    ALTERNATE_NAME_POPULATION,
    PLACE_KINDS,
    PLACES_FILE,
    PlaceRecord,
    Records,
    build_index,
    usable_alternate,
)
from claimledger.model import Place

__all__ = ["PLACE_KINDS", "PLACES_FILE", "Gazetteer", "PlaceMention", "PlaceRecord"]

FUZZY_CUTOFF = 90.0
RESOLVED_CACHE = 20_000  # names remembered by resolve_record: a few MB at most
RESOLVED_LENGTH = 80  # only names and phrases are remembered, not longer texts

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
# The same, filed under their first word (in the same order: the longest first).
_SUFFIXES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(suffix for suffix in _SUFFIXES if suffix[0] == first) for first in {s[0] for s in _SUFFIXES}
}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in a text, with offsets into that text."""

    start: int
    end: int
    text: str
    place: Place


class Gazetteer:
    """Place names for resolving a location phrase and for finding places in a sentence."""

    def __init__(
        self,
        records: Records,
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
        self._resolved: dict[str, PlaceRecord | None] = {}

    @classmethod
    def load(
        cls,
        extra: Sequence[Path] = (),
        countries_file: Path = COUNTRIES_FILE,
        places_file: Path = PLACES_FILE,
    ) -> Gazetteer:
        """The packaged gazetteer plus user files in the places.yaml format (later files win)."""
        built = build_index(extra, countries_file, places_file)
        return cls(built.records, built.index, built.alternates, built.stoplist)

    def __len__(self) -> int:
        return len(self._records)

    def resolve(self, text: str) -> Place | None:
        """The place a location phrase names: "Kursk region", "the Kursk border area",
        "al-Fashir", "Gaza City", "Russia"; None when nothing fits."""
        record = self.resolve_record(text)
        return record.place if record else None

    def resolve_record(self, text: str) -> PlaceRecord | None:
        """Like resolve(), with the kind, ISO code and population of the place."""
        # The same few names are resolved over and over (every claim's place is ranked by its
        # level): remembered per text, up to a bound.
        if len(text) > RESOLVED_LENGTH:
            return self._resolve_record(text)
        cache = self._resolved
        if text in cache:
            return cache[text]
        if len(cache) >= RESOLVED_CACHE:
            cache.clear()
        record = cache[text] = self._resolve_record(text)
        return record

    def _resolve_record(self, text: str) -> PlaceRecord | None:
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

    def find_within(
        self, text: str, mentions: Sequence[PlaceMention], start: int, end: int
    ) -> tuple[PlaceMention, ...] | None:
        """What find(text[start:end]) returns, taken from `mentions` (find(text), in order)
        where that is certain to give the same, with offsets into the piece; None where the
        piece's edges could change a match, so the caller scans the piece itself."""
        if not (_cut_at(text, start) and _cut_at(text, end)):
            return None
        out: list[PlaceMention] = []
        for mention in mentions:
            if mention.end <= start:
                continue
            if mention.start >= end:
                break
            if mention.start < start or mention.end > end:
                return None
            out.append(PlaceMention(mention.start - start, mention.end - start, mention.text, mention.place))
        return tuple(out)

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

    def warm(self) -> None:
        """Build the indexes made on first need (geonames' other spellings, the fuzzy keys) now:
        in a process about to fork workers they are then built once and shared, not once per
        worker in the middle of its first articles."""
        self._alternate_index()
        self._fuzzy_keys()

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
                        if usable_alternate(name, primary):
                            alternates.add(name, i, priority)
            self._alternates = alternates
        return self._alternates

    def _fuzzy_keys(self) -> tuple[list[str], list[int]]:
        """The well-known places' keys a close spelling is matched against (built on first need)."""
        if self._fuzzy is None:
            keys: dict[str, int] = {}
            for key, i in self._index.best_values():
                record = self._records[i]
                if record.kind != "city" or record.population >= ALTERNATE_NAME_POPULATION:
                    keys.setdefault(" ".join(key), i)
            self._fuzzy = (list(keys), list(keys.values()))
        return self._fuzzy

    def _fuzzy_record(self, name: str) -> PlaceRecord | None:
        """A close spelling of a well-known place ("Zaporozhye", "Mariupol'")."""
        query = " ".join(t.key for t in tokenize(name))
        if len(query) < 5:
            return None
        keys_list, ids = self._fuzzy_keys()
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


_WORD_CHAR = re.compile(r"[^\W_]")
_NOT_WORD_CHAR = re.compile(r"[\W_]")
# What may stand between two words that find() reads together: spaces, hyphens, apostrophes
# (names, type words, runs of capitals) and a comma ("(Gardner, 2025)").
_APOSTROPHES = "'’ʼ`´"
_JOINING = re.compile(r"[ \t\u00a0\-‐‑–,'’ʼ`´]*")
_DOT_STOP = re.compile(r"\.[ \t\u00a0]*")


def _cut_at(text: str, at: int) -> bool:
    """Whether find() reads the words before `at` and the words from it apart, so that it finds
    the same in the text and in the pieces cut there: between the last word before `at` and the
    first from it stands something besides spaces, hyphens, apostrophes and commas (a line
    break, a full stop not after an abbreviation or an initial, a dash, a bracket), no "(" just
    before `at` nor ")" just after it (as in "(Gardner, 2025)", read as a citation), and neither
    word is a possessive "s" (which the whole text drops)."""
    if at <= 0 or at >= len(text):
        return True
    if text[at - 1] == "(" or text[at] == ")":
        return False
    after = _WORD_CHAR.search(text, at)
    first = after.start() if after is not None else len(text)
    last = at
    while last > 0 and _NOT_WORD_CHAR.match(text, last - 1):
        last -= 1
    if last == 0 or first == len(text):
        return True
    word = last
    while word > 0 and _WORD_CHAR.match(text, word - 1):
        word -= 1
    before = text[word:last]
    if before in ("s", "S") and word > 0 and text[word - 1] in _APOSTROPHES:
        return False  # a possessive "s" is no word: the name before it is
    gap = text[last:first]
    if _JOINING.fullmatch(gap) or (_DOT_STOP.fullmatch(gap) and dot_joins(before)):
        return False
    lone_s = text[first] in "sS" and not _WORD_CHAR.match(text, first + 1)
    return not (lone_s and first - at < 2)


def _suffix_after(text: str, tokens: Sequence[Token], j: int) -> tuple[int, tuple[str, ...] | None]:
    """The end of the mention with a type word starting at token j, and that word."""
    end = tokens[j - 1].end
    if j >= len(tokens):
        return end, None
    for suffix in _SUFFIXES_BY_FIRST.get(tokens[j].key, ()):
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
