"""What a figure counts: refinements of the kind the cues decide, parts of a whole, confidence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.claims import (
    Unit,
    civilian_movement,
    decide_kind,
    find_unit,
    fits,
    span_distance,
    verb_reaches,
)
from claimledger.extract.tokens import between
from claimledger.extract.tallies import compared_kind, new_total_kind, reached_kind
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.model import Actor, Attribution, Claim


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


CLAUSE_END = re.compile(r"[,;:()]|\s[–—]\s|\s(?:if|unless|when|because|until|although|though|after|before)\s")


def own_cue(text: str, number: NumberMention, segment: tuple[int, int], lex: ExtractionLexicon) -> str | None:
    """The kind cue after a number in its own clause ("34 it believes are dead"), if any."""
    end = segment[1]
    stop = CLAUSE_END.search(text, number.end, end)
    hit = lex.kinds.search(text, number.end, stop.start() if stop else end)
    return hit.label if hit is not None else None


def part_of_previous(
    text: str, number: NumberMention, previous: NumberMention | None, lex: ExtractionLexicon,
    after_reach: int = 40,
) -> bool:
    """A count inside the previous one: "64, including nine children"; "23 people, seven of them
    children": the part shares the whole's kind. A part named after the count ("seven of
    them") counts only within `after_reach` characters of the whole."""
    if previous is None:
        return False
    between = text[previous.end : number.start]
    words = lex.words
    if len(between) > PART_REACH or ";" in between:
        return False
    if len(between) > after_reach:
        # "13 ... were killed in the fighting for Goma last week, including three from ...":
        # further off, only a part the whole's clause introduces with "including"
        return bool(words.part_before.search(between))
    return bool(words.part_before.search(between) or words.part_after.match(text, number.end))


PART_REACH = 160  # characters from a whole to a part it includes


def figure_kind(
    text: str,
    doc: Doc,
    numbers: Sequence[NumberMention],
    i: int,
    unit: Unit,
    earlier: Sequence[Claim],
    offset: int,
    lex: ExtractionLexicon,
    carried: str | None = None,
) -> tuple[str, bool]:
    """The kind of number `i` of a sentence, and whether a cue decided it: what it counts on its
    own, then what the figures before and after it in the sentence make of it. `earlier`: the
    sentence's claims so far; `offset`: where the sentence starts in the article; `carried`:
    what the last figure before the sentence counted."""
    number, segment = numbers[i], segment_of(text, numbers, i)
    previous = numbers[i - 1] if i else None
    kind, cued = decide_kind(text, number, segment, unit, lex, doc)
    kind = civilian_movement(refine_kind(kind, text, number, segment, lex, doc), unit, lex)
    if number.currency is not None:
        return kind, cued  # money counts what it buys, not the people or arms before it
    before = earlier[-1].kind if earlier else None
    own = own_cue(text, number, segment, lex)
    if before is not None and part_of_previous(text, number, previous, lex) and own is None:
        # "killed 23 people, seven of them children"; a part that says what happened to
        # it ("94 hostages, including 34 believed to be dead") keeps its own kind
        return before, cued
    if before is not None and own is None and (unit.noun is None or unit.implied) and (number.fraction or number.percent):
        return before, cued  # "6,270 people fled ..., where about half are sheltering": a share of that count
    if own is None and (total := new_total_kind(text, number, previous, lex, doc)) is not None:
        return total, True  # "the toll rose by 45 to 1,200": the new total counts what the tally does
    if before is None and own is None and carried is not None and lex.words.part_after.match(text, number.end):
        return carried, True  # "... 8,000 were still held. More than 200 of them were women."
    if own is None and (reached := reached_kind(text, number, before, carried, lex, doc)) is not None:
        return reached, True  # "the number of people killed has risen to 115"
    if own is None and (compared := compared_kind(text, number, before, lex)) is not None:
        return compared, True  # "about 300 soldiers, up from about 200 a week earlier"
    listed = (
        before is not None
        and previous is not None
        and earlier[-1].span.start == offset + previous.start
        and listed_after(doc, number, previous)
        and own is None
    )
    if listed and before is not None and fits(before, unit.category):
        return before, cued  # "among the 11,662 injured were 339 boys and 248 girls": the list's kind
    if not cued and unit.category is not None and (last := _list_end_kind(text, doc, numbers, i, unit, lex)) is not None:
        return last, True  # "2,853 men, 1,927 women and 180 girls were identified among the dead"
    return kind, cued


def segment_of(text: str, numbers: Sequence[NumberMention], i: int) -> tuple[int, int]:
    """The part of the sentence between the numbers either side of number `i`."""
    return (
        numbers[i - 1].end if i > 0 else 0,
        numbers[i + 1].start if i + 1 < len(numbers) else len(text),
    )


def _list_end_kind(
    text: str, doc: Doc, numbers: Sequence[NumberMention], i: int, unit: Unit, lex: ExtractionLexicon
) -> str | None:
    """The kind a cue after a list gives its last item, for an item before it with no cue of its
    own that counts the same sort of thing (`unit`): the list is one count told in parts."""
    j = i
    while j + 1 < len(numbers) and listed_after(doc, numbers[j + 1], numbers[j]):
        j += 1
    if j == i:
        return None
    last = find_unit(doc, numbers[j], lex)
    if last.category not in (None, unit.category):
        return None
    kind, cued = decide_kind(text, numbers[j], segment_of(text, numbers, j), last, lex, doc)
    return kind if cued and fits(kind, unit.category) else None


LIST_DEPS = ("conj", "appos")


def listed_after(doc: Doc, number: NumberMention, previous: NumberMention | None) -> bool:
    """Is the count the next item of a list the previous one heads ("339 boys and 248 girls",
    "2,853 men, 1,927 women", "354 members of the forces and 21 Bedouin")? A list item with no
    cue of its own takes the list's kind."""
    if previous is None:
        return False
    item, first = _counted(doc, number), _counted(doc, previous)
    if item is None or first is None:
        return False
    joined = False  # an "of" phrase is climbed only after a list join: "1 percent of 100,000" is no list
    for _ in range(8):
        if item.dep_ in LIST_DEPS and item.head is not item:
            item, joined = item.head, True
        elif joined and item.dep_ == "pobj" and item.head.dep_ == "prep" and item.head.head.i >= first.i:
            # an item with a phrase of its own: "354 members of the forces and 21 Bedouin",
            # "three from the UN mission and nine from South Africa"
            item = item.head.head
        else:
            return False
        if item == first:
            return True
    return False


def _counted(doc: Doc, number: NumberMention) -> Token | None:
    """The noun a number counts as the parse attaches it (the number itself when bare)."""
    inside = between(doc, number.number_start, number.number_end)
    if not inside:
        return None
    last = inside[-1]
    return last.head if last.dep_ == "nummod" else last


def confidence(
    cued: bool, unit: Unit, attribution: Attribution | None, actor: Actor | None, number: NumberMention, timed: bool
) -> float:
    """A rough additive score of what is known about a figure, the claim's confidence when no
    calibration model is loaded (the model, `extract.calibration`, reads the figure's whole
    evidence instead). `timed`: the sentence states a time or goes on with a report that did."""
    score = 0.35
    score += 0.25 if cued else 0.0
    score += 0.15 if unit.category else 0.0
    score += 0.1 if actor is not None else 0.0
    score += 0.1 if attribution is not None else 0.0
    score -= 0.1 if number.vague else 0.0
    score -= 0.0 if timed else 0.1
    return max(0.05, min(0.95, score))

