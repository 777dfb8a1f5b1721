"""The extract stage: an Article in, its claims out.

Three passes over an article:
  1. split sentences by rule and keep only those that can carry a claim (a number, an
     attribution cue, a quantity word): the gate that keeps spaCy off most of the text;
  2. parse the kept sentences with spaCy in one batch;
  3. walk the sentences in order, carrying attribution, time and place from one sentence to the
     next where the text plainly continues a report, and build the claims.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberFinder, NumberLexicon, NumberMention
from claimledger.analyse.times import TimeLexicon, TimeMention, TimeResolver, interval_start
from claimledger.extract.attribution import AttributionFinder, Found
from claimledger.extract.conflicts import ConflictCalendar
from claimledger.extract.claims import (
    Unit,
    civilian_movement,
    decide_kind,
    find_unit,
    is_claim_number,
    span_distance,
)
from claimledger.extract.credit import ESTIMATE_ENDS, INDEFINITE, IN_TEXT_CITATION, NAMED_AGENT, before_the_report, citation_attribution, governs, in_report, short
from claimledger.extract.gate import DATELINE, LIVE_STAMP, title_span
from claimledger.extract.kinds import AGENT_KINDS, PART_AFTER, PEOPLE_CARRY, STATE_TYPES, agent_of, confidence, noun_phrase, own_cue, part_of_previous, refine_kind
from claimledger.extract.places import HOSTING_VERBS, LIST_JOINT, NON_LOCATIVE, PLACE_PREPOSITIONS, PLACE_REFERENCE, PlaceSpan, REFERENCE_LEVELS, SITE_NAMED, SITE_OF, SITE_TYPED, WITHIN, fought_for, names_container, where_said, word_before
from claimledger.extract.times import BEFORE_THE, PERIOD_BONUS, date_headlines, governing_times, since_events, speech_date, stated_as_current
from claimledger.extract.lexicon import LEXICON_FILE, ExtractionLexicon
from claimledger.extract.nlp import TagRules, load_pipeline
from claimledger.extract.repeats import drop_repeats
from claimledger.extract.voice import document_issuer, is_first_person
from claimledger.extract.sentences import Sentence, split_sentences
from claimledger.kb import Gazetteer, KnowledgeBase
from claimledger.model import (
    Actor,
    Article,
    Attribution,
    Citation,
    Claim,
    Location,
    Metadata,
)
from claimledger.settings import Settings

EXTRACTOR_VERSION = "0.1.0"


@dataclass(frozen=True)
class Resources:
    """Everything heavy the extractor needs, loaded once per process and passed in."""

    nlp: Language
    numbers: NumberFinder
    times: TimeResolver
    kb: KnowledgeBase
    places: Gazetteer
    lexicon: ExtractionLexicon
    conflicts: ConflictCalendar
    tags: TagRules | None = None  # the attribute ruler's rules, when they replace the ruler

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Parsed Docs with tags, dependencies and coarse POS, one per text."""
        for doc in self.nlp.pipe(texts):
            yield self.tags(doc) if self.tags is not None else doc

    @classmethod
    def load(cls, settings: Settings) -> Resources:
        extra = Path(settings.lexicon_dir) if settings.lexicon_dir else None

        def user(name: str) -> list[Path]:
            path = extra / name if extra else None
            return [path] if path and path.is_file() else []

        nlp = load_pipeline(settings.spacy_model)
        return cls(
            nlp=nlp,
            tags=TagRules.take_over(nlp),
            numbers=NumberFinder(NumberLexicon.load(next(iter(user("numbers.yaml")), None))),
            times=TimeResolver(TimeLexicon.load(next(iter(user("times.yaml")), None))),
            kb=KnowledgeBase.load(user("actors.yaml")),
            places=Gazetteer.load(user("places.yaml")),
            lexicon=ExtractionLexicon.load(user(LEXICON_FILE)),
            conflicts=ConflictCalendar.load(user("conflicts.yaml")),
        )


@dataclass(slots=True)
class Carry:
    """What a sentence hands to the next one."""

    paragraph: int = -1
    attribution: Attribution | None = None
    explicit: bool = False  # the attribution was stated in that sentence, not carried into it
    time: str | None = None
    location: Location | None = None
    actor: Actor | None = None
    subject: str | None = None
    unit: Unit | None = None
    hops: int = 0
    scene: str | None = None  # text of sentences with no figure since, read only if needed
    figureless: bool = False  # the sentence handing this on gave no figure: it set a scene


@dataclass(slots=True)
class Analysed:
    sentence: Sentence
    text: str
    numbers: list[NumberMention]
    doc: Doc | None = None
    citation: Citation | None = None
    facts: dict[str, Any] = field(default_factory=dict)


class Extractor:
    def __init__(self, resources: Resources) -> None:
        self.r = resources
        self.lex = resources.lexicon
        self.attributions = AttributionFinder(resources.lexicon, resources.kb)
        self.version = EXTRACTOR_VERSION
        self._last_place: Location | None = None  # per article, for "the city", "the region"
        self._named: list[tuple[int, Location]] = []  # per article: the places named so far
        self._mentions: list[Any] = []  # per article: the gazetteer's places in its text
        self._issuer: tuple[Attribution, int] | None = None  # per article: who "we" are
        self._countries: Counter[str] = Counter()  # per article: which war "the war" is
        # "the Djibo raid", "the Sunday attack": an event reference with a name in it
        nouns = sorted({p.split()[-1] for p in self.lex.event_references.labels if p.startswith("the ")})
        self._named_event = re.compile(
            rf"\bthe\s+(?:[A-Z][\w'’-]*\s+){{1,2}}(?:{'|'.join(map(re.escape, nouns))})\b"
        ) if nouns else None

    # -- public API ------------------------------------------------------------------------------

    def date_article(self, article: Article) -> Article:
        """Give an undated article the latest date its text allows, marked as inferred."""
        if article.metadata.published is not None:
            return article
        inferred = self.r.times.infer_published(article.text)
        if inferred is None:
            return article
        metadata = dataclasses.replace(article.metadata, published=inferred, published_inferred=True)
        return dataclasses.replace(article, metadata=metadata)

    def extract(self, article: Article) -> list[Claim]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[Article]) -> list[list[Claim]]:
        """Claims for several articles, parsing all their candidate sentences in one spaCy batch."""
        analysed = [self._gate(a) for a in articles]
        candidates = [s for sentences in analysed for s in sentences if self._wants_parse(s)]
        for item, doc in zip(candidates, self.r.parse(s.text for s in candidates), strict=True):
            item.doc = doc
        return [self._claims(a, sentences) for a, sentences in zip(articles, analysed, strict=True)]

    # -- pass 1: gate ----------------------------------------------------------------------------

    def _gate(self, article: Article) -> list[Analysed]:
        text = article.text
        cited = sorted((c.start, c.end) for c in article.citations)
        out: list[Analysed] = []
        for sentence in split_sentences(text):
            if any(s < sentence.end and sentence.start < e for s, e in cited):
                continue
            dateline = DATELINE.match(text, sentence.start, sentence.end)
            if dateline is not None:
                # Where and when the report was filed is metadata, not the sentence's subject.
                sentence = dataclasses.replace(sentence, start=dateline.end())
            stamp = LIVE_STAMP.match(text, sentence.start, sentence.end)
            if stamp is not None:
                # A live blog's entry stamp says when the entry was posted, not when things happened.
                sentence = dataclasses.replace(sentence, start=stamp.end())
            sent_text = text[sentence.start : sentence.end]
            out.append(Analysed(sentence, sent_text, self.r.numbers.find(sent_text)))
        for index, citation in enumerate(article.citations):
            span = title_span(text, citation)
            if span is None:
                continue
            start, end = span
            sentence = Sentence(start, end, paragraph=-1 - index, index=len(out))
            sent_text = text[start:end]
            out.append(Analysed(sentence, sent_text, self.r.numbers.find(sent_text), citation=citation))
        return out

    def _wants_parse(self, item: Analysed) -> bool:
        if item.numbers or item.citation is not None:
            return True
        return bool(self.lex.reporting.search(item.text) or self.lex.according.search(item.text))

    # -- pass 3: claims --------------------------------------------------------------------------

    def _claims(self, article: Article, sentences: list[Analysed]) -> list[Claim]:
        claims: list[Claim] = []
        carry = Carry()
        published = article.metadata.published
        origins: list[Attribution] = []  # explicit origins so far, for "the agency said"
        origin_times: dict[str, str] = {}  # when each origin last spoke, for later sentences
        self._last_place = None
        self._named = []
        self._issuer = document_issuer(article, self.lex, self.r.kb)
        self._mentions = self.r.places.find(article.text)
        self._countries = Counter(m.place.country for m in self._mentions if m.place.country)
        for item in sentences:
            if item.doc is None:
                carry = self._fade(carry, item)
                continue
            new, carry = self._sentence_claims(article, item, carry, published, origins, origin_times)
            if carry.explicit and carry.attribution is not None and item.citation is None:
                origins.append(carry.attribution)
                if carry.time:
                    origin_times[carry.attribution.origin] = carry.time
            claims.extend(new)
        date_headlines(claims)
        return drop_repeats(claims, [(c.start, c.end) for c in article.citations])

    def _fade(self, carry: Carry, item: Analysed) -> Carry:
        """A sentence with nothing to say still ends the carry of a report after one hop. It
        still sets the scene for a next sentence that points back to it ("On 19 May ... near
        Chasiv Yar." then "The enemy lost ..."): its text is kept, read only if one does. Its
        places are kept for a later "the region" or "the city"."""
        start, end = item.sentence.start, item.sentence.end
        self._named.extend(
            (m.start, Location(text=m.text, place=m.place)) for m in self._mentions if start <= m.start < end
        )
        self._named.extend((start + s, loc) for s, loc in self._sites_unparsed(item.text, ()))
        if item.sentence.paragraph != carry.paragraph:
            return Carry(
                paragraph=item.sentence.paragraph, actor=carry.actor, subject=carry.subject,
                scene=item.text, time=carry.time,
            )
        scene = f"{carry.scene} {item.text}" if carry.scene else item.text
        return dataclasses.replace(carry, attribution=None, explicit=False, hops=carry.hops + 1, scene=scene)

    def _set_scene(self, carry: Carry, published: Any) -> Carry:
        """The time and the last place of the sentences with no figure, found without a parse."""
        assert carry.scene is not None
        times = [t.value for t in self.r.times.find(carry.scene, published) if t.value]
        places = self._scene_places(carry.scene)
        # the narrowest place, the last of those: "the liberation of the Republican Palace ... in
        # central Khartoum" is about the palace; "in Donetsk region ... near Chasiv Yar" the town
        narrowest = min((self._site_level(loc) for _, loc in places), default=0)
        location = next((loc for _, loc in reversed(places) if self._site_level(loc) == narrowest), None)
        return dataclasses.replace(
            carry, time=times[-1] if times else carry.time, location=location or carry.location, scene=None
        )

    def _sentence_claims(
        self,
        article: Article,
        item: Analysed,
        carry: Carry,
        published: Any,
        origins: list[Attribution],
        origin_times: dict[str, str],
    ) -> tuple[list[Claim], Carry]:
        assert item.doc is not None
        doc, text = item.doc, item.text
        same_paragraph = item.sentence.paragraph == carry.paragraph
        anaphoric = self._anaphoric(text)
        # A sentence that opens by pointing back ("The enemy lost ...", "In the fighting, ...")
        # continues the one before it even across a paragraph break: statements and wire copy
        # put every sentence in a paragraph of its own.
        adjacent = item.sentence.paragraph == carry.paragraph + 1
        linked = same_paragraph or (anaphoric and adjacent)
        scene_led = same_paragraph and (carry.scene is not None or carry.figureless)
        if linked and carry.scene is not None:
            carry = self._set_scene(carry, published)
        anchors = [t.i for n in item.numbers for t in doc if n.number_start <= t.idx < n.number_end]
        found = self.attributions.find(doc, anchors)
        if found is not None and found.pronoun:
            # "..., regional governor X said." then, in the next paragraph, "..., he wrote."
            found = self._resolve_pronoun(found, carry, same_paragraph or (adjacent and carry.explicit))
        elif found is not None:
            found = self._resolve_reference(found, origins, text)
        attribution, explicit = self._attribution(item, found, carry, linked, anaphoric)
        times = since_events(self.r.times.find(text, published), text, published)
        since = self.r.conflicts.since(text, self._countries, published)
        if since is not None and not any(t.start < since[1] and since[0] < t.end for t in times):
            times = sorted([*times, TimeMention(since[0], since[1], text[since[0]:since[1]], since[2], "since")],
                           key=lambda m: m.start)
        if found is not None and published is not None:
            times = self._as_of_speech(times, text, doc, found, published)
        hedged = self._hedged(text)
        places = self._places(doc, found, item.sentence.start)
        same_source = attribution is not None and carry.attribution is not None and (
            attribution.origin == carry.attribution.origin
        )
        # The same source again in the next sentence ("..., the health ministry said." then
        # "The ministry said 50,021 ...") goes on with the same report: its scene carries over.
        # A carried attribution does not carry the scene (the seed gold leaves the place of
        # "Approximately 4,000 soldiers have been killed ..." null after "... in Russia").
        same_report = explicit and same_source and (same_paragraph or adjacent)
        continuing = (linked and (anaphoric or (not explicit and attribution is not None))) or same_report
        # The article's own narration going on in the same paragraph ("A bomb hit the plant on
        # Monday evening. Four people were killed.") stays at the time it set, unless it gives one;
        # so does a figure reported right after the sentence that set the scene ("On 24 August
        # gunmen attacked the town. Survivors told us 200 were killed.").
        narrated = (
            same_paragraph and (attribution is None or scene_led) and not any(t.value for t in times)
        )
        claims: list[Claim] = []
        last_unit: Unit | None = None
        numbers = item.numbers
        for i, number in enumerate(numbers):
            unit = find_unit(doc, number, self.lex)
            if not is_claim_number(number, unit, text, self.lex):
                continue
            segment = (
                numbers[i - 1].end if i > 0 else 0,
                numbers[i + 1].start if i + 1 < len(numbers) else len(text),
            )
            if unit.noun is None:
                unit = self._implied_unit(doc, carry, found, last_unit)
            kind, cued = decide_kind(text, number, segment, unit, self.lex, doc)
            kind = civilian_movement(refine_kind(kind, text, number, segment, self.lex), unit)
            if (
                claims
                and part_of_previous(text, number, numbers[i - 1] if i else None)
                and own_cue(text, number, segment, self.lex) is None
            ):
                # "killed 23 people, seven of them children"; a part that says what happened to
                # it ("94 hostages, including 34 believed to be dead") keeps its own kind
                kind = claims[-1].kind
            if unit.category is not None:
                last_unit = Unit(unit.noun, unit.category, unit.phrase, implied=True)
            actor = self._actor(doc, unit, kind, carry, found)
            subject = self._subject(unit, actor, carry)
            own_places = places
            if i + 1 < len(numbers) and PART_AFTER.match(text, numbers[i + 1].end):
                # "132 assaults, almost half of them in the Pokrovsk direction": the place of the
                # part is not the place of the whole
                own_places = [p for p in places if p.start < numbers[i + 1].start]
            location = self._location(
                own_places, text, number, carry if (anaphoric and linked) or same_report else None, self._last_place
            )
            credited = attribution
            if explicit and found is not None and before_the_report(doc, found, number, self.lex):
                # "X is believed to have sent 14,000 ..., and intelligence estimates 2,000 ...":
                # the second clause's speaker does not vouch for the first clause's figure.
                credited = self._own_report(item, number, found, carry, linked, anaphoric)
            elif found is not None and len(found.parts) == 2 and not governs(doc, found, number):
                # "X estimates that ..., with six killed there, according to local medics": the
                # figure X's verb does not govern is the according-to source's alone
                credited = Attribution(origin=found.attribution.conduits[-1], cue="according to")
            elif found is not None and found.covers(number.start) and number.text not in found.attribution.origin:
                # "South Africa, which has lost 14 soldiers, said ...": a figure inside the phrase
                # that names the speaker is not what the speaker says
                credited = self._attribution(item, None, carry, linked, anaphoric)[0]
            governing = governing_times(times, doc, number, segment, unit, found, self.lex.reporting_verbs)
            if self._earlier_figure(text, number):
                # "up from about 280,000 before the war": a past figure the sentence compares
                # with is dated only by a time of its own, never as current or by context
                time = self._time(governing, number, text, None, None)
            else:
                time = self._time(governing, number, text, published, carry if continuing else None)
                if time is None and item.citation is not None and item.citation.date is not None:
                    # a cited headline's present tense is as of the cited piece, not of this one
                    time = item.citation.date.isoformat()
                if time is None and published is not None and stated_as_current(unit, doc, number, self.lex):
                    time = published.isoformat()
                if time is None and found is not None:
                    time = origin_times.get(found.attribution.origin)
                if time is None and narrated:
                    time = carry.time
            claims.append(
                Claim(
                    article_id=article.id,
                    kind=kind,
                    subject=subject,
                    quote=text,
                    start=item.sentence.start + number.start,
                    end=item.sentence.start + number.end,
                    actor=actor,
                    value=number.value,
                    value_low=number.value_low,
                    value_high=number.value_high,
                    approx=number.approx or self._estimated(text, number),
                    number_text=number.text,
                    unit=unit.noun or ("percent" if number.percent else None),
                    location=location,
                    time=time,
                    attribution=credited,
                    hedged=hedged and self._hedged(text, number),
                    confidence=confidence(cued, unit, credited, actor, number),
                    extractor_version=self.version,
                )
            )
        named = [p.location for p in places if p.location is not None]
        self._remember(item.sentence.start, ((p.start, p.location) for p in places if p.location is not None and p.rank != 2))
        local = [loc for loc in named if loc.place is None or loc.place.name != loc.place.country_name]
        if local:
            # "the city", "the oblast" refer back to a place below the country
            self._last_place = local[-1]
        if not claims and found is not None and not found.pronoun:
            statement = self._statement(article, item, attribution, times, named, hedged, published)
            if statement is not None:
                claims.append(statement)
        last = claims[-1] if claims else None
        # the scene goes on from the whole count, not from a part of it ("1.1 million
        # displacements, 62 percent of them in North Darfur" leaves no place for what follows)
        wholes = [c for c in claims if not PART_AFTER.match(text, c.end - item.sentence.start)]
        scene = wholes[-1] if wholes else last
        next_carry = Carry(
            paragraph=item.sentence.paragraph,
            attribution=attribution,
            explicit=explicit,
            time=last.time if last and last.time else (times[0].value if times else carry.time if continuing else None),
            location=scene.location if scene and scene.location else carry.location,
            actor=(last.actor if last and last.actor else carry.actor),
            subject=(last.subject if last and last.kind != "statement" else carry.subject),
            unit=last_unit or carry.unit,
            hops=0 if explicit else carry.hops + 1,
            figureless=all(c.kind == "statement" for c in claims),
        )
        return claims, next_carry

    # -- attribution -----------------------------------------------------------------------------

    def _attribution(
        self,
        item: Analysed,
        found: Found | None,
        carry: Carry,
        same_paragraph: bool,
        anaphoric: bool,
    ) -> tuple[Attribution | None, bool]:
        if item.citation is not None:
            return citation_attribution(item.citation, found), True
        issuer = self._issuer[0] if self._issuer and item.sentence.start >= self._issuer[1] else None
        if found is not None and not found.pronoun:
            if issuer is not None and is_first_person(found.attribution.origin):
                return issuer, True  # "our monitors recorded ..."
            return found.attribution, True
        cited = self._in_text_citation(item.text, item.sentence)
        if cited is not None:
            return cited, True
        # Carried over: the next sentence of the same report, or a sentence that refers back.
        continues = carry.explicit or (anaphoric and carry.hops < 3)
        if carry.attribution is not None and same_paragraph and continues:
            return carry.attribution, False
        if issuer is not None:
            return issuer, False  # a statement's or report's own figures
        return None, False

    def _own_report(
        self, item: Analysed, number: NumberMention, found: Found, carry: Carry, linked: bool, anaphoric: bool
    ) -> Attribution | None:
        """Who vouches for a number the sentence's main report does not govern: a reporting
        verb of its own clause ("a group told me they had buried 4,700, and the ministry puts
        the deaths at 12,000"), else whoever would be credited with no report in the sentence."""
        assert item.doc is not None
        anchors = [t.i for t in item.doc if number.number_start <= t.idx < number.number_end]
        own = self.attributions.find(item.doc, anchors)
        if (
            own is not None
            and not own.pronoun
            and own.attribution.origin != found.attribution.origin
            and not before_the_report(item.doc, own, number, self.lex)
        ):
            return own.attribution
        return self._attribution(item, None, carry, linked, anaphoric)[0]

    def _resolve_pronoun(self, found: Found, carry: Carry, same_paragraph: bool) -> Found | None:
        if self._issuer is not None and is_first_person(found.attribution.origin):
            return Found(self._issuer[0], found.start, found.end, parts=found.parts)
        if carry.attribution is not None and same_paragraph:
            merged = Attribution(
                origin=carry.attribution.origin,
                conduits=carry.attribution.conduits,
                origin_actor=carry.attribution.origin_actor,
                cue=found.attribution.cue,
            )
            return Found(merged, found.start, found.end, parts=found.parts)
        return None

    def _resolve_reference(self, found: Found, origins: list[Attribution], text: str) -> Found:
        """ "The agency said": the agency named earlier in the article."""
        # "the agency", "the ethnic armed group": a common noun (with at most two modifiers) that
        # names nobody in particular refers back to someone named before. "A local rescue group"
        # or "the regional prosecutor's office" brings in someone new.
        origin = found.attribution.origin
        words = origin.lower().split()
        if not words or len(words) > 3 or words[-1] not in self.lex.generic_references:
            return found
        at = text.find(origin)
        if "'s" in origin.replace("’", "'") or (at >= 0 and INDEFINITE.search(text, 0, at)):
            return found
        if found.attribution.origin_actor is not None and found.attribution.origin_actor.type != "group":
            return found
        noun = words[-1]
        for earlier in reversed(origins):
            named = earlier.origin.lower()
            actor_type = earlier.origin_actor.type if earlier.origin_actor else ""
            if noun in named or actor_type in self.lex.generic_references[noun]:
                a = found.attribution
                resolved = Attribution(earlier.origin, a.conduits or earlier.conduits,
                                       earlier.origin_actor, a.cue)
                return Found(resolved, found.start, found.end, parts=found.parts)
        return found

    def _in_text_citation(self, text: str, sentence: Sentence) -> Attribution | None:
        del sentence
        m = IN_TEXT_CITATION.search(text)
        if m is None:
            return None
        return Attribution(origin=f"{m.group(1)} ({m.group(2)})", cue="citation")

    # -- actor, subject, place, time --------------------------------------------------------------

    def _actor(self, doc: Doc, unit: Unit, kind: str, carry: Carry, found: Found | None) -> Actor | None:
        kb = self.r.kb
        if unit.phrase:
            for mention in kb.find(unit.phrase):
                return self._as_state(mention.actor)
        if unit.head is not None:
            for child in unit.head.children:
                if child.dep_ == "poss":
                    actor = kb.link(child.text)
                    if actor is not None:
                        return self._as_state(actor)
            # "Pyongyang deployed 11,000 soldiers": the sender owns what it sends. The subject of
            # "killed 3 people" is the attacker, not whose people they were.
            agent = agent_of(unit.head, self.lex.agent_verbs) if kind in AGENT_KINDS else None
            if agent is not None:
                actor = kb.link(" ".join(t.text for t in agent.subtree)) or kb.link(agent.text)
                if actor is not None and not in_report(agent.idx, found):
                    return self._as_state(actor)
        if kind == "weapons_supplied":
            for tok in doc:
                if tok.dep_ == "nsubj" and tok.head.lower_ in self.lex.agent_verbs:
                    actor = kb.link(" ".join(t.text for t in tok.subtree))
                    if actor is not None:
                        return self._as_state(actor)
        if unit.category in ("people", None) and kind in PEOPLE_CARRY:
            return carry.actor
        return None

    def _implied_unit(
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
            category = self.lex.units.get(subject.lower_)
            if category in ("people", "weapons"):
                return Unit(subject.lower_, category, phrase, head=subject, implied=True)
        if carry.unit is not None:
            return Unit(carry.unit.noun, carry.unit.category, carry.unit.phrase, implied=True)
        if subject is not None:
            return Unit(None, None, phrase, head=subject, implied=True)
        return Unit(None, None, None)

    def _as_state(self, actor: Actor) -> Actor:
        if actor.type in STATE_TYPES:
            country = self.r.kb.country_of(actor.id)
            if country:
                state = self.r.kb.get(f"state:{country}")
                if state is not None:
                    return state
        return actor

    def _subject(self, unit: Unit, actor: Actor | None, carry: Carry) -> str:
        if unit.phrase:
            named = actor is None or any(m.actor.id == actor.id for m in self.r.kb.find(unit.phrase))
            if not named and unit.category == "people" and actor is not None:
                return f"{unit.phrase} ({actor.name})"
            return unit.phrase
        if carry.subject:
            return carry.subject
        return actor.name if actor else "unspecified"

    def _places(self, doc: Doc, found: Found | None, offset: int) -> list[PlaceSpan]:
        """Places the sentence is about: not where it was filed, not who said it, not a capital
        standing for its state ("Seoul's figures", "Kyiv estimates", "the war against Ukraine")."""
        text = doc.text
        out: list[PlaceSpan] = []
        mentions = self.r.places.find(text)
        container_before: str | None = None
        origin_end = -1  # where the last "from X" origin ended: "from Kenya, Jamaica and Chad"
        for i, mention in enumerate(mentions):
            if found is not None and found.covers(mention.start):
                speaker = self._speaker_place(text, mention)
                if speaker is not None:
                    out.append(speaker)
                continue
            tokens = [t for t in doc if mention.start <= t.idx < mention.end]
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            if following is not None and names_container(text, mention, following):
                # "Russia's Kursk region": the narrower place, standing where its container
                # stands ("in Russia's Kursk region" is as locative as "in Kursk")
                container_before = word_before(doc, tokens[0].i) if tokens else None
                continue
            if not tokens:
                continue
            before = container_before or word_before(doc, tokens[0].i)
            container_before = None
            if before == "for" and fought_for(doc, tokens[0].i):
                before = "in"  # "the fighting for Goma", "the battle for Bakhmut": where it was
            elif before in NON_LOCATIVE or where_said(tokens[-1], found):
                continue
            elif (before == "from" and self._origin(doc, tokens[0].i)) or (
                origin_end >= 0 and LIST_JOINT.fullmatch(text, origin_end, mention.start)
            ):
                origin_end = mention.end
                continue
            # "Khan Younis: 1,664 children screened": a place labelling a list item
            label = not text[: mention.start].strip() and text.startswith(":", mention.end)
            locative = before in PLACE_PREPOSITIONS or label
            if not locative and self._acts(tokens[-1], mention.text):
                continue
            # the object of a verb that is not an actor is where it happened ("fled El Fasher",
            # "shelled Kherson"), as close to the claim as "in El Fasher"
            locative = locative or (tokens[-1].dep_ == "dobj" and tokens[-1].head.pos_ == "VERB")
            location = Location(text=mention.text, place=mention.place)
            out.append(PlaceSpan(location, mention.start, mention.end, 0 if locative else 1))
        out.extend(self._sites(text, doc, out, found))
        out = self._narrowest(text, out)
        for hit in PLACE_REFERENCE.finditer(text):
            if hit.group(1).lower() == "country" and text.startswith(("'s", "’s"), hit.end()):
                continue  # "the country's spy agency": whose agency, as "South Korea's" is
            earlier = [(offset + p.start, p.location) for p in out if p.location is not None and p.end <= hit.start()]
            referent = self._referent(hit.group(1).lower(), earlier)
            out.append(PlaceSpan(referent, hit.start(), hit.end(), 2))
        for token in doc:
            # "six people were killed there", "partners there told us": the place just named
            if token.lower_ == "there" and token.dep_ == "advmod":
                earlier = sorted(
                    ((offset + p.start, p.location) for p in out if p.location is not None and p.end <= token.idx),
                    key=lambda e: e[0],
                )
                named = [*self._named, *earlier]
                if named:
                    out.append(PlaceSpan(named[-1][1], token.idx, token.idx + 5, 0))
        return out

    def _scene_places(self, text: str) -> list[tuple[int, Location]]:
        """Places in a sentence read without a parse: the gazetteer's, and named sites."""
        mentions = self.r.places.find(text)
        found = [(m.start, Location(text=m.text, place=m.place)) for m in mentions]
        found.extend(self._sites_unparsed(text, [(m.start, m.end) for m in mentions]))
        return sorted(found, key=lambda f: f[0])

    def _sites_unparsed(self, text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, Location]]:
        """Named sites found by their type word alone, outside the spans already `taken`."""
        out: list[tuple[int, Location]] = []
        for pattern in (SITE_OF, SITE_TYPED, SITE_NAMED):
            for hit in pattern.finditer(text):
                start, end = hit.start(1), hit.end(1)
                if not any(s < end and start < e for s, e in taken):
                    out.append((start, Location(text=text[start:end])))
        return out

    def _site_level(self, location: Location) -> int:
        """-1 a site (a palace, a camp, a hospital), then as _level."""
        if location.place is None:
            return -1
        record = self.r.places.resolve_record(location.text)
        if record is not None and record.kind == "facility":
            return -1
        return self._level(location)

    def _remember(self, offset: int, locations: Iterable[tuple[int, Location]]) -> None:
        """Keep the places an article has named so far, for "the region" or "the city" later."""
        self._named.extend((offset + start, location) for start, location in locations)

    def _referent(self, word: str, earlier: list[tuple[int, Location]]) -> Location | None:
        """The place "the region", "the city" points back to: the last one named of that level
        ("Sudzha ... of the region" is the region Sudzha lies in, named before it); None leaves
        it to the last place below a country."""
        named = [*self._named, *earlier]
        for _, location in reversed(named):
            if word in location.text.lower().split():
                return location  # "the palace": the Republican Palace; "the camp": Zamzam camp
        level = REFERENCE_LEVELS.get(word)
        if level is None:
            return None
        for _, location in reversed(named):
            if location.place is not None and self._level(location) == level:
                return location
        return None

    def _origin(self, doc: Doc, index: int) -> bool:
        """Is "from X" where people or things come from ("officers from Kenya", "shells that come
        from North Korea"), not where the claim happened ("evacuated from Vovchansk")?"""
        prep = next((doc[i] for i in range(index - 1, max(-1, index - 4), -1) if doc[i].lower_ == "from"), None)
        if prep is None:
            return False
        head = prep.head
        if head.lower_ in self.lex.origin_verbs or head.lemma_.lower() in self.lex.origin_verbs:
            return True
        # a count or a group of people who act ("both from Kenya", "officers from Kenya serve"),
        # not ones moved ("withdrew 1,500 soldiers from Niger": where they left)
        if head.pos_ in ("PRON", "DET", "NUM"):
            return True
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        return (
            head.pos_ in ("NOUN", "PROPN") and self.lex.units.get(head.lower_) == "people"
            and head.dep_ in ("nsubj", "nsubjpass", "appos")
        )

    def _speaker_place(self, text: str, mention: Any) -> PlaceSpan | None:
        """ "Gaza's health ministry said ...", "Kharkiv's mayor says ...": a town or territory
        owning the speaker is where its figures are about, when the sentence names no other
        place. A country or its capital owning the speaker ("South Korea's spy agency", "Seoul's
        Joint Chiefs") is only who speaks."""
        if not text.startswith(("'s", "’s"), mention.end):
            return None
        location = Location(text=mention.text, place=mention.place)
        if self._level(location) == 2:
            return None
        actor = self.r.kb.link(mention.text, partial=False)
        if actor is not None and actor.type == "state":
            return None  # "Seoul's Joint Chiefs of Staff": a capital standing for its state
        return PlaceSpan(location, mention.start, mention.end, 3)

    def _narrowest(self, text: str, spans: list[PlaceSpan]) -> list[PlaceSpan]:
        """ "the town of Bhamo in Kachin State", "Kramatorsk, Donetsk region", "Zamzam camp in
        North Darfur": a place followed by the region or country it lies in is the place the
        claim is about; the container only says where that is."""
        ordered = sorted(spans, key=lambda p: p.start)
        dropped: set[int] = set()
        for i in range(len(ordered) - 1):
            inner, outer = ordered[i], ordered[i + 1]
            if inner.location is None or outer.location is None or outer.location.place is None:
                continue
            if not WITHIN.fullmatch(text, inner.end, outer.start):
                continue
            outer_level = self._level(outer.location)
            if self._level(inner.location) >= outer_level:
                continue  # "Kharkiv, Sumy": a list of peers, not a place and its region
            inner_place = inner.location.place
            if inner_place is not None and inner_place.country != outer.location.place.country:
                continue
            dropped.add(i + 1)
            ordered[i] = dataclasses.replace(inner, rank=min(inner.rank, outer.rank))
        return [p for i, p in enumerate(ordered) if i not in dropped]

    def _level(self, location: Location) -> int:
        """0 a town or a site, 1 a region, 2 a country."""
        if location.place is None:
            return 0
        record = self.r.places.resolve_record(location.text)
        kind = record.kind if record is not None else "locality"
        return {"country": 2, "admin1": 1, "region": 1}.get(kind, 0)

    def _sites(self, text: str, doc: Doc, named: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """Named sites the gazetteer lacks. A site inside a known place ("Goma's Munzenze
        prison", "Gaza's Kamal Adwan hospital") is the narrower place and takes its rank."""
        out: list[PlaceSpan] = []
        hits = [*SITE_OF.finditer(text), *SITE_TYPED.finditer(text), *SITE_NAMED.finditer(text)]
        for hit in sorted(hits, key=lambda h: h.start(1)):
            start, end = hit.start(1), hit.end(1)
            if found is not None and found.covers(start):
                continue
            if any(p.start < end and start < p.end for p in named):
                continue  # the gazetteer already has it, or a name across it
            owner = next((p for p in named if 0 <= start - p.end <= 3 and text[p.end : start].strip() in ("'s", "’s")), None)
            tokens = [t for t in doc if start <= t.idx < end]
            before = word_before(doc, tokens[0].i) if tokens else ""
            rank = owner.rank if owner is not None else (0 if before in PLACE_PREPOSITIONS else 1)
            if owner is not None:
                named.remove(owner)
            out.append(PlaceSpan(Location(text=text[start:end]), start, end, rank))
        return out

    def _acts(self, token: Any, name: str) -> bool:
        """A place name in an actor's role: subject or possessor ("Seoul's figures"), or a capital
        standing for its state as an object ("gave Kyiv control")."""
        head = token.head if token.dep_ == "case" else token
        if head.dep_ in ("nsubj", "nsubjpass"):
            # "Kherson was shelled 40 times", "El Obeid is home to 500,000 people": a town or a
            # region that undergoes or hosts is the place; a country as subject is a state
            undergoes = head.dep_ == "nsubjpass" or head.head.lemma_ in HOSTING_VERBS
            actor = self.r.kb.link(name, partial=False) if undergoes else None
            return not undergoes or (actor is not None and actor.type == "state")
        if head.dep_ in ("poss", "dobj", "dative", "pobj", "compound", "npadvmod"):
            actor = self.r.kb.link(name, partial=False)
            if actor is None or actor.type != "state":
                return False
            # A capital standing for its state ("gave Kyiv control"), a country as the object of
            # a verb ("help Russia fight Ukraine") or naming whose a thing is ("the shells Russia
            # fires" parsed as "Russia fires"): an actor, not a place.
            return actor.name.lower() != name.lower() or head.dep_ in ("dobj", "compound")
        return False

    def _location(
        self,
        places: list[PlaceSpan],
        text: str,
        number: NumberMention,
        carry: Carry | None,
        last_place: Location | None,
    ) -> Location | None:
        if places:
            best = min(
                places,
                key=lambda p: (p.rank, span_distance(text, p.start, p.end, number.start, number.end)),
            )
            # "the city", "the region": the place named last in the article
            return best.location if best.location is not None else last_place
        return carry.location if carry else None

    def _time(
        self,
        times: list[TimeMention],
        number: NumberMention,
        text: str,
        published: Any,
        carry: Carry | None,
    ) -> str | None:
        resolved = [
            t for t in times
            if t.value and not (t.start > number.end and self.lex.comparison.search(text, number.end, t.start))
        ]
        if resolved:
            # A "since"/"as of" period bounds the count; a bare date often dates the statement.
            nearest = min(
                resolved,
                key=lambda t: span_distance(text, t.start, t.end, number.start, number.end)
                - (PERIOD_BONUS if t.relation in ("since", "range", "as_of") else 0),
            )
            return nearest.value
        if published is not None and self.lex.current.search(text):
            return str(published.isoformat())
        return carry.time if carry else None

    # -- other sentence facts --------------------------------------------------------------------

    def _as_of_speech(
        self, times: list[TimeMention], text: str, doc: Doc, found: Found, published: Any
    ) -> list[TimeMention]:
        """Reported speech counts its "past week" and "yesterday" from the day it was said:
        "X said on Monday that it had captured 47 soldiers over the past week"."""
        speech = speech_date(times, doc, found, self.lex.reporting_verbs)
        said = dt.date.fromisoformat(speech.value) if speech is not None and speech.value else None
        if said is None or said >= published:
            return times
        again = {(m.start, m.end): m.value for m in self.r.times.find(text, said)}
        out = []
        for mention in times:
            value = again.get((mention.start, mention.end))
            deictic = (
                value is not None and mention.value is not None
                and interval_start(value) != interval_start(mention.value)
            )  # "since April" keeps its end: the count stands as of the article
            out.append(dataclasses.replace(mention, value=value) if deictic and mention is not speech else mention)
        return out

    def _earlier_figure(self, text: str, number: NumberMention) -> bool:
        """Is the figure an earlier one the sentence compares with ("up from 280,000") or one
        from before the event it reports ("a town of 60,000 before the invasion")?"""
        hits = list(self.lex.comparison.finditer(text, max(0, number.start - 25), number.start))
        if hits and not text[hits[-1].end : number.start].strip():
            return True
        return BEFORE_THE.match(text, number.end) is not None

    def _estimated(self, text: str, number: NumberMention) -> bool:
        """Is the figure given as an estimate ("aid agencies estimate that 3,000 ...")? The cue
        comes before the figure, in the same part of the sentence."""
        for hit in self.lex.estimates.finditer(text, 0, number.start):
            between = text[hit.end : number.start]
            if not ESTIMATE_ENDS.search(between) and not self.lex.comparison.search(between):
                return True
        return False

    def _hedged(self, text: str, number: NumberMention | None = None) -> bool:
        """A hedge in the sentence; for a figure, one in its own part of the sentence (not
        after a semicolon that starts another statement)."""
        for hit in self.lex.hedges.finditer(text):
            word = text[hit.start : hit.end]
            if hit.phrase == "may" and word[0].isupper() and hit.start > 0:
                continue  # the month
            if hit.phrase.endswith("reported") and NAMED_AGENT.match(text, hit.end):
                continue  # "it was reported by the daily X": credited, not hedged
            if number is not None and ";" in text[min(hit.end, number.end) : max(hit.start, number.start)]:
                continue
            return True
        return False

    def _anaphoric(self, text: str) -> bool:
        hit = self.lex.anaphoric.search(text, 0, min(len(text), 40))
        if hit is not None and hit.start == 0:
            return True
        if self.lex.event_references.search(text) is not None:
            return True
        return self._named_event is not None and self._named_event.search(text) is not None

    def _statement(
        self,
        article: Article,
        item: Analysed,
        attribution: Attribution | None,
        times: list[TimeMention],
        places: list[Location],
        hedged: bool,
        published: Any,
    ) -> Claim | None:
        del published
        if attribution is None:
            return None
        text = item.text
        time = next((t.value for t in times if t.value), None)
        if time is None and item.citation is not None and item.citation.date is not None:
            time = item.citation.date.isoformat()
        return Claim(
            article_id=article.id,
            kind="statement",
            subject=short(text),
            quote=text,
            start=item.sentence.start,
            end=item.sentence.end,
            location=places[0] if places else None,
            time=time,
            attribution=attribution,
            hedged=hedged,
            confidence=0.4,
            extractor_version=self.version,
        )


__all__ = ["EXTRACTOR_VERSION", "Extractor", "Metadata", "Resources"]
