"""Who acts in a claim and what it is about: the actor, the counted unit when the text leaves it
implied, and the subject phrase."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.extract.attribution import Found
from claimledger.extract.claims import Unit
from claimledger.extract.context import Carry, Force
from claimledger.extract.credit import in_report
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.kb import KnowledgeBase
from claimledger.kinds import KINDS
from claimledger.model import Actor

STATE_TYPES = ("official", "armed_force", "intelligence", "ministry", "government_body")
AGENT_KINDS = KINDS.where(agent=True)
# Kinds whose actor, when the sentence names none, is the one the report is about.
PEOPLE_CARRY = KINDS.where(people=True)


def noun_phrase(noun: Any) -> str:
    """A noun with its modifiers ("North Korean losses"), without determiners or clauses."""
    left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "poss", "nummod")]
    start = left[0].left_edge if left else noun
    skip = ("det", "advmod", "quantmod", "cc", "punct", "case")
    words = [t for t in noun.doc[start.i : noun.i + 1] if t.dep_ not in skip and not t.like_num]
    return " ".join(t.text for t in words) or noun.text


def agent_of(noun: Any, agent_verbs: frozenset[str]) -> Any:
    """The subject of the verb that sends or supplies the counted thing ("Pyongyang deployed X")."""
    verb = noun.head
    for _ in range(3):
        if verb.lower_ in agent_verbs or verb.pos_ == "VERB":
            for child in verb.children:
                if child.dep_ == "nsubj":
                    return child
        if verb.head is verb:
            break
        verb = verb.head
    return None


@dataclass(frozen=True, slots=True)
class Actors:
    kb: KnowledgeBase
    lexicon: ExtractionLexicon

    def actor(
        self, doc: Doc, unit: Unit, kind: str, carry: Carry, found: Found | None,
        force: Force | None = None, at: int = 0,
    ) -> Actor | None:
        """Who the figure belongs to or who acts: named in the counted phrase, its owner, the
        sender of what is sent, the supplier; else, for people, the actor the report is about,
        or the one force the article named before `at` (`article_force`)."""
        actor = self._named_in_phrase(unit) or self._owner_or_agent(unit, kind, found)
        if actor is None and kind == "weapons_supplied":
            actor = self._supplier(doc)
        if actor is not None:
            return self.as_state(actor)
        if unit.category in ("people", None) and kind in PEOPLE_CARRY:
            if carry.actor is None and force is not None and self._bare_force(unit) and force.named < at:
                # "2,000 soldiers were killed" in an article about one named force: its soldiers
                return force.actor
            return carry.actor
        return None

    def _bare_force(self, unit: Unit) -> bool:
        return not unit.implied and unit.noun in self.lexicon.words.force_nouns

    def article_force(self, text: str) -> Force | None:
        """The one force an article names by its state ("North Korean troops", "Rwanda's
        soldiers"): the actor of its bare "troops" and "soldiers" once it has been named. None
        where the article names none, or more than one (the two sides of a war)."""
        forces: dict[Actor, int] = {}
        for match in self.lexicon.words.named_force.finditer(text):
            actor = self.kb.link(match.group(1).strip(), partial=False)
            if actor is not None:
                forces.setdefault(self.as_state(actor), match.start())
        return Force(*next(iter(forces.items()))) if len(forces) == 1 else None

    def _named_in_phrase(self, unit: Unit) -> Actor | None:
        """ "North Korean soldiers": the actor the counted phrase names."""
        if unit.phrase:
            for mention in self.kb.find(unit.phrase):
                return mention.actor
        return None

    def _owner_or_agent(self, unit: Unit, kind: str, found: Found | None) -> Actor | None:
        if unit.head is None:
            return None
        for child in unit.head.children:
            if child.dep_ == "poss":
                actor = self.kb.link(child.text)
                if actor is not None:
                    return actor
        # "Pyongyang deployed 11,000 soldiers": the sender owns what it sends. The subject of
        # "killed 3 people" is the attacker, not whose people they were.
        agent = agent_of(unit.head, self.lexicon.agent_verbs) if kind in AGENT_KINDS else None
        if agent is not None:
            actor = self.kb.link(" ".join(t.text for t in agent.subtree)) or self.kb.link(agent.text)
            if actor is not None and not in_report(agent.idx, found):
                return actor
        return None

    def _supplier(self, doc: Doc) -> Actor | None:
        """ "Iran has shipped 200 missiles": the subject of a supplying verb."""
        for tok in doc:
            if tok.dep_ == "nsubj" and tok.head.lower_ in self.lexicon.agent_verbs:
                actor = self.kb.link(" ".join(t.text for t in tok.subtree))
                if actor is not None:
                    return actor
        return None

    def implied_unit(
        self, doc: Doc, carry: Carry, found: Found | None, previous: Unit | None = None
    ) -> Unit:
        """A number with no noun counts what the sentence's subject names, or what the last one
        did ("Instructors, estimated at up to 2,000 ..."; "The total will reach 10,000"; "North
        Korean losses have reached 300 killed": subject and actor from "North Korean losses")."""
        subject = next(
            (
                t for t in doc
                if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
                and not in_report(t.idx, found)
            ),
            None,
        )
        phrase = noun_phrase(subject) if subject is not None else None
        if previous is not None:
            # "killing three people and wounding at least 64": the 64 are people too
            return Unit(previous.noun, previous.category, previous.phrase, implied=True)
        if subject is not None:
            category = self.lexicon.units.get(subject.lower_)
            if category in ("people", "weapons"):
                return Unit(subject.lower_, category, phrase, head=subject, implied=True)
        if carry.unit is not None:
            return Unit(carry.unit.noun, carry.unit.category, carry.unit.phrase, implied=True)
        if subject is not None:
            return Unit(None, None, phrase, head=subject, implied=True)
        return Unit(None, None, None)

    def as_state(self, actor: Actor) -> Actor:
        """An official, a ministry or an army stands for its state."""
        if actor.type in STATE_TYPES:
            country = self.kb.country_of(actor.id)
            if country:
                state = self.kb.get(f"state:{country}")
                if state is not None:
                    return state
        return actor

    def subject(self, unit: Unit, actor: Actor | None, carry: Carry) -> str:
        if unit.phrase:
            named = actor is None or any(m.actor.id == actor.id for m in self.kb.find(unit.phrase))
            if not named and unit.category == "people" and actor is not None:
                return f"{unit.phrase} ({actor.name})"
            return unit.phrase
        if carry.subject:
            return carry.subject
        return actor.name if actor else "unspecified"
