"""Which language a document is written in, and whether the extract stage reads that language.

The clean stage stores each article's language (`Metadata.language`) as detected from its text
by py3langid (a kept, offline identifier of 97 languages), falling back to the language the
document declares (front matter, `<html lang>`) when the text is too short or too ambiguous to
tell, and to "und" (undetermined, ISO 639-2) when it declares none.

`EXTRACTED` names the languages an extractor reads (the registry itself is
`claimledger.extract.languages`, which loads the extractors). An article in any other language
is stored with its text, but no claims are extracted from it: `extraction_note` says why, for the
article lists, pages and API.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

UNDETERMINED = "und"
# The languages the extract stage reads; an article whose language is undetermined goes to the
# English extractor, as every article did before detection.
EXTRACTED: frozenset[str] = frozenset({"en", "ru", "uk"})
# Below this many letters the identifier guesses: the declared language is kept instead.
MIN_LETTERS = 24
# Below this probability (of the best language, among all 97) the text is ambiguous.
MIN_CONFIDENCE = 0.6

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


# The first characters decide: a few paragraphs identify a language as surely as the whole
# article, and the identifier's cost grows with the text.
SAMPLE_CHARS = 2_000


def load_detector() -> None:
    """Load what every detection reads (the English function words) now, not on the first
    document. The identifier's model (~0.7 s, about 75 MB) loads on the first sample that is not
    plainly English, so a process that only reads English never holds it."""
    _english_fast_path()


@functools.cache
def _english_fast_path() -> tuple[int, float, int, frozenset[str]]:
    """(min_words, min_share, words_read, function_words) of data/languages.yaml."""
    from claimledger.datafiles import packaged_text, parse_mapping

    rules = parse_mapping(packaged_text("languages.yaml"), "languages.yaml", ValueError)["english_fast_path"]
    return (int(rules["min_words"]), float(rules["min_share"]), int(rules["words_read"]),
            frozenset(str(word) for word in rules["function_words"]))


def plainly_english(sample: str) -> bool:
    """Whether a sample is plainly English by its share of English function words: a fortieth of
    the identifier's cost, and where it says yes the identifier says "en" too (languages.yaml)."""
    min_words, min_share, words_read, function_words = _english_fast_path()
    words = [match.group().lower() for match in itertools.islice(_WORD.finditer(sample), words_read)]
    return len(words) >= min_words and sum(word in function_words for word in words) >= min_share * len(words)


@functools.cache
def _identifier() -> Any:
    """The py3langid model with normalised probabilities, loaded once per process when first
    needed (~0.7 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise(code: str | None) -> str | None:
    """A declared language as a bare lower-case code: "en-GB" -> "en", "" -> None."""
    if not code:
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base or None


def identify(text: str) -> tuple[str, float]:
    """The most likely language of `text` and its probability."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def detect(text: str, declared: str | None = None) -> str:
    """The language of a text: the identifier's answer when the text is long and clear enough,
    else the declared language, else "und"."""
    fallback = normalise(declared) or UNDETERMINED
    sample = text[:SAMPLE_CHARS]
    if next(itertools.islice(_LETTER.finditer(sample), MIN_LETTERS - 1, None), None) is None:  # fewer letters
        return fallback
    if plainly_english(sample):
        return "en"
    language, probability = identify(sample)
    return language if probability >= MIN_CONFIDENCE else fallback


def is_extracted(language: str | None) -> bool:
    """Whether the extract stage reads articles in this language (undetermined ones: as English)."""
    return language is None or language == UNDETERMINED or language in EXTRACTED


def extraction_note(language: str | None) -> str | None:
    """Why an article has no claims because of its language, or None when its language is read."""
    if is_extracted(language):
        return None
    return f"skipped (language {language} has no extractor)"
