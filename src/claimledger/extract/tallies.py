"""Figures that count a tally as it moves: the change ("the toll has risen by 70"), the total it
reaches ("has risen to 115", "could reach 1 million") and the earlier figure it is compared with
("up from about 200"). Each counts what the tally counts, and the tally is named by the words the
changing verb is said of ("the death toll", "the number of people displaced", "the population").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.lexicon import ExtractionLexicon, PhraseHit
from claimledger.extract.tokens import first_from
from claimledger.kinds import KINDS

MOVEMENT_KINDS = KINDS.where(movement=True)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSE_BREAK = re.compile(r"[,;:]\s|\b(?:where|that|which|while|and)\s", re.IGNORECASE)
TOTAL_REACH = 60  # characters from the change to the new total
COMPARED_GAP = 12  # characters between "up from" and the figure ("up from the 70")


def tally_kind(subject: str, lex: ExtractionLexicon, first: bool = False) -> str | None:
    """What a changing tally counts, from the words that name it: "the death toll" is of the
    killed, "the number of troops in the region" is a force's strength. With `first`, the cue
    nearest the head of the words decides ("the number of people killed in an attack")."""
    hits = [hit.label for hit in lex.kinds.finditer(subject) if not remains(subject, hit, lex)]
    if hits:
        return hits[0] if first else hits[-1]
    words = {w.strip(",.").lower() for w in subject.split()}
    return "troops_deployed" if words & lex.words.military_people else None


def remains(text: str, hit: PhraseHit, lex: ExtractionLexicon, doc: Doc | None = None) -> bool:
    """Does a withdrawal cue say who is still there ("the troops left defending the port",
    "25 fighters left in the town": a participle on the noun with no object of its own)?"""
    if hit.label != "withdrawn":
        return False
    if lex.words.remaining_after.match(text, hit.end) is not None:
        return True
    cue = first_from(doc, hit.start) if doc is not None else None
    return (
        cue is not None
        and cue.idx == hit.start
        and cue.dep_ in ("acl", "amod")
        and cue.head.pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in ("dobj", "obj") for c in cue.children)
    )


def tally_words(text: str, verb_start: int, doc: Doc | None) -> str:
    """The words a changing verb is said of: its subject as parsed ("its toll had risen"), else
    the words back to the clause's start ("..., where the population has risen")."""
    subject = tally_subject(verb_start, doc)
    if subject is not None:
        tokens = list(subject.subtree)
        return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    breaks = list(CLAUSE_BREAK.finditer(text, 0, verb_start))
    return text[breaks[-1].end() if breaks else 0 : verb_start]


def tally_subject(verb_start: int, doc: Doc | None) -> Token | None:
    """The subject of the verb at `verb_start`, also where the parse gave it to a participle
    before ("the number of troops left defending the port might be closer to 12,000")."""
    verb = first_from(doc, verb_start) if doc is not None else None
    if verb is None or verb.idx != verb_start:
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None:
        return subject
    for other in verb.doc[max(0, verb.i - 16) : verb.i]:
        if other.pos_ == "VERB" and finite_verb(other).i == verb.i:
            return next((c for c in other.children if c.dep_ in SUBJECT_DEPS), None)
    return None


AUX_DEPS = ("aux", "auxpass")


def finite_verb(verb: Token) -> Token:
    """The verb a subject really goes with when the parse took a participle on it for its verb:
    in "2,000 soldiers deployed to Russia have been killed" "deployed" has no auxiliary and is
    followed, with no "and", by a verb that has one (or is joined to it) and no subject of its
    own."""
    if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in AUX_DEPS for c in verb.children):
        return verb
    for other in verb.doc[verb.i + 1 : verb.i + 12]:
        if other.pos_ == "CCONJ" and other.head.i == verb.i:
            return verb
        if other.pos_ not in ("VERB", "AUX") or other.head.i not in (verb.i, verb.head.i) or other.i == verb.head.i:
            continue
        if other.dep_ in ("xcomp", "advcl") and other.head.i == verb.i:
            continue  # "deployed to defend the town": the participle's own purpose
        children = [c.dep_ for c in other.children]
        if any(d in ("nsubj", "nsubjpass") for d in children):
            return verb
        if any(d in AUX_DEPS for d in children) or (other.dep_ == "conj" and other.head.i == verb.i):
            # "... have been killed"; "300 troops deployed to defend the town surrendered",
            # joined to the participle with no "and"
            return other
        return verb
    return verb




def change_kind(
    text: str, number: NumberMention, kind: str, military: bool, lex: ExtractionLexicon, doc: Doc | None
) -> str | None:
    """The kind of a change ("has risen by about 2,000"): the tally's kind; a change in a force
    is a movement of it (reinforcements up, withdrawn down); a tally that names nothing is
    another figure. None when the number is no change. `kind` is what the number would count
    on its own, `military` whether its own noun names soldiers."""
    change = lex.words.change_by.search(text, max(0, number.start - 40), number.start)
    if change is None or number.percent or number.fraction:
        return None
    subject = tally_words(text, change.start(), doc)
    tally = tally_kind(subject, lex, first=True)
    # a tally that names something else ("the population has risen by 3,000") is not a
    # movement of the force another clause sends
    unnamed = not (set(subject.lower().split()) - lex.words.determiners - lex.words.pronouns)
    if tally in MOVEMENT_KINDS or (tally is None and (military or (unnamed and kind in MOVEMENT_KINDS))):
        return "reinforcements" if change.group("up") else "withdrawn"
    return tally or "other_quantity"


def new_total_kind(
    text: str, number: NumberMention, previous: NumberMention | None, lex: ExtractionLexicon, doc: Doc | None
) -> str | None:
    """The kind of the new total after a change ("the toll rose by 45 to 1,200", "has risen by
    2,000, bringing the total to 10,000"): what the changing tally counts."""
    if previous is None or number.start - previous.end > TOTAL_REACH:
        return None
    change = lex.words.change_by.search(text, max(0, previous.start - 40), previous.start)
    if change is None:
        return None
    return tally_kind(tally_words(text, change.start(), doc), lex, first=True)


def reached_kind(
    text: str, number: NumberMention, before: str | None, carried: str | None, lex: ExtractionLexicon,
    doc: Doc | None,
) -> str | None:
    """The kind of a total a tally reaches ("the number killed has risen to 115", "the number
    displaced could reach 1 million"): the tally's; a tally that names nothing ("the figure
    could rise to 100,000") goes on counting what the figure `before` it in the sentence did,
    or, named by a noun that points back ("the correct figure is 115"), the one `carried` from
    the sentence before."""
    brought = lex.words.total_to.search(text, max(0, number.start - 160), number.start)
    if brought is not None:
        tally = tally_kind(brought.group("tally"), lex, first=True)
        # "a second wave of 3,000 arrived, bringing the total to 14,000": the force's strength
        return tally or ("troops_deployed" if before == "reinforcements" else before)
    reach = lex.words.change_to.search(text, max(0, number.start - 40), number.start)
    if reach is None:
        return None
    subject = tally_words(text, reach.start(), doc)
    tally = tally_kind(subject, lex, first=True)
    if tally is not None:
        return tally
    head = tally_subject(reach.start(), doc)
    words = {head.lower_} if head is not None else {w.strip(",.").lower() for w in subject.split()}
    if words & (lex.words.tally_nouns | lex.words.thing_pronouns):
        return before or carried  # "the correct figure is 115", "it could be closer to 500"
    return None


def compared_kind(text: str, number: NumberMention, before: str | None, lex: ExtractionLexicon) -> str | None:
    """The kind of an earlier figure a count is compared with ("about 300 soldiers, up from
    about 200 a week earlier"): the kind of the count `before` it."""
    if before is None:
        return None
    hits = list(lex.comparison.finditer(text, max(0, number.start - 25), number.start))
    if not hits:
        return None
    gap = text[hits[-1].end : number.start].split()
    if len(gap) > 1 or (gap and gap[0].lower() not in lex.words.determiners):
        return None
    return before
