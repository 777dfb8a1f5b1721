"""The analysis components of the extract stage, registered with what they need and assign.

They run in the order below over a batch of articles (so that the spaCy pass parses every
article's candidate sentences in one batch) and together produce one `ArticleAnalysis` per
article. The rules that run afterwards, sentence by sentence in the extractor's walk, read
tokens too: they are declared at the end so that the needs check covers them.

The needs check runs when an `Analyser` is built (once per process, with the Extractor): a
need the loaded pipeline does not meet is a NeedsNotMet error naming component and attribute.
`token.lemma` is tolerated while the pipeline loads no lemmatizer (extract/nlp.py excludes it):
the check reports it as a warning, and the rules that test `lemma_` read an empty lemma.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from claimledger.analyse.components import Registry, UnmetNeed, pipeline_assigns
from claimledger.extract.analysis import ArticleAnalysis, SentenceAnalysis
from claimledger.extract.attribution import AttributionFinder
from claimledger.extract.gate import split_article, wants_parse
from claimledger.extract.resources import Resources
from claimledger.extract.statements import hedged
from claimledger.extract.voice import document_issuer
from claimledger.model import Article
from claimledger.extract.tokens import between

log = logging.getLogger(__name__)
_T = TypeVar("_T")

Batch = list[ArticleAnalysis]
Step = Callable[[Batch], Batch]
COMPONENTS: Registry[Resources, Batch] = Registry()
# Needs tolerated (reported, not fatal) and why: remove an entry once the pipeline meets it.
# Needs that may go unmet with a logged note instead of an error: none (lemmas come from TagRules).
TOLERATED: dict[str, str] = {}
PARSE = ("token.dep", "token.head", "token.tag", "token.pos")


_FIELDS: dict[type, tuple[str, ...]] = {}
_NAMES: dict[type, frozenset[str]] = {}
_set = object.__setattr__


def evolve(value: _T, **changes: object) -> _T:
    """`dataclasses.replace` for the analysis' frozen dataclasses (no __post_init__, no
    init-only fields): the fields copied as they are, the changed ones set. It runs several times
    per sentence, where replace's per-call reading of the class's fields costs more than the copy."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))  # type: ignore[arg-type]
        _NAMES[kind] = frozenset(names)
    if not _NAMES[kind].issuperset(changes):
        raise TypeError(f"{kind.__name__} has no field {sorted(set(changes) - _NAMES[kind])}")
    new = object.__new__(kind)
    for name in names:
        _set(new, name, changes[name] if name in changes else getattr(value, name))
    return new


def per_sentence(
    fill: Callable[[ArticleAnalysis, SentenceAnalysis], SentenceAnalysis], parsed_only: bool = False
) -> Step:
    """A step that fills each sentence of each article (each parsed one, if `parsed_only`)."""

    def step(batch: Batch) -> Batch:
        return [
            evolve(
                a,
                sentences=tuple(
                    s if parsed_only and s.doc is None else fill(a, s) for s in a.sentences
                ),
            )
            for a in batch
        ]

    return step


@COMPONENTS.factory("sentences", assigns=("sentences",))
def sentences(resources: Resources) -> Step:
    """The article's sentences (datelines and entry stamps cut off), then its cited titles."""
    lexicon = resources.lexicon
    return lambda batch: [evolve(a, sentences=tuple(split_article(a.article, lexicon))) for a in batch]


@COMPONENTS.factory("numbers", needs=("sentences",), assigns=("numbers",))
def numbers(resources: Resources) -> Step:
    finder = resources.numbers
    return per_sentence(lambda a, s: evolve(s, numbers=tuple(finder.find(s.text))))


@COMPONENTS.factory("parse", needs=("sentences", "numbers"), assigns=("docs",))
def parse(resources: Resources) -> Step:
    """The spaCy pass over the sentences that may carry a claim, all articles in one batch."""

    def step(batch: Batch) -> Batch:
        candidates = [s for a in batch for s in a.sentences if wants_parse(s, resources.lexicon)]
        docs = dict(zip(map(id, candidates), resources.parse(s.text for s in candidates), strict=True))
        return per_sentence(lambda a, s: evolve(s, doc=docs[id(s)]) if id(s) in docs else s)(batch)

    return step


@COMPONENTS.factory("places", needs=("sentences", "docs"), assigns=("places", "countries", "sentence places"))
def places(resources: Resources) -> Step:
    """The gazetteer's places in the whole text, the countries they lie in, and those of each
    parsed sentence (taken from the whole text's where its edges allow, else None: rescanned)."""
    gazetteer = resources.places

    def place(a: ArticleAnalysis) -> ArticleAnalysis:
        text = a.article.text
        found = tuple(gazetteer.find(text))
        sentences = tuple(
            s if s.doc is None or s.citation is not None
            else evolve(s, places=gazetteer.find_within(text, found, s.sentence.start, s.sentence.end))
            for s in a.sentences
        )
        return evolve(
            a, places=found, countries=Counter(m.place.country for m in found if m.place.country), sentences=sentences
        )

    return lambda batch: [place(a) for a in batch]


@COMPONENTS.factory("issuer", assigns=("issuer",))
def issuer(resources: Resources) -> Step:
    """Who speaks as "we": a statement's or report's issuer."""
    return lambda batch: [
        evolve(a, issuer=document_issuer(a.article, resources.lexicon, resources.kb)) for a in batch
    ]


@COMPONENTS.factory("times", needs=("docs",), assigns=("times",))
def times(resources: Resources) -> Step:
    """The time expressions of each parsed sentence, resolved against the article's date."""
    resolver = resources.times
    return per_sentence(
        lambda a, s: evolve(s, times=tuple(resolver.find(s.text, a.published))), parsed_only=True
    )


@COMPONENTS.factory(
    "attribution", needs=("docs", "numbers", *PARSE, "token.lemma"), assigns=("attributions",)
)
def attribution(resources: Resources) -> Step:
    """Who each parsed sentence says reports its figures, before context resolves pronouns."""
    finder = AttributionFinder(resources.lexicon, resources.kb)

    def read(a: ArticleAnalysis, s: SentenceAnalysis) -> SentenceAnalysis:
        assert s.doc is not None
        anchors = [t.i for n in s.numbers for t in between(s.doc, n.number_start, n.number_end)]
        return evolve(s, attribution=finder.find(s.doc, anchors))

    return per_sentence(read, parsed_only=True)


@COMPONENTS.factory("modality", needs=("docs",), assigns=("hedged",))
def modality(resources: Resources) -> Step:
    """A hedge in each parsed sentence ("reportedly", "believed to", "claims")."""
    lexicon = resources.lexicon
    return per_sentence(lambda a, s: evolve(s, hedged=hedged(s.text, lexicon)), parsed_only=True)


# The rules of the extractor's walk that read the parse.
COMPONENTS.declare("kind rules", needs=("docs", "numbers", *PARSE))
COMPONENTS.declare("actor rules", needs=("docs", "attributions", *PARSE))
COMPONENTS.declare("place rules", needs=("docs", "places", "sentence places", "attributions", *PARSE, "token.lemma"))
COMPONENTS.declare("time rules", needs=("docs", "times", "attributions", *PARSE, "token.lemma"))


class Analyser:
    """Runs the registered components over a batch of articles, once their needs are checked."""

    def __init__(self, resources: Resources, registry: Registry[Resources, Batch] = COMPONENTS) -> None:
        provided = pipeline_assigns(resources.nlp, resources.tags)
        self.tolerated: list[UnmetNeed] = registry.require(provided, tolerated=TOLERATED)
        for unmet in self.tolerated:
            log.info("%s (tolerated: %s)", unmet, TOLERATED[unmet.attribute])
        self.steps = [step for _, step in registry.build(resources)]

    def analyse_many(self, articles: Sequence[Article]) -> Batch:
        batch = [ArticleAnalysis(a) for a in articles]
        for step in self.steps:
            batch = step(batch)
        return batch
