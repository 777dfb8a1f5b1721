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
from claimledger.extract.lexicon import LEXICON_FILE, ExtractionLexicon
from claimledger.extract.nlp import TagRules, load_pipeline
from claimledger.extract.repeats import drop_repeats
from claimledger.extract.voice import document_issuer, is_first_person
from claimledger.extract.sentences import Sentence, split_sentences
from claimledger.kb import Gazetteer, KnowledgeBase
from claimledger.kinds import KINDS
from claimledger.model import (
    Actor,
    Article,
    Attribution,
    Citation,
    Claim,
    Location,
    Metadata,
    Span,
)
from claimledger.settings import Settings

EXTRACTOR_VERSION = "0.1.0"
STATE_TYPES = ("official", "armed_force", "intelligence", "ministry", "government_body")
PLACE_PREPOSITIONS = frozenset(
    {"in", "into", "to", "near", "at", "across", "inside", "within", "around", "throughout", "from",
     "outside", "toward", "towards", "on", "over", "of"}
)
# "SEOUL, Jan 14 (Northern Wire) -", "KYIV/MOSCOW, June 3 (Wire) -": where and when the report
# was filed, not what it is about.
DATELINE = re.compile(
    r"[A-Z][A-Z .'’/-]{2,40}(?:,\s*[A-Z][\w .]{0,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+"
)
# "08:20", "Update 13:05 GMT:": a live blog's entry stamp, when the entry was posted.
LIVE_STAMP = re.compile(
    r"(?:(?:Update|UPDATE|Updated)\s+)?\d{1,2}:\d{2}(?:\s*(?:GMT|BST|UTC|CET|CEST|EET|EEST|local time))?"
    r"(?:\s*[:–—-]\s*|\s+)(?=[A-Z\"“‘'])"
)
PERIOD_BONUS = 15
AGENT_KINDS = KINDS.where(agent=True)
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
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
# In an "according to" phrase, words that point back to the speaker: "a transcript of his remarks".
OWN_WORDS = re.compile(r"\b(?:his|her|its|their)\b", re.IGNORECASE)
# Just before a phrase that introduces someone new rather than pointing back: "a rights group".
INDEFINITE = re.compile(r"\b(?:a|an|another|one)\s+$", re.IGNORECASE)
# Between two members of a list of places: "Kenya, Jamaica and El Salvador".
LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")
# Between a place and the region or country around it: "Bhamo in Kachin State", "Sake, North Kivu".
WITHIN = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?")
IN_TEXT_CITATION = re.compile(r"\(([A-Z][\w'’.-]+(?:\s+(?:and|&|et al\.?)\s*[\w'’.-]*)?),?\s+(\d{4})\)")


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


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A candidate place in a sentence; `location` None for "the city" (resolved later)."""

    location: Location | None
    start: int
    end: int
    rank: int  # 0 after a locative preposition, 1 bare, 2 a reference back


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
            title_span = _title_span(text, citation)
            if title_span is None:
                continue
            start, end = title_span
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
        _date_headlines(claims)
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
        times = _since_events(self.r.times.find(text, published), text, published)
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
            kind = civilian_movement(_refine_kind(kind, text, number, segment, self.lex), unit)
            if (
                claims
                and _part_of_previous(text, number, numbers[i - 1] if i else None)
                and _own_cue(text, number, segment, self.lex) is None
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
            if explicit and found is not None and _before_the_report(doc, found, number, self.lex):
                # "X is believed to have sent 14,000 ..., and intelligence estimates 2,000 ...":
                # the second clause's speaker does not vouch for the first clause's figure.
                credited = self._own_report(item, number, found, carry, linked, anaphoric)
            elif found is not None and len(found.parts) == 2 and not _governs(doc, found, number):
                # "X estimates that ..., with six killed there, according to local medics": the
                # figure X's verb does not govern is the according-to source's alone
                credited = Attribution(origin=found.attribution.conduits[-1], cue="according to")
            elif found is not None and found.covers(number.start) and number.text not in found.attribution.origin:
                # "South Africa, which has lost 14 soldiers, said ...": a figure inside the phrase
                # that names the speaker is not what the speaker says
                credited = self._attribution(item, None, carry, linked, anaphoric)[0]
            governing = _governing_times(times, doc, number, segment, unit, found, self.lex.reporting_verbs)
            if self._earlier_figure(text, number):
                # "up from about 280,000 before the war": a past figure the sentence compares
                # with is dated only by a time of its own, never as current or by context
                time = self._time(governing, number, text, None, None)
            else:
                time = self._time(governing, number, text, published, carry if continuing else None)
                if time is None and item.citation is not None and item.citation.date is not None:
                    # a cited headline's present tense is as of the cited piece, not of this one
                    time = item.citation.date.isoformat()
                if time is None and published is not None and _stated_as_current(unit, doc, number, self.lex):
                    time = published.isoformat()
                if time is None and found is not None:
                    time = origin_times.get(found.attribution.origin)
                if time is None and narrated:
                    time = carry.time
            claims.append(
                Claim(
                    article_id=article.id,
                    kind=KINDS.check(kind),
                    subject=subject,
                    quote=text,
                    span=Span(item.sentence.start + number.start, item.sentence.start + number.end),
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
                    confidence=_confidence(cued, unit, credited, actor, number),
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
        wholes = [c for c in claims if not PART_AFTER.match(text, c.span.end - item.sentence.start)]
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
            return _citation_attribution(item.citation, found), True
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
            and not _before_the_report(item.doc, own, number, self.lex)
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
            agent = _agent_of(unit.head, self.lex.agent_verbs) if kind in AGENT_KINDS else None
            if agent is not None:
                actor = kb.link(" ".join(t.text for t in agent.subtree)) or kb.link(agent.text)
                if actor is not None and not _inside(agent.idx, found):
                    return self._as_state(actor)
        if kind == "weapons_supplied":
            for tok in doc:
                if tok.dep_ == "nsubj" and tok.head.lower_ in self.lex.agent_verbs:
                    actor = kb.link(" ".join(t.text for t in tok.subtree))
                    if actor is not None:
                        return self._as_state(actor)
        if unit.category in ("people", None) and kind in _PEOPLE_CARRY:
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
                and not _inside(t.idx, found)
            ),
            None,
        )
        phrase = _noun_phrase(subject) if subject is not None else None
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
            if following is not None and _contains(text, mention, following):
                # "Russia's Kursk region": the narrower place, standing where its container
                # stands ("in Russia's Kursk region" is as locative as "in Kursk")
                container_before = _word_before(doc, tokens[0].i) if tokens else None
                continue
            if not tokens:
                continue
            before = container_before or _word_before(doc, tokens[0].i)
            container_before = None
            if before == "for" and _fought_for(doc, tokens[0].i):
                before = "in"  # "the fighting for Goma", "the battle for Bakhmut": where it was
            elif before in NON_LOCATIVE or _where_said(tokens[-1], found):
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
            before = _word_before(doc, tokens[0].i) if tokens else ""
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
        speech = _speech_date(times, doc, found, self.lex.reporting_verbs)
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
            kind=KINDS.check("statement"),
            subject=_short(text),
            quote=text,
            span=Span(item.sentence.start, item.sentence.end),
            location=places[0] if places else None,
            time=time,
            attribution=attribution,
            hedged=hedged,
            confidence=0.4,
            extractor_version=self.version,
        )


_PEOPLE_CARRY = KINDS.where(people=True)


REINFORCEMENT_AFTER = re.compile(r"\s*(?:more|extra|additional)\b", re.IGNORECASE)
REINFORCEMENT_REACH = 40  # characters: a reinforcement cue in the count's own clause
REINFORCEMENT_BEFORE = re.compile(r"\b(?:additional|another|extra|fresh|further|new)\s+$", re.IGNORECASE)


def _refine_kind(
    kind: str, text: str, number: NumberMention, segment: tuple[int, int], lex: ExtractionLexicon
) -> str:
    """Troops sent on top of earlier ones are reinforcements ("3,000 more", "another 1,500",
    "a second wave of 3,000 arrived", "sent 75 soldiers to join the mission")."""
    if kind != "troops_deployed":
        return kind
    after = REINFORCEMENT_AFTER.match(text, number.end)
    before = REINFORCEMENT_BEFORE.search(text, max(0, number.start - 12), number.start)
    if after or before:
        return "reinforcements"
    for hit in lex.kinds.finditer(text, segment[0], segment[1]):
        near = span_distance(text, hit.start, hit.end, number.start, number.end) <= REINFORCEMENT_REACH
        if hit.label == "reinforcements" and near:
            return "reinforcements"
    return kind


def _noun_phrase(noun: Any) -> str:
    """A noun with its modifiers ("North Korean losses"), without determiners or clauses."""
    left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "poss", "nummod")]
    start = left[0].left_edge if left else noun
    skip = ("det", "advmod", "quantmod", "cc", "punct", "case")
    words = [t for t in noun.doc[start.i : noun.i + 1] if t.dep_ not in skip and not t.like_num]
    return " ".join(t.text for t in words) or noun.text


def _agent_of(noun: Any, agent_verbs: frozenset[str]) -> Any:
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


SINCE_EVENT = re.compile(r"\bsince\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}\s+(?:began|started|erupted|resumed)\s+(?:in|on)\s+$", re.IGNORECASE)
SINCE_YEAR_START = re.compile(r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b", re.IGNORECASE)


HEADLINE_REACH = 600  # characters: the lead that tells a headline's story follows it closely
SENTENCE_END = ('.', '!', '?', '"', '”', "'", '’', ')')


def _date_headlines(claims: list[Claim]) -> None:
    """A headline ("North Korean casualties near 4,000, military says") tells the story of the
    lead under it: its figure takes the time the lead gives the same figure."""
    for i, claim in enumerate(claims):
        if claim.kind == "statement" or claim.quote.rstrip().endswith(SENTENCE_END):
            continue
        figure = {v for v in (claim.value, claim.value_low, claim.value_high) if v is not None}
        for later in claims[i + 1 :]:
            if later.span.start - claim.span.end > HEADLINE_REACH:
                break
            same = figure & {v for v in (later.value, later.value_low, later.value_high) if v is not None}
            if later.quote != claim.quote and same and later.kind == claim.kind and later.time:
                claims[i] = dataclasses.replace(claim, time=later.time)
                break


def _speech_date(
    times: list[TimeMention], doc: Doc, found: Found, reporting_verbs: frozenset[str]
) -> TimeMention | None:
    """The day the reporting verb was said on ("said on Monday"), if the sentence gives one."""
    for mention in times:
        if mention.value is None or len(mention.value) != 10:
            continue
        tokens = [t for t in doc if mention.start <= t.idx < mention.end]
        verb = _verb_of(tokens[0]) if tokens else None
        if verb is not None and found.start <= verb.idx < found.end and verb.lower_ in reporting_verbs:
            return mention
    return None


def _since_events(times: list[TimeMention], text: str, published: Any) -> list[TimeMention]:
    """Spans the time normaliser leaves as points: "since the war began in October 2023" is the
    interval from October 2023; "since the start of the year" runs from January."""
    end = published.isoformat() if published is not None else ".."
    out: list[TimeMention] = []
    for mention in times:
        before = text[max(0, mention.start - 60) : mention.start]
        if mention.value and "/" not in mention.value and SINCE_EVENT.search(before):
            mention = dataclasses.replace(mention, value=f"{mention.value}/{end}", relation="since")
        out.append(mention)
    if published is not None:
        for hit in SINCE_YEAR_START.finditer(text):
            if not any(m.start <= hit.start() < m.end for m in out):
                value = f"{published.year}-01/{end}"
                out.append(TimeMention(hit.start(), hit.end(), hit.group(0), value, "since"))
    return sorted(out, key=lambda m: m.start)


# "60,000 people before the full-scale invasion": a count as it stood before the event
BEFORE_THE = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+before\s+the\b", re.IGNORECASE)
NAMED_AGENT = re.compile(r"\s+by\s+(?:the\s+)?[A-Z\w]")
# Where the part of a sentence that an estimate covers ends: "..., which could hold",
# "..., but whole districts", "; the ministry says".
ESTIMATE_ENDS = re.compile(r";|,\s+(?:but|which|while|whereas|although|though|yet)\b", re.IGNORECASE)
PARTICIPLE_STEP = 40  # below any governing verb, above the time of the report (50)


def _governing_times(
    times: list[TimeMention],
    doc: Doc,
    number: NumberMention,
    segment: tuple[int, int],
    unit: Unit,
    found: Found | None,
    reporting_verbs: frozenset[str],
) -> list[TimeMention]:
    """Times that date this number: those whose verb governs it, the closest governor first
    ("had been displaced since April" over "said on Saturday"; "which began in April 2023"
    dates nothing the war did later). Without a parse, the times in the number's own part of
    the sentence."""
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if not inside or not times:
        return times
    steps = {t.i: 0 for t in inside}
    for step, ancestor in enumerate(inside[-1].ancestors, start=1):
        steps.setdefault(ancestor.i, step)
        if ancestor.dep_ == "conj" and ancestor.lower_ in reporting_verbs:
            # "11,000 were deployed there since November, and officials say 4,000 of them have
            # been killed": the first clause's time is not the second speaker's
            break
    ranked: list[tuple[int, TimeMention]] = []
    unparsed: list[TimeMention] = []
    for mention in times:
        tokens = [t for t in doc if mention.start <= t.idx < mention.end]
        verb = _verb_of(tokens[0]) if tokens else None
        if verb is None:
            if segment[0] <= mention.start < segment[1]:
                unparsed.append(mention)
        elif (anchor := _anchor_verb(verb, steps)) is not None:
            # A participle describing the counted people ("three women held since October 2023
            # were freed on Sunday") dates what they went through, not the claim: it ranks below
            # the claim's own verb.
            described = verb.dep_ == "acl" and unit.head is not None and verb.head.i == unit.head.i
            ranked.append((PARTICIPLE_STEP if described else steps[anchor.i], mention))
        elif unit.head is not None and unit.head in verb.ancestors:
            ranked.append((1, mention))  # "1,500 troops who were shipped out between ..."
        elif found is not None and found.start <= mention.start < found.end:
            ranked.append((50, mention))  # "lawmakers briefed on Wednesday say": when it was said
    if ranked:
        closest = min(step for step, _ in ranked)
        return [m for step, m in ranked if step == closest]
    return unparsed


def _before_the_report(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the number in an earlier clause that the reporting clause is only joined to with
    "and"/"but", so that the speaker's verb does not govern it?"""
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if not inside:
        return False
    token = inside[-1]
    above = {a.i for a in token.ancestors} | {token.i}
    for verb in doc:
        if not (found.start <= verb.idx < found.end) or verb.lower_ not in lex.reporting_verbs:
            continue
        if verb.dep_ != "conj" or verb.i < token.i or verb.i in above or verb.head.i not in above:
            continue
        # "..., and 49 were shot down, the air force said": a verb with nothing to report of
        # its own closes the whole sentence and vouches for all of it.
        if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i for c in verb.children):
            return True
    return False


PART_BEFORE = re.compile(r"(?:including|among them|among whom|of whom|of them)\s*$", re.IGNORECASE)
PART_AFTER = re.compile(r"\s+(?:of\s+(?:them|whom|those|these))\b", re.IGNORECASE)


CLAUSE_END = re.compile(r"[,;:()]|\s[–—]\s")


def _own_cue(text: str, number: NumberMention, segment: tuple[int, int], lex: ExtractionLexicon) -> str | None:
    """The kind cue after a number in its own clause ("34 it believes are dead"), if any."""
    end = segment[1]
    stop = CLAUSE_END.search(text, number.end, end)
    hit = lex.kinds.search(text, number.end, stop.start() if stop else end)
    return hit.label if hit is not None else None


def _part_of_previous(text: str, number: NumberMention, previous: NumberMention | None) -> bool:
    """A count inside the previous one: "64, including nine children"; "23 people, seven of them
    children": the part shares the whole's kind."""
    if previous is None:
        return False
    between = text[previous.end : number.start]
    if len(between) > 40:
        return False
    return bool(PART_BEFORE.search(between) or PART_AFTER.match(text, number.end))


ANCHOR_DEPS = frozenset({"conj", "advcl", "xcomp", "acl"})


def _anchor_verb(verb: Any, steps: dict[int, int]) -> Any:
    """The governing verb a time's verb belongs to: itself, or the clause it is joined to
    ("killed two and wounded five on Tuesday"; "were wounded when crowds rushed ... on Tuesday";
    "fled fighting ... this month"; "four were killed and 11 wounded on Sunday", where the parser
    hangs "wounded" on the number). A relative clause ("the war, which began in April") is not
    joined: it dates its noun, not what the noun did later."""
    for _ in range(4):
        if verb.i in steps:
            return verb
        if verb.dep_ not in ANCHOR_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return verb if verb.i in steps else None


def _verb_of(token: Any) -> Any:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _stated_as_current(unit: Unit, doc: Doc, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """A running total stated as current takes the publication date: "30 soldiers are still
    missing", "2,000 have been killed", "the toll now stands at 120"."""
    if lex.current.search(doc.text):
        return True
    token = unit.head
    if token is None:
        inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
        token = inside[-1] if inside else None
    counted = token
    for _ in range(4):
        if token is None or token.head is token:
            return False
        counted, token = token, token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    else:
        return False
    if token is None:
        return False
    head = token.head
    if token.dep_ == "xcomp" and token.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in head.children
    ):
        token = head  # "has decided to send 12,000 troops": as of now ("is to free 33": not)
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    present = token.tag_ in PRESENT_TAGS or any(a.tag_ in PRESENT_TAGS for a in auxes)
    if not present:
        return False
    copula = token.lemma_ in ("be", "remain", "stand") or token.lower_ in ("are", "is", "remain", "remains")
    if copula or lex.kinds.search(doc.text, token.idx, token.idx + len(token.text)):
        return True
    # "3.9 million have crossed into Chad", "4,000 soldiers are fighting", "the army controls
    # 40 percent": a present tense whose subject or object is the count itself states it as it
    # stands now ("most of the 1,000 casualties have raised suspicions" does not).
    if counted is None or counted.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    if counted.pos_ not in ("NOUN", "PROPN", "NUM"):
        return False  # "most of the 1,000", "half of them": a part of the count
    return bool(auxes) or not lex.reporting.search(doc.text, token.idx, token.idx + len(token.text))


def _word_before(doc: Doc, index: int) -> str:
    """The word before a place name, past modifiers ("to eastern Russia", "in the north of")."""
    i = index - 1
    while i >= 0 and i > index - 4 and doc[i].pos_ in ("ADJ", "DET") and doc[i].lower_ not in NON_LOCATIVE:
        i -= 1
    return doc[i].lower_ if i >= 0 else ""


CONTESTS = frozenset({"fight", "fighting", "battle", "battles", "struggle", "assault", "offensive", "push"})


def _fought_for(doc: Doc, index: int) -> bool:
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


def _contains(text: str, outer: Any, inner: Any) -> bool:
    """Is `outer` only the container named around `inner` ("Russia's Kursk", "Kharkiv, Ukraine")?"""
    return bool(OWNER.fullmatch(text, outer.end, inner.start)) and outer.place.country == inner.place.country


def _governs(doc: Doc, found: Found, number: NumberMention) -> bool:
    """Of a split attribution ("X estimates ..., according to Y"), does X's verb govern the
    number more closely than Y's "according to" does?"""
    start, end = found.parts[0]
    verb = next((t for t in doc if start <= t.idx < end and t.lower_ == found.attribution.cue), None)
    start, end = found.parts[1]
    cue = next((t for t in doc if start <= t.idx < end and t.lower_ == "according"), None)
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if verb is None or cue is None or not inside or not found.attribution.conduits:
        return True
    if OWN_WORDS.search(found.attribution.conduits[-1]):
        return True  # "according to a transcript of his remarks": the speaker's own words
    steps = {a.i: step for step, a in enumerate(inside[-1].ancestors, start=1)}
    return steps.get(cue.head.i, 99) >= steps.get(verb.i, 99)


def _where_said(token: Any, found: Found | None) -> bool:
    """ "In Washington, a spokesman said ...", "told reporters in Geneva": a place hung on the
    reporting verb is where the report was made, not what it is about."""
    if found is None or token.dep_ != "pobj" or token.head.dep_ != "prep":
        return False
    verb = token.head.head
    return verb.lower_ == found.attribution.cue and found.covers(verb.idx)


def _inside(index: int, found: Found | None) -> bool:
    return found is not None and found.covers(index)


def _title_span(text: str, citation: Citation) -> tuple[int, int] | None:
    if not citation.title:
        return None
    at = text.find(citation.title, citation.start, citation.end)
    if at < 0:
        return None
    return at, at + len(citation.title)


def _citation_attribution(citation: Citation, found: Found | None) -> Attribution:
    conduits = tuple(x for x in (citation.outlet, citation.author) if x)
    if found is not None and not found.pronoun:
        return Attribution(found.attribution.origin, conduits + found.attribution.conduits,
                           found.attribution.origin_actor, cue=found.attribution.cue)
    origin = citation.outlet or citation.author or "cited source"
    rest = tuple(x for x in conduits if x != origin)
    return Attribution(origin, rest, cue="citation")


def _confidence(cued: bool, unit: Unit, attribution: Attribution | None, actor: Actor | None, number: NumberMention) -> float:
    score = 0.35
    score += 0.25 if cued else 0.0
    score += 0.15 if unit.category else 0.0
    score += 0.1 if actor is not None else 0.0
    score += 0.1 if attribution is not None else 0.0
    score -= 0.1 if number.vague else 0.0
    return max(0.05, min(0.95, score))


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


__all__ = ["EXTRACTOR_VERSION", "Extractor", "Metadata", "Resources"]
