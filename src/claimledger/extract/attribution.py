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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.speakers import (
    antecedent,
    child,
    clause_report,
    contiguous,
    controller_of,
    is_passive,
    named_person,
    noun_head,
    quoted,
    record_maker,
    speaker_label,
    dashed_speaker,
    survey_in,
    verb_read_as_noun,
)
from claimledger.extract.tokens import between, doc_text, first_from, lowers
from claimledger.kb import KnowledgeBase
from claimledger.model import Actor, Attribution

SPECIFIC_TYPES = ("outlet", "official", "intelligence", "ministry", "government_body", "ngo",
                  "international_org", "armed_force", "armed_group", "group")
HEADLINE_SPEAKERS = frozenset({"official", "state", "outlet", "armed_group", "armed_force", "ministry",
                               "intelligence", "international_org", "ngo", "government_body"})
TOLD_WHAT = frozenset({"dobj", "obj", "dative", "iobj", "ccomp", "xcomp", "parataxis"})
CONTRACTED_US = frozenset({"'s", "’s"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Found:
    """An attribution and the characters of the sentence it occupies (kept out of places)."""

    attribution: Attribution
    start: int
    end: int
    pronoun: bool = False  # the origin is "it"/"they": the caller resolves it from context
    # The pieces when the attribution is split ("X estimates that ... in Y ..., according to Z"):
    # what lies between them is the report, not who made it.
    parts: tuple[tuple[int, int], ...] = ()

    def covers(self, index: int) -> bool:
        """Is the character at `index` part of who is credited (not of what they report)?"""
        if self.parts:
            return any(start <= index < end for start, end in self.parts)
        return self.start <= index < self.end


class AttributionFinder:
    def __init__(self, lexicon: ExtractionLexicon, kb: KnowledgeBase) -> None:
        self.lex = lexicon
        self.kb = kb

    def find(self, doc: Doc | Span, anchors: Sequence[int] = ()) -> Found | None:
        """The sentence's attribution; `anchors` are token indices of the claims' numbers, so
        that of several reporting verbs the one governing the numbers wins."""
        citing = self._citing(doc)
        if citing is not None:
            return self._nested(doc, citing, anchors)
        denied = self._denied_claim(doc, anchors)
        if denied is not None:
            return denied
        verb = self._reporting_verb(doc, anchors)
        according = self._according(doc)
        if according is None:
            # "Jane Roe: “We counted ...”": the "we" is the name (looked for only when it can matter)
            named = self._headline_speaker(doc) if verb is None or verb.pronoun else None
            if verb is not None and not (named is not None and named.end <= verb.start):
                return self._nested(doc, verb, anchors)
            return named or self._published_by(doc) or self._surveyed(doc)
        if verb is not None and not _overlap(verb, according):
            # "The agency expects ..., according to lawmakers": the agency said it, the
            # lawmakers passed it on.
            a = verb.attribution
            merged = Attribution(a.origin, a.conduits + (according.attribution.origin,),
                                 a.origin_actor, a.cue)
            parts = ((verb.start, verb.end), (according.start, according.end))
            return Found(merged, min(verb.start, according.start), max(verb.end, according.end), parts=parts)
        return according

    # -- patterns ------------------------------------------------------------------------------

    def _citing(self, doc: Doc | Span) -> Found | None:
        for i, lower in enumerate(lowers(doc)):
            if lower not in self.lex.citing_verbs:
                continue
            tok = doc[i]
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            obj = child(tok, ("dobj", "obj", "pobj"))
            if obj is None:
                continue
            origin = self._phrase(obj)
            via: list[str] = []
            briefer = self._briefed_by(obj)
            if briefer is not None:
                # "citing lawmakers briefed by the intelligence service": the service, via them
                origin, via = self._phrase(briefer), [origin[0]]
            head = tok.head if tok.dep_ in ("advcl", "acl", "xcomp") else None
            if head is not None and tok.dep_ == "advcl" and not self.lex.reports(head):
                # the parser may hang "citing" on the reported clause: the carrier is the
                # subject of the report that clause belongs to ("Yonhap reported, citing ...")
                reporter = next((a for a in head.ancestors if self.lex.reports(a)), None)
                if reporter is not None and child(reporter, SUBJECT_DEPS) is not None:
                    head = reporter
            carrier = (head and child(head, SUBJECT_DEPS)) or (
                tok.head if tok.dep_ == "acl" else None
            )
            if carrier is not None:
                via.append(self._phrase(carrier)[0])
            if head is not None and head.lower_ in self.lex.conduit_verbs:
                told = child(head, ("dobj", "dative", "obj", "iobj"))
                if told is not None:
                    via.append(self._phrase(told)[0])
            return self._found(origin, via, tok, doc)
        return None

    def _nested(self, doc: Doc | Span, found: Found, anchors: Sequence[int]) -> Found:
        """A report inside the report: "a lawmaker who said the intelligence service had told
        parliament that 300 ..." credits the service, via the lawmaker. The inner reporting verb
        governs the numbers, sits below the outer one, and has a speaker of its own."""
        if not anchors or found.pronoun:
            return found
        base = doc[0].idx
        cue = next((t for t in between(doc, base + found.start, base + found.end)
                    if t.lower_ == found.attribution.cue), None)
        if cue is None:
            return found
        below = {t.i for t in cue.subtree}
        for ancestor in doc.doc[anchors[0]].ancestors:
            if ancestor.i == cue.i or ancestor.i not in below:
                break
            if not self.lex.reports(ancestor) and ancestor.lower_ not in self.lex.conduit_verbs:
                continue
            if quoted(doc, ancestor.i) and not quoted(doc, cue.i):
                break  # "Pew found that “about twice as many ... said ...”": the quotation is Pew's
            subject = child(ancestor, ("nsubj",))
            if subject is None or subject.text in CONTRACTED_US or subject.lower_ in self.lex.words.pronouns | self.lex.words.relative_pronouns or _counted(subject, self.lex.words.pronoun_numbers):
                continue
            if any(t.i in anchors for t in subject.subtree):
                continue  # "almost a quarter of the deaths were recorded": what is counted
            inner = self._found(self._phrase(subject), [], ancestor, doc)
            if inner is None or found.start <= inner.start < found.end:
                continue
            a = found.attribution
            attribution = Attribution(inner.attribution.origin, (a.origin, *a.conduits),
                                      inner.attribution.origin_actor, inner.attribution.cue)
            parts = ((found.start, found.end), (inner.start, inner.end))
            return Found(attribution, min(found.start, inner.start), max(found.end, inner.end), parts=parts)
        return found

    def _published_by(self, doc: Doc | Span) -> Found | None:
        """ "Satellite photographs released by the agency show ...": who put the thing out."""
        for i, lower in enumerate(lowers(doc)):
            if lower not in self.lex.publishing_verbs:
                continue
            verb = doc[i]
            if verb.dep_ != "acl":
                continue
            agent = child(verb, ("agent",))
            obj = child(agent, ("pobj",)) if agent is not None else None
            if obj is not None and verb.head.dep_ in SUBJECT_DEPS:
                return self._found(self._phrase(obj), [], verb, doc)
        return None

    def _surveyed(self, doc: Doc | Span) -> Found | None:
        """ "Most voters back the plan in a new poll": the poll, with "in" as the cue."""
        survey = survey_in(doc, self.lex)
        return self._found(self._phrase(survey), [], survey.head, doc) if survey is not None else None

    def _denied_claim(self, doc: Doc | Span, anchors: Sequence[int]) -> Found | None:
        """ "Kyiv denied Russian claims that 2,000 of its troops were encircled": the figure is
        the claim's owner's, not the denier's."""
        for i, lower in enumerate(lowers(doc)):
            if lower not in self.lex.denial_verbs:
                continue
            verb = doc[i]
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            obj = child(verb, ("dobj", "obj"))
            if obj is None or obj.lower_ not in self.lex.claim_nouns:
                continue
            inside = {t.i for t in obj.subtree}
            if not anchors or not all(i in inside for i in anchors):
                continue
            for owner in obj.children:
                if owner.dep_ not in ("amod", "poss", "compound") or owner.i > obj.i:
                    continue
                actor = self.kb.link(owner.text)
                if actor is None:
                    continue
                origin = actor.name if actor.type == "state" else owner.text
                base = doc[0].idx
                attribution = Attribution(origin=origin, origin_actor=actor, cue=verb.lower_)
                return Found(attribution, owner.idx - base, owner.idx - base + len(owner.text))
        return None

    def _according(self, doc: Doc | Span) -> Found | None:
        for hit in self.lex.according.finditer(doc_text(doc)):
            if hit.phrase in self.lex.citing_verbs:  # "citing X" is a chain, read by _citing
                continue
            first = first_from(doc, doc[0].idx + hit.end)
            if first is None:
                continue
            if hit.phrase in self.lex.named_according and not (
                first.is_title or first.is_upper or first.lower_ in self.lex.words.determiners
            ):
                continue  # "$5 per hour", not "per the ministry"
            head = noun_head(first)
            if head is None:
                continue
            return self._found(self._made_by(head), [], first, doc, cue_start=hit.start)
        return None

    def _reporting_verb(self, doc: Doc | Span, anchors: Sequence[int] = ()) -> Found | None:
        forms = self.lex.reporting_forms
        # A verb governing the claim's number wins; among equals the first in the text. (A
        # tie-break by depth below the root was meant here, but it climbed with `token.head is
        # not token`, which never holds because each `.head` is a new Token object: every
        # verb had depth 50, so it decided nothing and is left out until it is fixed for real.)
        # Rank governing verbs by how close above the number they sit ("Rwanda denies ..., but UN
        # experts wrote that 3,000 ...": "wrote" governs the number more closely than "denies").
        closeness: dict[int, int] = {}
        for i in anchors:
            for step, ancestor in enumerate(doc.doc[i].ancestors):
                closeness[ancestor.i] = min(closeness.get(ancestor.i, 99), step)
        candidates = [
            t
            for t in (doc[i] for i, lower in enumerate(lowers(doc)) if lower in forms)
            if self.lex.reports(t)
            and (t.pos_ in ("VERB", "AUX") or verb_read_as_noun(t))
            and (t.dep_ not in ("relcl", "acl", "amod") or clause_report(t, anchors, doc))
            and not self._acts(t)
        ]
        # a report of the sentence's own clause governing the number comes before one in a
        # clause on a noun ("We assess ..., but the footage, which shows ... a quarter")
        main = any(t.dep_ not in ("relcl", "acl") and t.i in closeness for t in candidates)
        # and one outside quotation marks before one inside them: the quoted words are the
        # speaker's ("Pew found that “twice as many ... said ...”")
        said = any(t.i in closeness and not quoted(doc, t.i) for t in candidates)
        candidates.sort(key=lambda t: (
            main and t.dep_ in ("relcl", "acl"), said and quoted(doc, t.i), closeness.get(t.i, 99)
        ))
        pronoun: Found | None = None
        for verb in candidates:
            found = self._verb_attribution(verb, doc)
            if found is None:
                continue
            if not found.pronoun:
                return found  # "Israel says ..., of whom it believes ...": "it" is Israel
            pronoun = pronoun or found
        return pronoun

    def _acts(self, verb: Token) -> bool:
        """ "Organizers added 160 guards": a verb that reports only a clause, with an object."""
        return verb.lemma_.lower() in self.lex.words.clause_only_reporting and any(
            c.dep_ in ("dobj", "obj") for c in verb.children
        ) and not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)

    def _verb_attribution(self, verb: Token, doc: Doc | Span) -> Found | None:
        if verb.pos_ == "NOUN":
            return self._noun_read_verb(verb, doc)
        if is_passive(verb):
            agent = child(verb, ("agent",))
            obj = child(agent, ("pobj",)) if agent is not None else None
            return self._found(self._phrase(obj), [], verb, doc) if obj is not None else None
        if verb.dep_ == "advcl" and verb.lower_ in self.lex.conduit_verbs and child(verb, TOLD_WHAT) is None:
            return None  # "All told, the group raised $4 million": told no one anything
        subject = self._speaker_of(verb)
        if subject is None:
            return None
        via: list[str] = []
        if verb.lower_ in self.lex.conduit_verbs:
            told = child(verb, ("dobj", "dative", "obj", "iobj"))
            if told is not None and told.dep_ != "ccomp":
                via.append(self._phrase(told)[0])
        briefer = self._briefed_by(subject)
        if briefer is not None:
            # "Lawmakers briefed by the spy agency say ...": the agency, via the lawmakers.
            return self._found(self._phrase(briefer), [self._phrase(subject)[0], *via], verb, doc)
        publisher = self._briefed_by(subject, self.lex.publishing_verbs)
        if publisher is not None:
            # "Photographs released by the agency appeared to show ...": the agency's
            return self._found(self._phrase(publisher), via, verb, doc)
        return self._found(self._made_by(subject), via, verb, doc)

    def _made_by(self, head: Token) -> tuple[str, Actor | None, int, int]:
        """Who made a record ("UN data", "a report by the Red Crescent"); else the phrase itself."""
        maker = record_maker(head, self.lex, self.kb)
        return maker if isinstance(maker, tuple) else self._phrase(maker)

    def _noun_read_verb(self, verb: Token, doc: Doc | Span) -> Found | None:
        """ "Ukraine's military intelligence estimates that ...", parsed as one noun phrase: the
        words before the verb are the speaker."""
        start = min(c.left_edge.i for c in verb.lefts)
        words = verb.doc[start : verb.i]
        while len(words) and words[0].lower_ in self.lex.words.determiners:
            words = words[1:]
        if not len(words):
            return None
        base = doc[0].idx
        text = words.text
        origin = (text, self._specific_actor(text), words[0].idx - base, words[-1].idx + len(words[-1].text) - base)
        return self._found(origin, [], verb, doc)

    def _speaker_of(self, verb: Token) -> Token | None:
        """The subject of a reporting verb that is its speaker, not the counted phrase."""
        # Headline style ("500 fighters captured, army says") gives the verb two subjects:
        # the speaker is the one nearest the verb that is not the counted phrase.
        # "Let's say ...": the contraction is no speaker
        every = [c for c in verb.children if c.dep_ == "nsubj" and c.text not in CONTRACTED_US]
        if not every and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
            # "The ministry does not distinguish ..., but says more than half ...": the second
            # verb shares the first one's subject; so does a participle ("..., adding that ...")
            every = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if not every:
            controller = controller_of(verb, self.lex)
            every = [controller] if controller is not None else []
        subjects = [c for c in every if not _counted(c, self.lex.words.pronoun_numbers)]
        if not subjects and len(every) == 1 and self._speakers(every[0]):
            subjects = every  # "Two officials briefed on the talks said ...": a count of speakers
        subject = min(subjects, key=lambda c: abs(verb.i - c.i)) if subjects else None
        if subject is not None and subject.pos_ == "NOUN":
            # "COGAT, the Israeli military body that oversees aid, said": the parser hangs the
            # name and its description on the verb separately; the name is the speaker
            name = next((
                c for c in verb.children
                if c.dep_ in ("nsubj", "npadvmod", "dep") and c.pos_ == "PROPN"
                and c.right_edge.i + 2 == subject.left_edge.i and c.doc[c.right_edge.i + 1].text == ","
            ), None)
            subject = name or subject
        if subject is not None and subject.lower_ in self.lex.words.relative_pronouns:
            return antecedent(subject, self.lex.words.date_words)
        return subject

    def _speakers(self, subject: Token) -> bool:
        """A head noun for people who speak ("officials", "diplomats", "sources")."""
        words = {subject.lower_, subject.lemma_.lower()}
        return bool(words & (self.lex.generic_origins | set(self.lex.generic_references)))

    def _briefed_by(self, subject: Token, verbs: frozenset[str] = frozenset()) -> Token | None:
        """Who briefed the subject ("lawmakers briefed by the agency"), or with `verbs`, who
        put it out ("photographs released by the agency")."""
        verbs = verbs or self.lex.conduit_verbs | self.lex.citing_verbs
        for verb in subject.children:
            if verb.dep_ == "acl" and verb.lower_ in verbs:
                agent = child(verb, ("agent",))
                obj = child(agent, ("pobj",)) if agent is not None else None
                if obj is not None:
                    return obj
        return None

    def _headline_speaker(self, doc: Doc | Span) -> Found | None:
        """ "Zelensky: 3,000 troops lost" — a name and a colon open the sentence."""
        colon = next((t for t in doc[:6] if t.text == ":"), None)
        name, colon = (doc.doc[doc[0].i : colon.i], colon) if colon is not None else dashed_speaker(doc)
        if not name or colon is None:  # dashed: "A HEADLINE IN CAPITALS - Jane Roe: “We ...”"
            return None
        if not all(t.is_title or t.is_upper or t.text in ("'s", "’s") for t in name):
            return None
        actor = self.kb.link(name.text)
        survey = name[-1].lower_ in self.lex.survey_nouns  # "Poll: ...", "New survey: ..."
        if not survey and (actor is None or actor.type not in HEADLINE_SPEAKERS) and not (
            actor is None and speaker_label(name, doc.doc[colon.i + 1 :], self.lex)
        ):
            return None
        base = doc[0].idx
        attribution = Attribution(origin=name.text, origin_actor=actor, cue=":")
        return Found(attribution, name[0].idx - base, colon.idx - base + 1)

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
        pronoun = text.lower() in self.lex.words.pronouns
        conduits = tuple(v for v in via if v and v.lower() not in self.lex.words.pronouns)
        attribution = Attribution(origin=text, conduits=conduits, origin_actor=actor, cue=cue.lower_)
        return Found(attribution, start, end, pronoun)

    def _phrase(self, head: Token) -> tuple[str, Actor | None, int, int]:
        """The noun phrase headed by `head`, cleaned, with the actor it names if any.

        Returns (text, actor, start, end) with offsets relative to the sentence.
        """
        # clauses hung on the head or on its description ("COGAT, the body that oversees aid")
        dropped = {
            t.i for child in head.subtree if child.dep_ in CLAUSE_DEPS and child is not head
            for t in child.subtree
        }
        # "briefed by the agency" is not part of the lawmakers' name; nor is a part counted
        # beside it ("according to the AP, 571 of the 714 delegates ...", parsed as an
        # apposition), while an age or a description stays ("Carla Cruz, 24", "an aide in 2008")
        dropped |= {
            t.i for part in head.children
            if part.dep_ == "acl" or (part.dep_ == "appos" and part.like_num and child(part, ("prep",)) is not None)
            for t in part.subtree
        }
        tokens = [t for t in head.subtree if t.i not in dropped]
        tokens = contiguous(head, tokens)
        while tokens and (tokens[0].lower_ in self.lex.words.determiners or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if not tokens:
            return "", None, 0, 0
        base = head.doc[0].idx
        start = tokens[0].idx - base
        end = tokens[-1].idx + len(tokens[-1].text) - base
        # The origin keeps the article's words ("South Korea's spy agency"); the knowledge-base
        # link to the canonical actor travels beside it for reconciliation.
        named = named_person(head, self.lex, self.kb)
        if named is not None:
            # "Ukraine's president, Volodymyr Zelensky", "the city's mayor Ihor Terekhov": the name
            # is the origin; the whole phrase still names who speaks (it is no place or figure)
            start, end = min(start, named[0].idx - base), max(end, named[-1].idx + len(named[-1].text) - base)
            tokens = named
        text = " ".join(doc_text(head.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].split())
        text = PARENTHETICAL.sub("", text).strip() or text  # "Service (NIS)" -> "Service"
        return text, self._specific_actor(text), start, end

    def _specific_actor(self, text: str) -> Actor | None:
        """The most specific actor the phrase names: an agency or person over the state it
        belongs to ("Pyongyang's state news agency KCNA" is KCNA, not North Korea)."""
        whole = self.kb.link(text, partial=False)
        if whole is not None:
            return whole
        mentions = self.kb.find(text)
        if not mentions:
            return None
        ranked = sorted(
            mentions,
            key=lambda m: (m.actor.type not in SPECIFIC_TYPES, -(m.end - m.start)),
        )
        return ranked[0].actor


ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")  # "the 7th Corps said": a name, not a count
PARENTHETICAL = re.compile(r"\s*\([^)]*\)?\s*$")
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})


def _counted(phrase: Token, singles: frozenset[str]) -> bool:
    """A number inside the phrase itself, not in a clause, an apposition or a place hung on it:
    "500 fighters" and "40 of the wounded" are counted; "the military, a figure it gave as 242",
    "researchers at two universities" and "one former official" (`singles`) are not."""
    skipped = {
        t.i for child in phrase.children
        if child.dep_ in CLAUSE_DEPS | {"appos"} or (child.dep_ == "prep" and child.lower_ != "of")
        for t in child.subtree
    }
    return any(
        t.like_num and not (t.lower_ in singles and t.dep_ == "nummod") and not ORDINAL.fullmatch(t.text)
        for t in phrase.subtree if t.i not in skipped
    )


def _overlap(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end



