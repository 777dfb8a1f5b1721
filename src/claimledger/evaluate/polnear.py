"""Attribution scored on PolNeAR (`claimledger eval-polnear`): real news with hand-annotated
attributions, each a Source who says or thinks (Cue) some Content.

- `parse_ann` reads one brat standoff file (`T` spans, `E` lines tying Source, Cue and Content);
  `load_split` reads a split folder (`text/NAME.txt`, `attributions/NAME_ANNOTATOR.ann`).
- `score_article` scores what the extractor did with one article, in the article file's own
  character offsets:
    1. numbers inside an annotated Content span: does the claim get an origin at all;
    2. of those whose annotated Source is named (or is a pronoun resolved to a named mention
       before it), does the origin name it (word overlap, as `claimledger eval` scores source);
    3. numbers outside every Content span: are they left to the article (no origin);
    4. the attribution component on its own: its source and cue spans against every annotated
       attribution (precision, recall and F1, exact and overlapping).
  "Numbers" are the extractor's numeric claims: dates, years and durations are not claims (the
  extractor skips them, as the gold conventions do), so they are not counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.evaluate.polnear_report import (
    ArticleResult,
    NumberResult,
    SpanCounts,
    SpanMiss,
)

Piece = tuple[int, int]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t", re.MULTILINE)
_E_LINE = re.compile(r"^(E\d+)\t(.*)$", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

PRONOUNS = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "himself",
    "herself", "themselves", "itself", "one",
})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
# Words that say nothing about who is speaking: dropped before names are compared, and never
# evidence that a Source is named ("the President", "Sources said").
_FUNCTION_WORDS = frozenset({
    "the", "a", "an", "of", "and", "to", "in", "on", "at", "for", "by", "from", "with", "his",
    "her", "their", "its", "our", "my", "your", "this", "that", "these", "those", "some", "many",
    "most", "both", "all", "few", "several", "other", "others", "another", "former", "s",
})
_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "vice", "secretary", "gen", "general", "speaker", "chairman", "chairwoman",
    "judge", "justice", "director", "mayor", "candidate", "nominee", "leader", "minister",
    "attorney", "sheriff", "chief", "rev", "reverend", "prof", "professor", "lt", "col", "adm",
})
_PREPOSITIONS = frozenset({"by", "for", "of", "at", "from", "with", "in", "on"})
_CORE_END = re.compile(r",|\s(?:who|which|that)\b")
_GENERIC = frozenset({
    "source", "sources", "official", "officials", "aide", "aides", "expert", "experts",
    "analyst", "analysts", "critic", "critics", "supporter", "supporters", "voter", "voters",
    "people", "observers", "report", "reports", "poll", "polls", "adviser", "advisers",
    "spokesman", "spokeswoman", "spokesperson", "survey", "study", "data", "documents",
})


@dataclass(frozen=True, slots=True)
class AnnotatedSpan:
    """One `T` line: a labelled span, possibly in several pieces, with the text it covers."""

    id: str
    label: str
    pieces: tuple[Piece, ...]
    text: str

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def contains(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.pieces)

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.pieces)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One `E` line: who (source, absent for "Attribution-no-source") says what (content)."""

    id: str
    cue: AnnotatedSpan | None
    source: AnnotatedSpan | None
    content: tuple[AnnotatedSpan, ...]


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    published: dt.date | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class NumberCredit:
    """A numeric claim of the extractor, in the article file's offsets, and whom it credits."""

    start: int
    end: int
    number_text: str
    origin: str | None
    attributed_to: str | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class PredictedAttribution:
    """What the attribution component found in one sentence, in the article file's offsets
    (a span is None where its words could not be placed)."""

    origin: str
    cue: str
    source: Piece | None
    cue_span: Piece | None


@dataclass(frozen=True, slots=True)
class SourceName:
    """Who an annotated Source names: `status` is named, resolved (a pronoun whose antecedent
    is named), unresolved (a pronoun left without one) or unnamed ("a source", "officials")."""

    status: str
    name: str | None = None

    @property
    def named(self) -> bool:
        return self.status in ("named", "resolved")


# ---------------------------------------------------------------- reading the annotations


def parse_ann(ann: str, text: str) -> tuple[GoldAttribution, ...]:
    """The attributions of one .ann file; span texts are read from `text` by their offsets
    (the .ann copy of a span that crosses a line break runs over several lines)."""
    spans: dict[str, AnnotatedSpan] = {}
    for m in _T_LINE.finditer(ann):
        pieces = tuple(
            (int(s), int(e)) for s, e in (p.split() for p in m.group(3).split(";"))
        )
        covered = " ".join(text[s:e] for s, e in pieces)
        spans[m.group(1)] = AnnotatedSpan(m.group(1), m.group(2), pieces, covered)
    attributions = []
    for m in _E_LINE.finditer(ann):
        roles: dict[str, list[AnnotatedSpan]] = {}
        for part in m.group(2).split():
            role, _, ref = part.partition(":")
            if ref in spans:
                roles.setdefault(role.rstrip("0123456789"), []).append(spans[ref])
        attributions.append(GoldAttribution(
            id=m.group(1),
            cue=next(iter(roles.get("Cue", ())), None),
            source=next(iter(roles.get("Source", ())), None),
            content=tuple(roles.get("Content", ())),
        ))
    return tuple(attributions)


def load_split(split_dir: Path, limit: int | None = None) -> list[PolnearArticle]:
    """The articles of a split folder that have an annotation file, in name order. Where
    several annotators annotated one article, the first file by name is used."""
    meta = _metadata(split_dir.parent / "metadata.tsv")
    annotations: dict[str, Path] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles = []
    for path in sorted((split_dir / "text").glob("*.txt")):
        ann_path = annotations.get(path.stem)
        if ann_path is None:
            continue
        text = path.read_text(encoding="utf-8")
        published, outlet = meta.get(path.stem, (None, None))
        articles.append(PolnearArticle(
            path.stem, text, parse_ann(ann_path.read_text(encoding="utf-8"), text), published, outlet
        ))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _metadata(path: Path) -> dict[str, tuple[dt.date | None, str | None]]:
    if not path.is_file():
        return {}
    found: dict[str, tuple[dt.date | None, str | None]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                published = dt.date.fromisoformat(row.get("publication_date") or "")
            except ValueError:
                published = None
            found[row.get("filename", "")] = (published, row.get("publisher") or None)
    return found


# ---------------------------------------------------------------- who a Source names


def name_words(text: str) -> set[str]:
    """The words of a name that identify someone: case, possessives, titles, pronouns and
    function words dropped ("Sen. Brandt's campaign" -> {brandt, campaign})."""
    words = set()
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.removesuffix("'s")
        if word not in _FUNCTION_WORDS | _TITLES | PRONOUNS:
            words.add(word)
    return words


def is_named(span_text: str, article_text: str, start: int) -> bool:
    """Does the Source span hold a name: a capitalised word that is no title, pronoun or
    generic noun, and that is not capitalised only because it opens a sentence? A description
    whose capitalised words only qualify a common noun ("the Ohio senator", "Brandt's
    aides") names no one who speaks."""
    core = _CORE_END.split(span_text, maxsplit=1)[0]
    words = _WORD.findall(core)
    if words and words[-1][0].islower() and not any(w.lower() in _PREPOSITIONS for w in words):
        return False
    for m in _WORD.finditer(span_text):
        word = m.group(0)
        lower = word.lower().replace("’", "'").removesuffix("'s")
        if not word[0].isupper() or lower in _FUNCTION_WORDS | _TITLES | PRONOUNS | _GENERIC:
            continue
        position = start + m.start()
        opens = not article_text[:position].rstrip(" \t\"“‘'(") or article_text[:position].rstrip(
            " \t\"“‘'("
        )[-1] in ".!?\n:"
        if opens and re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", article_text):
            continue  # "Voters said": the word also appears in lower case; not a name
        return True
    return False


def source_names(article: PolnearArticle) -> dict[str, SourceName]:
    """Who each attribution's Source names, keyed by attribution id. A pronoun takes the
    nearest named Source that ends before it; a relative pronoun ("..., who said") the run
    of capitalised words just before it, else the same."""
    sources = sorted(
        (a.source.start, a.id, a.source) for a in article.attributions if a.source is not None
    )
    named: list[tuple[int, str]] = []  # (end, text) of named Sources so far, in text order
    found: dict[str, SourceName] = {}
    for start, ident, span in sources:
        words = [w.lower() for w in _WORD.findall(span.text)]
        if is_named(span.text, article.text, start):
            found[ident] = SourceName("named", span.text)
            named.append((span.end, span.text))
            continue
        if words and all(w in PRONOUNS | RELATIVE_PRONOUNS | POSSESSIVES for w in words):
            antecedent = None
            if words[-1] in RELATIVE_PRONOUNS:
                antecedent = _name_before(article.text, start)
            if antecedent is None:
                antecedent = next((t for end, t in reversed(named) if end <= start), None)
            found[ident] = SourceName("resolved", antecedent) if antecedent else SourceName("unresolved")
            continue
        found[ident] = SourceName("unnamed", span.text)
    return found


_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*,?\s*$")


def _name_before(text: str, start: int) -> str | None:
    m = _NAME_BEFORE.search(text[max(0, start - 80) : start])
    if m is None or not name_words(m.group(1)):
        return None
    return m.group(1)


# ---------------------------------------------------------------- scoring one article


def innermost_content(article: PolnearArticle, start: int, end: int) -> GoldAttribution | None:
    """The attribution whose Content holds the characters, the shortest if they nest."""
    holding = [
        (span.length, a.id, a) for a in article.attributions for span in a.content
        if span.contains(start, end)
    ]
    return min(holding, key=lambda h: (h[0], h[1]))[2] if holding else None


def origin_matches(origin: str | None, name: str | None) -> bool:
    if origin is None or name is None:
        return False
    return bool(name_words(origin) & name_words(name))


def score_article(
    article: PolnearArticle,
    numbers: Sequence[NumberCredit],
    predicted: Sequence[PredictedAttribution],
) -> ArticleResult:
    names = source_names(article)
    results = []
    for number in numbers:
        gold = innermost_content(article, number.start, number.end)
        source = names.get(gold.id) if gold is not None else None
        results.append(NumberResult(
            start=number.start,
            end=number.end,
            number_text=number.number_text,
            kind=number.kind,
            predicted=number.attributed_to,
            attribution=gold.id if gold is not None else None,
            gold_source=gold.source.text if gold is not None and gold.source is not None else None,
            source_status=source.status if source is not None else ("none" if gold else None),
            source_name=source.name if source is not None and source.named else None,
            matched=origin_matches(number.origin, source.name) if source and source.named else None,
        ))
    gold_sources = _unique(a.source.pieces for a in article.attributions if a.source is not None)
    gold_cues = _unique(a.cue.pieces for a in article.attributions if a.cue is not None)
    source_spans = [(p.source,) if p.source else () for p in predicted]
    cue_spans = [(p.cue_span,) if p.cue_span else () for p in predicted]
    return ArticleResult(
        name=article.name,
        numbers=tuple(results),
        sources=_span_counts(gold_sources, source_spans, article.text),
        cues=_span_counts(gold_cues, cue_spans, article.text),
        attributions=len(article.attributions),
    )


def _unique(pieces: Iterable[tuple[Piece, ...]]) -> list[tuple[Piece, ...]]:
    return sorted(set(pieces))


def _span_counts(
    gold: Sequence[tuple[Piece, ...]], predicted: Sequence[tuple[Piece, ...]], text: str
) -> SpanCounts:
    """Exact and overlapping matches, one to one, of predicted spans against gold spans. A
    prediction whose words could not be placed (an empty tuple) matches nothing."""
    exact = _one_to_one(gold, predicted, lambda g, p: _trimmed(g, text) == _trimmed(p, text))
    overlap = _one_to_one(gold, predicted, _overlaps)
    misses = tuple(
        SpanMiss("missed", _show(g, text)) for i, g in enumerate(gold) if i not in {gi for gi, _ in overlap}
    ) + tuple(
        SpanMiss("extra", _show(p, text)) for i, p in enumerate(predicted)
        if i not in {pi for _, pi in overlap}
    )
    return SpanCounts(
        gold=len(gold), predicted=len(predicted), exact=len(exact), overlap=len(overlap), misses=misses
    )


def _one_to_one(
    gold: Sequence[tuple[Piece, ...]],
    predicted: Sequence[tuple[Piece, ...]],
    same: Callable[[tuple[Piece, ...], tuple[Piece, ...]], bool],
) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(predicted):
        if not p:
            continue
        for gi, g in enumerate(gold):
            if gi not in used and same(g, p):
                used.add(gi)
                pairs.append((gi, pi))
                break
    return pairs


def _overlaps(a: tuple[Piece, ...], b: tuple[Piece, ...]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _trimmed(pieces: tuple[Piece, ...], text: str) -> tuple[Piece, ...]:
    """The pieces without white space or punctuation at their edges."""
    out = []
    for s, e in pieces:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        out.append((s, e))
    return tuple(out)


def _show(pieces: tuple[Piece, ...], text: str) -> str:
    return " … ".join(text[s:e] for s, e in pieces) if pieces else "(not placed)"


__all__ = [
    "AnnotatedSpan",
    "GoldAttribution",
    "NumberCredit",
    "PolnearArticle",
    "PredictedAttribution",
    "SourceName",
    "innermost_content",
    "load_split",
    "name_words",
    "origin_matches",
    "parse_ann",
    "score_article",
    "source_names",
]
