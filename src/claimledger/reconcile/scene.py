"""An article's scene: what its claims without an actor, or with a generic origin, refer to.

- Actor. A count of people whose noun names no nationality ("11,000 troops", "1,000 dead") gets no
  actor from the extractor. When the other claims of the same article name exactly one *foreign*
  force (an actor of a force type whose own country differs from the place its claims are about:
  North Korea's troops in Russia), such a claim of a people-counting kind takes that actor, unless
  its own place is the force's own country. Two foreign forces in one scene (North Korean and
  Ukrainian troops in Kursk) leave it without one: the scene does not tell which.
- Origin. An origin written in lower case only ("officials", "the agency") that ends in the same
  words as a named origin of another claim of the article ("Western officials", "South Korea's spy
  agency") is that origin, when exactly one named origin fits: one voice, not two.

Both are read from the claims of the same article only (no claim moves across articles).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from claimledger.kinds import KINDS

FORCE_TYPES = frozenset({"state", "armed_force", "armed_group"})
PEOPLE_KINDS = KINDS.where(people=True)


class Scene(NamedTuple):
    actor_id: str
    actor_name: str
    country: str | None  # the force's own country


def scenes(rows: Iterable[tuple[str, str, str | None, str | None]]) -> dict[str, Scene]:
    """article -> its one foreign force, from (article, actor id, actor name, place country)."""
    foreign: dict[str, dict[str, Scene]] = defaultdict(dict)
    for article, actor_id, name, place in rows:
        own = country_of(actor_id)
        if place and own and place != own:
            foreign[article][actor_id] = Scene(actor_id, name or actor_id, own)
    return {article: next(iter(found.values())) for article, found in foreign.items() if len(found) == 1}


def scene_actor(claim: Any, scene: dict[str, Scene]) -> tuple[str, str] | None:
    """(actor id, name) a claim without an actor takes from its article's scene, or None."""
    if claim.kind not in PEOPLE_KINDS:
        return None
    found = scene.get(claim.article_id)
    if found is None or (claim.place_country and claim.place_country == found.country):
        return None
    return found.actor_id, found.actor_name


def generic_origins(rows: Iterable[tuple[str, str, str, str | None]]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(article, generic origin) -> (named origin, its actor id) where exactly one voice fits."""
    found: dict[tuple[str, str], dict[str, tuple[str, str | None]]] = defaultdict(dict)
    for article, generic, named, actor_id in rows:
        found[article, generic][actor_id or named.casefold()] = (named, actor_id)
    return {key: next(iter(v.values())) for key, v in found.items() if len(v) == 1}


def country_of(actor_id: str) -> str | None:
    if actor_id.startswith("state:"):
        return actor_id.removeprefix("state:")
    return _kb_country(actor_id)


@lru_cache(maxsize=4096)
def _kb_country(actor_id: str) -> str | None:
    return _kb().country_of(actor_id)


# The packaged knowledge base, loaded on first use, or the one a loaded pipeline already holds
_KB: dict[str, Any] = {}


def share_knowledge_base(kb: Any) -> None:
    """Read actors' countries from `kb`, a loaded knowledge base of the packaged actors only (as
    `KnowledgeBase.load()` gives), instead of loading a second copy of it on first use."""
    _KB["kb"] = kb
    _kb_country.cache_clear()


def _kb() -> Any:
    if "kb" not in _KB:
        from claimledger.kb import KnowledgeBase

        _KB["kb"] = KnowledgeBase.load()
    return _KB["kb"]
