"""What a figure counts: refinements of the kind the cues decide, parts of a whole, confidence."""

from __future__ import annotations

import re


from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.claims import Unit, span_distance, tally_kind, verb_reaches
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.model import Actor, Attribution


REINFORCEMENT_REACH = 40  # characters: a reinforcement cue in the count's own clause


def refine_kind(
    kind: str, text: str, number: NumberMention, segment: tuple[int, int], lex: ExtractionLexicon,
    doc: Doc | None = None,
) -> str:
    """Troops sent on top of earlier ones are reinforcements ("3,000 more", "another 1,500",
    "a second wave of 3,000 arrived", "sent 75 soldiers to join the mission")."""
    if kind != "troops_deployed":
        return kind
    after = lex.words.reinforcement_after.match(text, number.end)
    before = lex.words.reinforcement_before.search(text, max(0, number.start - 12), number.start)
    if after or before:
        return "reinforcements"
    for hit in lex.kinds.finditer(text, segment[0], segment[1]):
        near = span_distance(text, hit.start, hit.end, number.start, number.end) <= REINFORCEMENT_REACH
        if hit.label == "reinforcements" and near and verb_reaches(hit, number, doc):
            return "reinforcements"
    return kind


def more_of(text: str, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the figure more of a count just given ("30 more", "another 12")?"""
    words = lex.words
    return bool(
        words.reinforcement_after.match(text, number.end)
        or words.reinforcement_before.search(text, max(0, number.start - 12), number.start)
    )


CLAUSE_END = re.compile(r"[,;:()]|\s[–—]\s")


def own_cue(text: str, number: NumberMention, segment: tuple[int, int], lex: ExtractionLexicon) -> str | None:
    """The kind cue after a number in its own clause ("34 it believes are dead"), if any."""
    end = segment[1]
    stop = CLAUSE_END.search(text, number.end, end)
    hit = lex.kinds.search(text, number.end, stop.start() if stop else end)
    return hit.label if hit is not None else None


def part_of_previous(
    text: str, number: NumberMention, previous: NumberMention | None, lex: ExtractionLexicon
) -> bool:
    """A count inside the previous one: "64, including nine children"; "23 people, seven of them
    children": the part shares the whole's kind."""
    if previous is None:
        return False
    between = text[previous.end : number.start]
    if len(between) > 40:
        return False
    words = lex.words
    return bool(words.part_before.search(between) or words.part_after.match(text, number.end))


def total_after_change(
    text: str, number: NumberMention, previous: NumberMention | None, lex: ExtractionLexicon
) -> str | None:
    """The kind of the new total after a change ("the toll rose by 45 to 1,200", "has risen by
    2,000, bringing the total to 10,000"): what the changing tally counts."""
    if previous is None or number.start - previous.end > TOTAL_REACH:
        return None
    change = lex.words.change_by.search(text, max(0, previous.start - 40), previous.start)
    if change is None:
        return None
    return tally_kind(text[: change.start()], lex)


TOTAL_REACH = 60  # characters from the change to the new total


def listed_after(doc: Doc, number: NumberMention, previous: NumberMention | None) -> bool:
    """Is the count the next item of a list the previous one heads ("339 boys and 248 girls",
    "2,853 men, 1,927 women")? A list item with no cue of its own takes the list's kind."""
    if previous is None:
        return False
    item, first = _counted(doc, number), _counted(doc, previous)
    if item is None or first is None:
        return False
    while item.dep_ == "conj" and item.head is not item:
        item = item.head
        if item == first:
            return True
    return False


def _counted(doc: Doc, number: NumberMention) -> Token | None:
    """The noun a number counts as the parse attaches it (the number itself when bare)."""
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if not inside:
        return None
    last = inside[-1]
    return last.head if last.dep_ == "nummod" else last


def confidence(
    cued: bool, unit: Unit, attribution: Attribution | None, actor: Actor | None, number: NumberMention, timed: bool
) -> float:
    """The raw score of what is known about a figure; `Calibration` maps it to the chance the claim
    is fully right. `timed`: the sentence states a time or goes on with a report that did (a
    figure whose time is only the publication date was wrong more often on the gold)."""
    score = 0.35
    score += 0.25 if cued else 0.0
    score += 0.15 if unit.category else 0.0
    score += 0.1 if actor is not None else 0.0
    score += 0.1 if attribution is not None else 0.0
    score -= 0.1 if number.vague else 0.0
    score -= 0.0 if timed else 0.1
    return max(0.05, min(0.95, score))

