"""The extractors by language: which one reads an article, by the language the clean stage stored.

`REGISTRY` maps a language code to a factory of its extractor; English is the spaCy `Extractor`
and also reads articles whose language is undetermined (short or ambiguous text), as every
article was read before detection. An article in a language with no extractor yields no claims
(never junk): `claimledger.languages.extraction_note` says why wherever it is shown.
`claimledger.languages.EXTRACTED` lists the same languages for the layers that must not load an
extractor to say so (the store, the web pages); a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from claimledger.extract.extractor import Extractor
from claimledger.languages import UNDETERMINED
from claimledger.model import Article, Claim
from claimledger.settings import Settings

ENGLISH = "en"


class LanguageExtractor(Protocol):
    version: str

    def extract_many(self, articles: Sequence[Article]) -> list[list[Claim]]: ...


Factory = Callable[[Settings], LanguageExtractor]


def _slavic(language: str) -> Factory:
    def build(settings: Settings) -> LanguageExtractor:
        from claimledger.extract.slavic import SlavicExtractor
        from claimledger.extract.slavic.lexicon import lexicon_file

        user: Path | None = settings.lexicon_file(lexicon_file(language))
        return SlavicExtractor(language, [user] if user else [])

    return build


# The languages other than English that have an extractor (English's needs the loaded spaCy
# resources and is passed in).
REGISTRY: dict[str, Factory] = {"ru": _slavic("ru"), "uk": _slavic("uk")}


class Extractors:
    """Every article to the extractor of its language; extractors are built on first use."""

    def __init__(self, english: Extractor, settings: Settings, registry: dict[str, Factory] | None = None) -> None:
        self.english = english
        self.settings = settings
        self.registry = REGISTRY if registry is None else registry
        self._built: dict[str, LanguageExtractor] = {}

    @property
    def languages(self) -> frozenset[str]:
        return frozenset({ENGLISH, *self.registry})

    def for_language(self, language: str | None) -> LanguageExtractor | Extractor | None:
        """The extractor that reads `language`, or None when none does."""
        if language is None or language in (ENGLISH, UNDETERMINED):
            return self.english
        if language not in self.registry:
            return None
        if language not in self._built:
            self._built[language] = self.registry[language](self.settings)
        return self._built[language]

    def extract(self, article: Article) -> list[Claim]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[Article]) -> list[list[Claim]]:
        """The claims of each article, in order; each language's articles go to its extractor
        in one batch (the English ones in one spaCy batch, as before)."""
        out: list[list[Claim]] = [[] for _ in articles]
        groups: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            language = article.metadata.language
            key = ENGLISH if language in (None, UNDETERMINED) else language
            groups.setdefault(key, []).append(i)
        for language, indices in groups.items():
            extractor = self.for_language(language)
            if extractor is None:
                continue  # no extractor: stored and flagged, no claims
            for i, claims in zip(indices, extractor.extract_many([articles[i] for i in indices]), strict=True):
                out[i] = claims
        return out
