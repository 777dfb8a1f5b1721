"""Everything heavy the extract stage needs, loaded once per process and passed in."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberFinder, NumberLexicon
from claimledger.analyse.times import TimeLexicon, TimeResolver
from claimledger.extract.calibration import CALIBRATION_FILE, Calibration, Confidence
from claimledger.extract.conflicts import ConflictCalendar
from claimledger.extract.lexicon import LEXICON_FILE, ExtractionLexicon
from claimledger.extract.nlp import TagRules, load_pipeline
from claimledger.extract.tokens import keep_text
from claimledger.kb import Gazetteer, KnowledgeBase
from claimledger.settings import Settings


@dataclass(frozen=True)
class Resources:
    """Everything heavy the extractor needs, loaded once per process and passed in."""

    nlp: Language
    numbers: NumberFinder
    times: TimeResolver
    kb: KnowledgeBase
    places: Gazetteer
    lexicon: ExtractionLexicon
    conflicts: ConflictCalendar
    tags: TagRules | None = None  # the attribute ruler's rules, when they replace the ruler
    calibration: Confidence | None = None  # a figure's evidence -> its confidence; None keeps the raw score

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Parsed Docs with tags, dependencies and coarse POS, one per text."""
        for doc, text in self.nlp.pipe(((text, text) for text in texts), as_tuples=True):
            # spaCy's Doc keeps every character of its text: the rules read the text as given
            # instead of joining the tokens again (`doc.text`)
            keep_text(doc, text)
            yield self.tags(doc) if self.tags is not None else doc

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        extra = Path(settings.lexicon_dir) if settings.lexicon_dir else None

        def user(name: str) -> list[Path]:
            path = extra / name if extra else None
            return [path] if path and path.is_file() else []

        nlp = load_pipeline(settings.spacy_model)
        resources = cls(
            nlp=nlp,
            tags=TagRules.take_over(nlp),
            numbers=NumberFinder(NumberLexicon.load(next(iter(user("numbers.yaml")), None))),
            times=TimeResolver(TimeLexicon.load(next(iter(user("times.yaml")), None))),
            kb=KnowledgeBase.load(user("actors.yaml")),
            places=Gazetteer.load(user("places.yaml")),
            lexicon=ExtractionLexicon.load(user(LEXICON_FILE)),
            conflicts=ConflictCalendar.load(user("conflicts.yaml")),
            calibration=Calibration.load(next(iter(user(CALIBRATION_FILE)), None)),
        )
        # The model, lexicons and indexes (some 300,000 objects) live as long as the process:
        # out of the cyclic collector's sight, its collections during extraction stay small.
        gc.collect()
        gc.freeze()
        return resources
