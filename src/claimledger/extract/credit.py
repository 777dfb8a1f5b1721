"""Who is credited with a figure: rules on reporting clauses, citations and estimates."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.attribution import Found
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.model import Attribution, Citation


# In an "according to" phrase, words that point back to the speaker: "a transcript of his remarks".
OWN_WORDS = re.compile(r"\b(?:his|her|its|their)\b", re.IGNORECASE)


# Just before a phrase that introduces someone new rather than pointing back: "a rights group".
INDEFINITE = re.compile(r"\b(?:a|an|another|one)\s+$", re.IGNORECASE)


IN_TEXT_CITATION = re.compile(r"\(([A-Z][\w'’.-]+(?:\s+(?:and|&|et al\.?)\s*[\w'’.-]*)?),?\s+(\d{4})\)")


NAMED_AGENT = re.compile(r"\s+by\s+(?:the\s+)?[A-Z\w]")


# Where the part of a sentence that an estimate covers ends: "..., which could hold",
# "..., but whole districts", "; the ministry says".
ESTIMATE_ENDS = re.compile(r";|,\s+(?:but|which|while|whereas|although|though|yet)\b", re.IGNORECASE)


def before_the_report(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the number in an earlier clause that the reporting clause is only joined to with
    "and"/"but", so that the speaker's verb does not govern it?"""
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if not inside:
        return False
    token = inside[-1]
    above = {a.i for a in token.ancestors} | {token.i}
    for verb in doc:
        if not (found.start <= verb.idx < found.end) or verb.lower_ not in lex.reporting_verbs:
            continue
        if verb.dep_ != "conj" or verb.i < token.i or verb.i in above or verb.head.i not in above:
            continue
        # "..., and 49 were shot down, the air force said": a verb with nothing to report of
        # its own closes the whole sentence and vouches for all of it.
        if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i for c in verb.children):
            return True
    return False


def governs(doc: Doc, found: Found, number: NumberMention) -> bool:
    """Of a split attribution ("X estimates ..., according to Y"), does X's verb govern the
    number more closely than Y's "according to" does?"""
    start, end = found.parts[0]
    verb = next((t for t in doc if start <= t.idx < end and t.lower_ == found.attribution.cue), None)
    start, end = found.parts[1]
    cue = next((t for t in doc if start <= t.idx < end and t.lower_ == "according"), None)
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if verb is None or cue is None or not inside or not found.attribution.conduits:
        return True
    if OWN_WORDS.search(found.attribution.conduits[-1]):
        return True  # "according to a transcript of his remarks": the speaker's own words
    steps = {a.i: step for step, a in enumerate(inside[-1].ancestors, start=1)}
    return steps.get(cue.head.i, 99) >= steps.get(verb.i, 99)


def in_report(index: int, found: Found | None) -> bool:
    return found is not None and found.covers(index)


def citation_attribution(citation: Citation, found: Found | None) -> Attribution:
    conduits = tuple(x for x in (citation.outlet, citation.author) if x)
    if found is not None and not found.pronoun:
        return Attribution(found.attribution.origin, conduits + found.attribution.conduits,
                           found.attribution.origin_actor, cue=found.attribution.cue)
    origin = citation.outlet or citation.author or "cited source"
    rest = tuple(x for x in conduits if x != origin)
    return Attribution(origin, rest, cue="citation")


def short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

