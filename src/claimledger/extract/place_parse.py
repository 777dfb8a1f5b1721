"""What the parse says about a place name in a sentence: the word before it, the clause it lies
in, whether it is part of a longer name or where a report was made. Used by `places`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from claimledger.extract.attribution import Found
from claimledger.kb import PlaceMention

# A part of a place by its compass point: "northern", "south-eastern", "central".
COMPASS = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?"
# Between a country and a place inside it: "Russia's Kursk region", "Yemen's northern Saada province".
OWNER = re.compile(rf"['’]s\s+(?:{COMPASS}\s+)?", re.IGNORECASE)


def word_before(doc: Doc, index: int, non_locative: frozenset[str]) -> str:
    """The word before a place name, past modifiers ("to eastern Russia", "in the north of")."""
    i = index - 1
    while i >= 0 and i > index - 4 and doc[i].lower_ not in non_locative and (
        doc[i].pos_ in ("ADJ", "DET") or re.fullmatch(COMPASS, doc[i].lower_)  # "eastern" misread as a verb
    ):
        i -= 1
    return doc[i].lower_ if i >= 0 else ""


def fought_for(doc: Doc, index: int, contests: frozenset[str]) -> bool:
    """Is the place the prize of a fight named just before "for" ("the battle for Bakhmut")?"""
    i = index - 1
    while i >= 0 and doc[i].lower_ != "for" and i > index - 4:
        i -= 1
    # a noun, not the verb of "killed fighting for Russia", where the country is a side
    if i <= 0 or doc[i].lower_ != "for" or doc[i - 1].lower_ not in contests:
        return False
    contest = doc[i - 1]
    return contest.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass") or any(
        c.dep_ in ("det", "amod") for c in contest.children
    )


def names_container(text: str, outer: Any, inner: Any) -> bool:
    """Is `outer` only the container named around `inner` ("Russia's Kursk", "Kharkiv, Ukraine")?"""
    return bool(OWNER.fullmatch(text, outer.end, inner.start)) and outer.place.country == inner.place.country


def name_part(token: Any) -> bool:
    """Is the place's last word part of a longer proper name ("the Africa Corps", "the Sahel
    Desk", "the South Sudan People's Defence Forces")? The gazetteer has already taken in the
    type words of places ("Khartoum State", "Ouham Prefecture")."""
    head = token.head
    return token.dep_ == "compound" and head.i == token.i + 1 and head.pos_ == "PROPN" and head.text[:1].isupper()


def describing_clause(token: Any, mentions: Sequence[PlaceMention]) -> tuple[int, int] | None:
    """The character span of a relative clause the token lies in when that clause describes
    another place named in the sentence ("In the Centre department, where gangs overran
    Mirebalais, ..."), else None."""
    for ancestor in token.ancestors:
        if ancestor.dep_ != "relcl":
            continue
        antecedent = ancestor.head
        # the antecedent, or the name before its type word ("the Centre department"), is a place
        if not any(m.start <= t.idx < m.end for t in (antecedent, *antecedent.children) for m in mentions):
            return None
        words = list(ancestor.subtree)
        return words[0].idx, words[-1].idx + len(words[-1])
    return None


def own_clause(token: Any) -> tuple[int, int] | None:
    """The character span of the clause the token lies in, when the sentence joins it to
    another ("..., and we plan to reach 80,000 people in the north"); None for a sentence of
    one clause."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "conj" and ancestor.pos_ in ("VERB", "AUX"):
            words = list(ancestor.subtree)
            return words[0].idx, words[-1].idx + len(words[-1])
    return None


def where_said(token: Any, found: Found | None) -> bool:
    """ "In Washington, a spokesman said ...", "told reporters in Geneva": a place hung on the
    reporting verb is where the report was made, not what it is about."""
    if found is None or token.dep_ != "pobj" or token.head.dep_ != "prep":
        return False
    verb = token.head.head
    if any(c.dep_ == "dobj" and (c.like_num or any(g.like_num for g in c.children)) for c in verb.children):
        return False  # "ACLED recorded 112 attacks in Cabo Delgado": where the counted things were
    return verb.lower_ == found.attribution.cue and found.covers(verb.idx)
