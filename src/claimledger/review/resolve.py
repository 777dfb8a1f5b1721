"""The columns an edit writes. Most fields are one column; a kind is checked against the
registry, a modality against MODALITIES; an actor, an origin and a place are resolved again the way extraction resolves them
(an actor through the knowledge base, a place through the gazetteer), so what reconciliation keys
threads and independence on follows the analyst's correction.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from claimledger.fields import Editable, RowMapping
from claimledger.kb import Gazetteer, KnowledgeBase
from claimledger.kinds import KINDS
from claimledger.model import MODALITIES, Actor, Place
from claimledger.review.edits import ReviewError
from claimledger.settings import load_settings

ORIGIN_ACTOR = "origin_actor_"  # the prefix of the origin's actor's columns (Attribution.origin_actor)
_ACTOR = RowMapping(Actor)
_PLACE = RowMapping(Place)


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base extraction links with: the packaged one and the user's `actors.yaml`."""
    extra = load_settings().lexicon_file("actors.yaml")
    return KnowledgeBase.load([extra] if extra else [])


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer extraction resolves with: the packaged one and the user's `places.yaml`."""
    extra = load_settings().lexicon_file("places.yaml")
    return Gazetteer.load([extra] if extra else [])


def resolved(e: Editable, value: Any) -> Any:
    """The value as stored for the form and the audit: a kind checked against the registry, an
    actor as the knowledge base names it."""
    if value is None:
        return None
    if e.kind == "kind" and value not in KINDS:
        raise ReviewError(f"kind {value!r} is not a kind; kinds: {', '.join(KINDS.names)}")
    if e.kind == "modality" and value not in MODALITIES:
        raise ReviewError(f"modality {value!r} is not one of {', '.join(MODALITIES)}")
    if e.kind == "actor":
        return _actor(value).name
    return value


def columns_of(e: Editable, value: Any) -> dict[str, Any]:
    """Column -> value for an edit of `e` to `value` (a value `resolved` returned)."""
    if e.kind == "actor":
        return _prefixed(e.prefix, _actor(value) if value is not None else None)
    if e.kind == "origin":
        actor = knowledge_base().link(value) if value is not None else None
        return {e.column: value} | _prefixed(ORIGIN_ACTOR, actor)
    if e.kind == "place":
        place = gazetteer().resolve(value) if value is not None else None
        return {e.column: value} | _PLACE.to_row(place)
    return {e.column: value}


def _actor(text: str) -> Actor:
    kb = knowledge_base()
    found = kb.get(text) if ":" in text else kb.link(text)
    if found is None:
        raise ReviewError(f"actor {text!r} is not in the knowledge base: give a name or id it knows (state:KP)")
    return found


def _prefixed(prefix: str, actor: Actor | None) -> dict[str, Any]:
    return {prefix + column: v for column, v in _ACTOR.to_row(actor).items()}
