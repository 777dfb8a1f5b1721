"""Who a sentence credits: the origin of the information and the conduits it passed through.

Works on spaCy's dependency parse of one sentence. Patterns, in order of precedence:
  - "X, citing Y, told Z"           origin Y via X, via Z
  - "according to X" / "as reported by X"
  - "X told Y that ..."             origin X via Y
  - "X said / reported / estimated ...", also after the quote ("..., X said") and headline
    style ("..., officials say")
  - "it was reported by X"          origin X (passive with an agent)
A passive report with no agent ("have been reported") credits no one; it hedges instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.kb import KnowledgeBase
from claimledger.model import Actor, Attribution

PRONOUNS = frozenset({"it", "they", "he", "she", "this", "that", "these", "those", "we", "i"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
SPECIFIC_TYPES = ("outlet", "official", "intelligence", "ministry", "government_body", "ngo",
                  "international_org", "armed_force", "armed_group", "group")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Found:
    """An attribution and the characters of the sentence it occupies (kept out of places)."""

    attribution: Attribution
    start: int
    end: int
    pronoun: bool = False  # the origin is "it"/"they": the caller resolves it from context


class AttributionFinder:
    def __init__(self, lexicon: ExtractionLexicon, kb: KnowledgeBase) -> None:
        self.lex = lexicon
        self.kb = kb

    def find(self, doc: Doc | Span) -> Found | None:
        return self._citing(doc) or self._according(doc) or self._reporting_verb(doc)

    # -- patterns ------------------------------------------------------------------------------

    def _citing(self, doc: Doc | Span) -> Found | None:
        for tok in doc:
            if tok.lower_ not in self.lex.citing_verbs or tok.pos_ not in ("VERB", "AUX"):
                continue
            obj = _child(tok, ("dobj", "obj", "pobj"))
            if obj is None:
                continue
            origin = self._phrase(obj)
            via: list[str] = []
            head = tok.head if tok.dep_ in ("advcl", "acl", "xcomp") else None
            carrier = (head and _child(head, SUBJECT_DEPS)) or (
                tok.head if tok.dep_ == "acl" else None
            )
            if carrier is not None:
                via.append(self._phrase(carrier)[0])
            if head is not None and head.lower_ in self.lex.conduit_verbs:
                told = _child(head, ("dobj", "dative", "obj", "iobj"))
                if told is not None:
                    via.append(self._phrase(told)[0])
            return self._found(origin, via, tok, doc)
        return None

    def _according(self, doc: Doc | Span) -> Found | None:
        for hit in self.lex.according.finditer(doc.text):
            if hit.phrase in ("citing", "quoting"):
                continue
            tokens = [t for t in doc if t.idx - doc[0].idx >= hit.end]
            if not tokens:
                continue
            first = tokens[0]
            head = _noun_head(first, doc)
            if head is None:
                continue
            return self._found(self._phrase(head), [], first, doc, cue_start=hit.start)
        return None

    def _reporting_verb(self, doc: Doc | Span) -> Found | None:
        candidates = [
            t for t in doc if t.lower_ in self.lex.reporting_verbs and t.pos_ in ("VERB", "AUX")
        ]
        # The verb nearest the root governs the sentence ("officials said the troops, who were
        # reported missing, ...": "said", not "reported").
        candidates.sort(key=_depth)
        for verb in candidates:
            if _is_passive(verb):
                agent = _child(verb, ("agent",))
                obj = _child(agent, ("pobj",)) if agent is not None else None
                if obj is not None:
                    return self._found(self._phrase(obj), [], verb, doc)
                continue
            subject = _child(verb, ("nsubj",))
            if subject is None or subject.like_num:
                continue
            via: list[str] = []
            if verb.lower_ in self.lex.conduit_verbs:
                told = _child(verb, ("dobj", "dative", "obj", "iobj"))
                if told is not None and told.dep_ != "ccomp":
                    via.append(self._phrase(told)[0])
            return self._found(self._phrase(subject), via, verb, doc)
        return None

    # -- helpers -------------------------------------------------------------------------------

    def _found(
        self,
        origin: tuple[str, Actor | None, int, int],
        via: list[str],
        cue: Token,
        doc: Doc | Span,
        cue_start: int | None = None,
    ) -> Found | None:
        text, actor, o_start, o_end = origin
        if not text:
            return None
        base = doc[0].idx
        start = min(o_start, cue.idx - base, cue_start if cue_start is not None else o_start)
        end = max(o_end, cue.idx - base + len(cue.text))
        pronoun = text.lower() in PRONOUNS
        conduits = tuple(v for v in via if v and v.lower() not in PRONOUNS)
        attribution = Attribution(origin=text, conduits=conduits, origin_actor=actor, cue=cue.lower_)
        return Found(attribution, start, end, pronoun)

    def _phrase(self, head: Token) -> tuple[str, Actor | None, int, int]:
        """The noun phrase headed by `head`, cleaned, with the actor it names if any.

        Returns (text, actor, start, end) with offsets relative to the sentence.
        """
        tokens = [t for t in head.subtree if t.dep_ not in ("relcl", "acl", "punct") or t is head]
        tokens = _trim_clauses(head, tokens)
        while tokens and tokens[0].lower_ in DETERMINERS:
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if not tokens:
            return "", None, 0, 0
        base = head.doc[head.sent.start].idx if isinstance(head.doc, Doc) else 0
        sent_base = _sentence_base(head)
        start = tokens[0].idx - sent_base
        end = tokens[-1].idx + len(tokens[-1].text) - sent_base
        del base
        text = head.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        text = " ".join(text.split())
        actor = self._specific_actor(text)
        if actor is not None and actor.type in SPECIFIC_TYPES:
            return actor.name, actor, start, end
        return text, actor, start, end

    def _specific_actor(self, text: str) -> Actor | None:
        mentions = self.kb.find(text)
        if not mentions:
            return self.kb.link(text)
        ranked = sorted(
            mentions,
            key=lambda m: (m.actor.type not in SPECIFIC_TYPES, m.actor.type == "state", -(m.end - m.start)),
        )
        best = ranked[0].actor
        # A phrase that is only a place or a state ("Ukraine's military") keeps its own words.
        if best.type == "state" and len(mentions) == 1 and mentions[0].end - mentions[0].start < len(text):
            return best
        return best


def _sentence_base(token: Token) -> int:
    return token.doc[0].idx


def _child(token: Token, deps: tuple[str, ...] | frozenset[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


def _noun_head(first: Token, doc: Doc | Span) -> Token | None:
    """The head noun of the phrase that starts at `first` ("according to [a Reuters investigation]")."""
    token = first
    for _ in range(8):
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.head.i >= token.i or token.dep_ == "pobj":
            break
        if token.i + 1 >= len(token.doc):
            break
        token = token.doc[token.i + 1]
    while token.head is not token and token.head.pos_ in ("NOUN", "PROPN") and token.dep_ in (
        "compound",
        "amod",
        "poss",
        "nmod",
    ):
        token = token.head
    return token if token.pos_ in ("NOUN", "PROPN", "PRON") else None


def _trim_clauses(head: Token, tokens: list[Token]) -> list[Token]:
    """Keep the phrase up to where a clause or a new sentence part starts after the head."""
    out: list[Token] = []
    for t in tokens:
        if t.i > head.i and t.dep_ in ("relcl", "advcl", "ccomp", "acl") and t.head is head:
            break
        out.append(t)
    # Appositives are kept ("Ukraine's president, Volodymyr Zelensky"), but a trailing comma
    # followed by a verb clause is not.
    return [t for t in out if not (t.i > head.i and t.pos_ == "VERB" and t.head is not head)]
