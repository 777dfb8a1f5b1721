"""The per-document stages, in order: clean -> date -> extract, and the chunk function executors run.

`Pipeline` holds the heavy resources (spaCy, lexicons, gazetteers), created once per process
(or per worker) and passed to the stages. `process_chunk` is what every executor maps over
chunks of documents: it cleans and dates each document, then extracts the claims of all that
survived, each by the extractor of its language (`claimledger.extract.languages`; the English
ones in one spaCy batch).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from claimledger.analyse.times import TimeLexicon, TimeResolver
from claimledger.clean import CleanError, CleanRules, clean
from claimledger.errors import RejectedInput
from claimledger.extract import Extractor, Resources
from claimledger.extract.languages import Extractors
from claimledger.ingest.guard import reason_for
from claimledger.languages import load_detector
from claimledger.model import Article, Claim, Document, Rejection
from claimledger.reconcile.scene import share_knowledge_base
from claimledger.settings import Settings


class Pipeline:
    """Everything needed to turn a Document into an Article and its claims."""

    def __init__(self, settings: Settings, resources: Resources | None = None) -> None:
        self.settings = settings
        # The clean stage reads month names from the time lexicon: a user's times.yaml reaches it too.
        calendar = TimeLexicon.load(settings.lexicon_file("times.yaml"))
        self.rules = CleanRules.load(settings.lexicon_file("clutter.yaml"), calendar)
        self._resources = resources
        self._extractor: Extractor | None = None
        self._extractors: Extractors | None = None

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            self._resources = Resources.load(self.settings)
        return self._resources

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(self.resources)
        return self._extractor

    def load(self) -> Pipeline:
        """Load what the stages read (spaCy, the lexicons, the English test of language detection)
        now, once: before forking workers, or before a benchmark's clock starts. The statistical
        language identifier loads on the first text that is not plainly English."""
        loads_resources = self._resources is None
        _ = self.extractor
        load_detector()
        self.resources.places.warm()  # its lazy indexes too, before any fork
        if loads_resources and self.settings.lexicon_file("actors.yaml") is None:
            # reconcile reads the packaged actors' countries: the extractor holds the very same
            share_knowledge_base(self.resources.kb)
        return self

    @property
    def extractors(self) -> Extractors:
        """The extractor of each article's language: English (`extractor`) and the registry's."""
        if self._extractors is None:
            self._extractors = Extractors(self.extractor, self.settings)
        return self._extractors

    def clean(self, document: Document) -> Article:
        """The clean stage: the document's text and metadata, or RejectedInput saying why not."""
        try:
            return clean(document, self.rules)
        except CleanError as exc:
            raise RejectedInput(str(exc), document.id) from exc

    def date(self, article: Article) -> Article:
        """The dating step between clean and extract (see `date_article`)."""
        return date_article(article, self.resources.times)

    def process(self, document: Document) -> tuple[Article, list[Claim]]:
        article = self.date(self.clean(document))
        return article, self.extractors.extract(article)


def date_article(article: Article, times: TimeResolver) -> Article:
    """Give an undated article the latest date its text allows, marked as inferred."""
    if article.metadata.published is not None:
        return article
    inferred = times.infer_published(article.text)
    if inferred is None:
        return article
    metadata = dataclasses.replace(article.metadata, published=inferred, published_inferred=True)
    return dataclasses.replace(article, metadata=metadata)


@dataclass(frozen=True, slots=True)
class Processed:
    """What became of one document: an article with its claims, or a rejection."""

    document_id: str
    source: str
    article: Article | None
    claims: tuple[Claim, ...]
    rejection: Rejection | None


def process_chunk(pipeline: Pipeline, documents: list[Document]) -> list[Processed]:
    """Clean and date each document, then extract the claims of all that survived in one spaCy
    batch; results in input order, a rejection in place of each document that did not survive.

    This is the boundary's middle part (see `claimledger.ingest.guard`): any error cleaning a
    document rejects that document; an error in the batch extraction has each article extracted
    on its own, so only the one at fault is rejected."""
    cleaned: list[Article | Rejection] = []
    for document in documents:
        try:
            cleaned.append(pipeline.date(pipeline.clean(document)))
        except Exception as exc:
            cleaned.append(Rejection(document.source, reason_for(exc), document.id))
    articles = [a for a in cleaned if isinstance(a, Article)]
    try:
        extracted: list[list[Claim] | Rejection] = list(pipeline.extractors.extract_many(articles))
    except Exception:
        extracted = [_extract_one(pipeline, article) for article in articles]
    claims = iter(extracted)
    out: list[Processed] = []
    for document, item in zip(documents, cleaned, strict=True):
        found = item if isinstance(item, Rejection) else next(claims)
        if isinstance(found, Rejection):
            out.append(Processed(document.id, document.source, None, (), found))
        else:
            assert isinstance(item, Article)
            out.append(Processed(document.id, document.source, item, tuple(found), None))
    return out


def _extract_one(pipeline: Pipeline, article: Article) -> list[Claim] | Rejection:
    try:
        return list(pipeline.extractors.extract(article))
    except Exception as exc:
        return Rejection(article.source, f"extraction failed: {reason_for(exc)}", article.id)
