"""Where a claim happened: place spans of a sentence and the rules that rank them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.extract.attribution import Found
from claimledger.model import Location


PLACE_PREPOSITIONS = frozenset(
    {"in", "into", "to", "near", "at", "across", "inside", "within", "around", "throughout", "from",
     "outside", "toward", "towards", "on", "over", "of"}
)


HOSTING_VERBS = frozenset({"be", "host", "house", "shelter"})


NON_LOCATIVE = frozenset({"against", "with", "by", "for", "than", "like", "about", "versus", "vs"})


PLACE_REFERENCE = re.compile(
    r"\b(?:the|that|this)\s+(city|town|region|province|camp|area|village|oblast|district|"
    r"enclave|strip|territory|state|port|palace|hospital|country)\b",
    re.IGNORECASE,
)


# What "the region" or "the city" points back to: the last place of that level (0 a town or a
# site, 1 a region); the other words ("the area", "the territory") take the last place below a country.
REFERENCE_LEVELS = {
    "city": 0, "town": 0, "village": 0, "camp": 0, "port": 0, "palace": 0, "hospital": 0,
    "region": 1, "province": 1, "oblast": 1, "state": 1, "country": 2,
}


# A named site the gazetteer may not know: "the village of Plekhovo", "Munzenze prison",
# "Nyaung Pin village", "Kamal Adwan hospital". The type word is lower case, the name capitalised.
_SITE_NAME = r"(?!(?:The|A|An|Our|Its|Their|This|That|Every|Each)\b)[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}"


SITE_OF = re.compile(rf"\b(?:village|town|city|township|district|settlement)\s+of\s+({_SITE_NAME})")


SITE_TYPED = re.compile(rf"\b({_SITE_NAME}\s+(?:village|camp|prison|township|district|hospital))\b")


# A landmark named with its type word as part of the name: "the Republican Palace", "Mariupol
# Drama Theatre", "Kakhovka Dam".
SITE_NAMED = re.compile(
    rf"\b({_SITE_NAME}\s+(?:Palace|Airport|Hospital|Bridge|Dam|Stadium|Theatre|Theater|Market|"
    r"Camp|Prison|Base|Airbase|Air Base|Refinery|Port))\b"
)


# Between a country and a place inside it: "Russia's Kursk region", "Yemen's northern Saada province".
OWNER = re.compile(r"['’]s\s+(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?\s+)?", re.IGNORECASE)


# Between two members of a list of places: "Kenya, Jamaica and El Salvador".
LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


# Between a place and the region or country around it: "Bhamo in Kachin State", "Sake, North Kivu".
WITHIN = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?")


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A candidate place in a sentence; `location` None for "the city" (resolved later)."""

    location: Location | None
    start: int
    end: int
    rank: int  # 0 after a locative preposition, 1 bare, 2 a reference back


def word_before(doc: Doc, index: int) -> str:
    """The word before a place name, past modifiers ("to eastern Russia", "in the north of")."""
    i = index - 1
    while i >= 0 and i > index - 4 and doc[i].pos_ in ("ADJ", "DET") and doc[i].lower_ not in NON_LOCATIVE:
        i -= 1
    return doc[i].lower_ if i >= 0 else ""


CONTESTS = frozenset({"fight", "fighting", "battle", "battles", "struggle", "assault", "offensive", "push"})


def fought_for(doc: Doc, index: int) -> bool:
    """Is the place the prize of a fight named just before "for" ("the battle for Bakhmut")?"""
    i = index - 1
    while i >= 0 and doc[i].lower_ != "for" and i > index - 4:
        i -= 1
    # a noun, not the verb of "killed fighting for Russia", where the country is a side
    if i <= 0 or doc[i].lower_ != "for" or doc[i - 1].lower_ not in CONTESTS:
        return False
    contest = doc[i - 1]
    return contest.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass") or any(
        c.dep_ in ("det", "amod") for c in contest.children
    )


def names_container(text: str, outer: Any, inner: Any) -> bool:
    """Is `outer` only the container named around `inner` ("Russia's Kursk", "Kharkiv, Ukraine")?"""
    return bool(OWNER.fullmatch(text, outer.end, inner.start)) and outer.place.country == inner.place.country


def where_said(token: Any, found: Found | None) -> bool:
    """ "In Washington, a spokesman said ...", "told reporters in Geneva": a place hung on the
    reporting verb is where the report was made, not what it is about."""
    if found is None or token.dep_ != "pobj" or token.head.dep_ != "prep":
        return False
    verb = token.head.head
    return verb.lower_ == found.attribution.cue and found.covers(verb.idx)

