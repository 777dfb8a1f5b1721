"""The extract stage: an Article in, its claims out.

  1. the analysis components (`analysers`) split the sentences and keep only those that can carry
     a claim (a number, an attribution cue, a citation): the gate that keeps spaCy off most of
     the text; they parse the kept sentences of every article in one batch and find their
     numbers, times, places, attributions and hedges: one frozen ArticleAnalysis per article;
  2. the walk goes through the analysed sentences in order, carrying attribution, time and place
     from one sentence to the next where the text plainly continues a report, and builds claims.

The walk keeps nothing on the Extractor: each sentence takes the `Context` the one before
returned and returns the next, and the steps of a sentence are named methods below.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.analyse.times import TimeMention
from claimledger.extract.actors import Actors
from claimledger.extract.analysers import Analyser, evolve
from claimledger.extract.analysis import ArticleAnalysis, SentenceAnalysis
from claimledger.extract.attribution import AttributionFinder, Found
from claimledger.extract.calibration import Evidence, place_of, source_of, time_of
from claimledger.extract.claims import Unit, find_unit
from claimledger.extract.countable import is_claim_number
from claimledger.extract.context import Carry, Context
from claimledger.extract.credit import Credit, before_the_report, counts_the_speakers, governs, told_to
from claimledger.extract.kinds import confidence, figure_kind, segment_of
from claimledger.extract.modality import modality, sentence_modality
from claimledger.extract.places import PlaceReader, PlaceSpan, locate
from claimledger.extract.quotes import quote_speakers
from claimledger.extract.repeats import drop_repeats
from claimledger.extract.resources import Resources
from claimledger.extract.statements import estimated, hedged, statement
from claimledger.extract.time_grammar import governing_times
from claimledger.extract.times import (
    ClaimTimes, Figure, change_stretch, date_figure, date_headlines, part_of_whole,
)
from claimledger.kinds import KINDS
from claimledger.model import Article, Attribution, Claim, Location, Span

EXTRACTOR_VERSION = "0.1.0"


@dataclass(frozen=True, slots=True)
class Links:
    """How a sentence stands to the one before it."""

    same_paragraph: bool
    adjacent: bool  # the first sentence of the next paragraph
    anaphoric: bool  # it opens by pointing back ("The enemy lost ...", "In the fighting, ...")
    scene_led: bool  # the sentences before it in its paragraph set a scene and gave no figure

    @property
    def linked(self) -> bool:
        # A sentence that points back continues the one before it even across a paragraph
        # break: statements and wire copy put every sentence in a paragraph of its own.
        return self.same_paragraph or (self.anaphoric and self.adjacent)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a parsed sentence says as a whole, before its figures are read one by one."""

    item: SentenceAnalysis
    doc: Doc
    carry: Carry  # what the sentence before handed on, with its scene set
    links: Links
    found: Found | None  # the sentence's own attribution, pronouns and references resolved
    attribution: Attribution | None
    explicit: bool  # the sentence states its attribution
    times: list[TimeMention]
    hedged: bool
    places: list[PlaceSpan]
    same_report: bool  # the same source goes on with its report
    continuing: bool  # the sentence goes on with the report before: its time carries
    narrated: bool  # the article's own narration goes on: its time carries unless it gives one

    @property
    def text(self) -> str:
        return self.item.text


class Extractor:
    def __init__(self, resources: Resources) -> None:
        self.r = resources
        self.lex = resources.lexicon
        self.version = EXTRACTOR_VERSION
        self.analyser = Analyser(resources)  # checks that the pipeline meets the components' needs
        self.credit = Credit(AttributionFinder(resources.lexicon, resources.kb), resources.lexicon)
        self.places = PlaceReader(resources.places, resources.kb, resources.lexicon)
        self.timing = ClaimTimes(resources.times, resources.conflicts, resources.lexicon)
        self.actors = Actors(resources.kb, resources.lexicon)
        # "the Djibo raid", "the Sunday attack": an event reference with a name in it
        nouns = sorted({p.split()[-1] for p in self.lex.event_references.labels if p.startswith("the ")})
        self._named_event = re.compile(
            rf"\bthe\s+(?:[A-Z][\w'’-]*\s+){{1,2}}(?:{'|'.join(map(re.escape, nouns))})\b"
        ) if nouns else None

    # -- public API ------------------------------------------------------------------------------------

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
        return [self._claims(analysis) for analysis in self.analyser.analyse_many(articles)]

    # -- the walk --------------------------------------------------------------------------------------

    def _claims(self, analysis: ArticleAnalysis) -> list[Claim]:
        context = Context(force=self.actors.article_force(analysis.article.text),
                          quotes=quote_speakers(analysis.article.text, analysis.sentences),
                          figures=sum(len(s.numbers) for s in analysis.sentences))
        claims: list[Claim] = []
        for item in analysis.sentences:
            if item.doc is None:
                context = self._fade(analysis, context, item)
                continue
            new, context = self._sentence(analysis, item, context)
            claims.extend(new)
        date_headlines(claims)
        return drop_repeats(claims, [(c.start, c.end) for c in analysis.article.citations])

    def _fade(self, analysis: ArticleAnalysis, context: Context, item: SentenceAnalysis) -> Context:
        """A sentence with nothing to say still ends the carry of a report after one hop. It
        still sets the scene for a next sentence that points back to it ("On 19 May ... near
        Chasiv Yar." then "The enemy lost ..."): its text is kept, read only if one does. Its
        places are kept for a later "the region" or "the city"."""
        start, end = item.sentence.start, item.sentence.end
        named = (
            *context.named,
            *((m.start, Location(text=m.text, place=m.place)) for m in analysis.places if start <= m.start < end),
            *((start + s, loc) for s, loc in self.places.sites_unparsed(item.text, ())),
        )
        carry = context.carry
        if item.sentence.paragraph != carry.paragraph:
            carry = Carry(
                paragraph=item.sentence.paragraph, actor=carry.actor, subject=carry.subject,
                scene=item.text, time=carry.time, kind=carry.kind,
            )
        else:
            scene = f"{carry.scene} {item.text}" if carry.scene else item.text
            carry = evolve(carry, attribution=None, explicit=False, hops=carry.hops + 1, scene=scene)
        return evolve(context, carry=carry, named=named)

    def _sentence(self, analysis: ArticleAnalysis, item: SentenceAnalysis, context: Context) -> tuple[list[Claim], Context]:
        """The claims of a parsed sentence, and the context it hands to the next."""
        reading = self._read(analysis, item, context)
        claims, last_unit = self._figures(analysis, reading, context)
        named = [p.location for p in reading.places if p.location is not None]
        after = self._remember(reading, context, named)
        if not claims and reading.found is not None and not reading.found.pronoun:
            said = statement(analysis.article, item, reading.attribution, reading.times, named, reading.hedged, self.version)
            if said is not None:
                claims.append(dataclasses.replace(said, modality=sentence_modality(reading.doc, self.lex)))
        carry = self._next_carry(reading, claims, last_unit)
        return claims, self._heard(evolve(after, carry=carry), item)

    # -- the sentence as a whole -----------------------------------------------------------------------

    def _read(self, analysis: ArticleAnalysis, item: SentenceAnalysis, context: Context) -> Reading:
        assert item.doc is not None
        doc, text = item.doc, item.text
        carry = context.carry
        links = self._links(item, carry)
        if links.linked and carry.scene is not None:
            carry = self._set_scene(carry, analysis.published)
        found = self._speaker(analysis, item, carry, links, context)
        attribution, explicit = self.credit.attribution(
            item, found, carry, links.linked, links.anaphoric, analysis.issuer_at(item.sentence.start)
        )
        times = self.timing.sentence_times(item.times, text, doc, found, analysis.published, analysis.countries)
        times = self.timing.same_day(times, text, carry.time)
        same_source = attribution is not None and carry.attribution is not None and (
            attribution.origin == carry.attribution.origin
        )
        # The same source again in the next sentence ("..., the health ministry said." then
        # "The ministry said 50,021 ...") goes on with the same report: its scene carries over.
        # A carried attribution does not carry the scene (the seed gold leaves the place of
        # "Approximately 4,000 soldiers have been killed ..." null after "... in Russia").
        same_report = explicit and same_source and (links.same_paragraph or links.adjacent)
        continuing = (
            links.linked and (links.anaphoric or (not explicit and attribution is not None))
        ) or same_report
        # The article's own narration going on in the same paragraph ("A bomb hit the plant on
        # Monday evening. Four people were killed.") stays at the time it set, unless it gives one;
        # so does a figure reported right after the sentence that set the scene ("On 24 August
        # gunmen attacked the town. Survivors told us 200 were killed.").
        narrated = (
            links.same_paragraph and (attribution is None or links.scene_led) and not any(t.value for t in times)
        )
        return Reading(
            item=item, doc=doc, carry=carry, links=links, found=found, attribution=attribution,
            explicit=explicit, times=times, hedged=item.hedged,
            places=self.places.spans(doc, found, item.sentence.start, context.named, item.places),
            same_report=same_report, continuing=continuing, narrated=narrated,
        )

    def _links(self, item: SentenceAnalysis, carry: Carry) -> Links:
        same_paragraph = item.sentence.paragraph == carry.paragraph
        return Links(
            same_paragraph=same_paragraph,
            adjacent=item.sentence.paragraph == carry.paragraph + 1,
            anaphoric=self._anaphoric(item.text),
            scene_led=same_paragraph and (carry.scene is not None or carry.figureless),
        )

    def _anaphoric(self, text: str) -> bool:
        hit = self.lex.anaphoric.search(text, 0, min(len(text), 40))
        if hit is not None and hit.start == 0:
            return True
        if self.lex.event_references.search(text) is not None:
            return True
        return self._named_event is not None and self._named_event.search(text) is not None

    def _set_scene(self, carry: Carry, published: Any) -> Carry:
        """The time and the last place of the sentences with no figure, found without a parse."""
        assert carry.scene is not None
        times = [t.value for t in self.r.times.find(carry.scene, published) if t.value]
        places = self.places.scene_places(carry.scene)
        # the narrowest place, the last of those: "the liberation of the Republican Palace ... in
        # central Khartoum" is about the palace; "in Donetsk region ... near Chasiv Yar" the town
        narrowest = min((self.places.site_level(loc) for _, loc in places), default=0)
        location = next((loc for _, loc in reversed(places) if self.places.site_level(loc) == narrowest), None)
        return evolve(
            carry, time=times[-1] if times else carry.time, location=location or carry.location, scene=None
        )

    def _speaker(
        self, analysis: ArticleAnalysis, item: SentenceAnalysis, carry: Carry, links: Links, context: Context
    ) -> Found | None:
        """The sentence's attribution, with "he said" and "the agency said" resolved; a sentence
        inside a quotation takes the speaker named beside it."""
        origins = context.origins
        found = item.attribution
        if found is None and item.numbers:
            quoted = context.quotes.speaker_of(item)
            if quoted is not None and quoted.pronoun:
                quoted = self.credit.resolve_pronoun(quoted, carry, True, analysis.we, origins)
            if quoted is not None:
                return Found(quoted.attribution, 0, 0)  # no words of this sentence name them
        if found is not None and found.pronoun:
            # "..., regional governor X said." then, in the next paragraph, "..., he wrote."
            same_paragraph = links.same_paragraph or (links.adjacent and carry.explicit)
            return self.credit.resolve_pronoun(found, carry, same_paragraph, analysis.we, origins)
        if found is not None:
            return self.credit.resolve_reference(found, origins, item.text)
        return None

    # -- the figures one by one ------------------------------------------------------------------------

    def _figures(self, analysis: ArticleAnalysis, reading: Reading, context: Context) -> tuple[list[Claim], Unit | None]:
        """A claim per number that counts something; the unit the last of them counted."""
        claims: list[Claim] = []
        last_unit: Unit | None = None
        for i, number in enumerate(reading.item.numbers):
            unit = find_unit(reading.doc, number, self.lex)
            if not is_claim_number(number, unit, reading.text, self.lex):
                continue
            if unit.noun is None:
                unit = self.actors.implied_unit(reading.doc, reading.carry, reading.found, last_unit)
            kind, cued = self._kind(reading, i, unit, claims)
            if unit.category is not None:
                last_unit = Unit(unit.noun, unit.category, unit.phrase, implied=True)
            claims.append(self._figure(analysis, reading, context, i, unit, kind, cued))
        return claims, last_unit

    def _segment(self, reading: Reading, i: int) -> tuple[int, int]:
        """The part of the sentence between the numbers either side of number `i`."""
        return segment_of(reading.text, reading.item.numbers, i)

    def _kind(self, reading: Reading, i: int, unit: Unit, earlier: list[Claim]) -> tuple[str, bool]:
        """The kind of number `i`, and whether a cue decided it."""
        return figure_kind(
            reading.text, reading.doc, reading.item.numbers, i, unit, earlier, reading.item.sentence.start, self.lex,
            carried=reading.carry.kind,
        )

    def _figure(
        self, analysis: ArticleAnalysis, reading: Reading, context: Context, i: int, unit: Unit, kind: str, cued: bool
    ) -> Claim:
        item, text = reading.item, reading.text
        number = item.numbers[i]
        actor = self.actors.actor(
            reading.doc, unit, kind, reading.carry, reading.found, context.force, item.sentence.start
        )
        said = modality(reading.doc, number, kind, self.lex)
        credited = self._credited(analysis, reading, i, kind, said == "asserted")
        location = self._placed(reading, context, i)
        time = self._dated(analysis, reading, context, i, unit, kind, said)
        is_hedged = reading.hedged and hedged(text, self.lex, number)
        approx = number.approx or estimated(text, number, self.lex)
        evidence = Evidence(
            kind=kind, cued=cued, counted=unit.category is not None, actor=actor is not None,
            source=source_of(credited, reading.attribution, reading.explicit, analysis.issuer_at(item.sentence.start)),
            time=time_of(time, {t.value for t in reading.times if t.value}, analysis.published),
            place=place_of(location, text), figures=len(item.numbers), position=i, hedged=is_hedged, modality=said,
            ranged=number.value_low is not None, spelled=not any(c.isdigit() for c in number.text), vague=number.vague,
            approx=approx, percent=number.percent, chain=bool(credited and credited.conduits),
            known_source=credited is not None and credited.origin_actor is not None,
            pronoun=reading.found is not None and item.attribution is not None and item.attribution.pronoun,
            implied=unit.implied, lead=item.sentence.paragraph == 0, times=len(reading.times), sentence=text,
            article_words=analysis.article.word_count,
            article_figures=context.figures,
        )
        return Claim(
            article_id=analysis.article.id,
            kind=KINDS.check(kind),
            subject=self.actors.subject(unit, actor, reading.carry),
            quote=text,
            span=Span(item.sentence.start + number.start, item.sentence.start + number.end),
            actor=actor,
            value=number.value,
            value_low=number.value_low,
            value_high=number.value_high,
            approx=approx,
            number_text=number.text,
            unit=unit.noun or ("percent" if number.percent else None),
            location=location,
            time=time,
            attribution=credited,
            hedged=is_hedged,
            modality=said,
            confidence=self._calibrated(
                evidence, confidence(cued, unit, credited, actor, number, bool(reading.times) or reading.continuing)
            ),
            extractor_version=self.version,
        )

    def _calibrated(self, evidence: Evidence, raw: float) -> float:
        """The calibrated chance the claim is fully right; the raw score when no model is loaded."""
        model = self.r.calibration
        return model.apply(evidence) if model is not None else raw

    def _placed(self, reading: Reading, context: Context, i: int) -> Location | None:
        text, numbers = reading.text, reading.item.numbers
        places = reading.places
        if i + 1 < len(numbers) and self.lex.words.part_after.match(text, numbers[i + 1].end):
            # "132 assaults, almost half of them in the Pokrovsk direction": the place of the
            # part is not the place of the whole
            places = [p for p in places if p.start < numbers[i + 1].start]
        part = next((n for n in numbers[i + 1 :] if self.lex.words.part_before.search(text, numbers[i].end, n.start)), None)
        if part is not None:
            # "12 people were killed, among them 3 children in Zhytomyr region": a place inside
            # a part named after the whole is the part's ("1,900 people, including 210 children,
            # left Avdiivka": the part closed, the place is the whole's)
            places = [p for p in places if p.start < part.start or "," in text[part.end : p.start]]
        links = reading.links
        # The article's own narration going on in its paragraph ("A missile hit a market in
        # Odesa. Four people were killed.") stays where it was; a figure credited to a source
        # without a place of its own is left to that source (the seed gold).
        narrating = links.same_paragraph and reading.attribution is None
        carried = reading.carry if (links.anaphoric and links.linked) or reading.same_report or narrating else None
        return locate(places, text, numbers[i], carried, context.last_place)

    def _credited(
        self, analysis: ArticleAnalysis, reading: Reading, i: int, kind: str, asserted: bool
    ) -> Attribution | None:
        item, doc, found, links = reading.item, reading.doc, reading.found, reading.links
        number = item.numbers[i]
        issuer = analysis.issuer_at(item.sentence.start)
        if reading.explicit and found is not None and before_the_report(doc, found, number, self.lex):
            # "X is believed to have sent 14,000 ..., and intelligence estimates 2,000 ...":
            # the second clause's speaker does not vouch for the first clause's figure.
            return self.credit.own_report(item, number, found, reading.carry, links.linked, links.anaphoric, issuer)
        if found is not None and len(found.parts) == 2 and not governs(doc, found, number, self.lex):
            # "X estimates that ..., with six killed there, according to local medics": the
            # figure X's verb does not govern is the according-to source's alone
            return Attribution(origin=found.attribution.conduits[-1], cue="according to")
        if found is not None and (
            found.covers(number.start)
            or counts_the_speakers(doc, found, number, self.lex)
            or told_to(doc, found, number, self.lex)
        ):
            # "South Africa, which has lost 14 soldiers, said ...", "a group of 32 experts
            # warned ...", "26 percent said the same", "told 3,000 supporters that ...": a figure
            # inside the phrase that names the speaker or their listeners is not what they say
            return self.credit.attribution(item, None, reading.carry, links.linked, links.anaphoric, issuer)[0]
        if not reading.explicit and self.credit.narrated(
            item, number, (reading.attribution, reading.carry, links.anaphoric), kind, asserted
        ):
            # the report before goes on only for its time: the figure is the article's (or issuer's)
            return self.credit.attribution(item, None, Carry(), False, False, issuer)[0]
        return reading.attribution

    def _dated(
        self, analysis: ArticleAnalysis, reading: Reading, context: Context, i: int, unit: Unit, kind: str, said: str
    ) -> str | None:
        """The figure's time, by the first of the time rules (`extract.times.TIME_RULES`) that gives one."""
        return date_figure(self.timing, self._figure_to_date(analysis, reading, context, i, unit, kind, said)).time

    def _figure_to_date(
        self, analysis: ArticleAnalysis, reading: Reading, context: Context, i: int, unit: Unit, kind: str, said: str
    ) -> Figure:
        """What the time rules read about figure `i`: its sentence's times (less the period of a
        change before its new total), those its verbs govern, the whole it is a part of, and
        what the sentences before hand on."""
        item, doc, text, found = reading.item, reading.doc, reading.text, reading.found
        number = item.numbers[i]
        times = reading.times
        if (stretch := change_stretch(text, item.numbers, i, self.lex)) is not None:
            # "has risen by 5 over the weekend to 138": the period dates the 5, not the 138 (a day,
            # "rose by 5 on Monday to 138", dates both)
            times = [t for t in times if not (stretch[0] <= t.start < stretch[1] and "/" in (t.value or "/"))]
        links = reading.links
        segment = self._segment(reading, i)
        whole = None
        if part_of_whole(text, item.numbers, i, self.lex):
            # "1,536 were killed or injured in 2024, about 60 percent of them by ...": the whole's times
            previous = item.numbers[i - 1]
            whole = governing_times(
                times, doc, previous, self._segment(reading, i - 1), find_unit(doc, previous, self.lex), found, self.lex
            ).times
        return Figure(
            text=text, doc=doc, number=number, unit=unit, kind=kind, modality=said, found=found,
            published=analysis.published, times=times, whole=whole,
            governing=governing_times(
                times, doc, number, segment, unit, found, self.lex, self.r.times.points_back(text, *segment)
            ),
            change=stretch, carried=reading.carry.time, continuing=reading.continuing, narrated=reading.narrated,
            near=links.same_paragraph or links.adjacent,
            cited=item.citation.date if item.citation is not None else None,
            spoke=context.origin_time(found.attribution.origin) if found is not None else None,
        )

    # -- what the sentence hands on --------------------------------------------------------------------

    def _remember(self, reading: Reading, context: Context, named: list[Location]) -> Context:
        """Keep the places the sentence named, for "the region" or "the city" later."""
        offset = reading.item.sentence.start
        kept = tuple(
            (offset + p.start, p.location) for p in reading.places if p.location is not None and p.rank != 2
        )
        # "the city", "the oblast" refer back to a place below the country
        local = [loc for loc in named if loc.place is None or loc.place.name != loc.place.country_name]
        return evolve(
            context, named=(*context.named, *kept), last_place=local[-1] if local else context.last_place
        )

    def _next_carry(self, reading: Reading, claims: list[Claim], last_unit: Unit | None) -> Carry:
        carry, times = reading.carry, reading.times
        last = claims[-1] if claims else None
        # the scene goes on from the whole count, not from a part of it ("1.1 million
        # displacements, 62 percent of them in North Darfur" leaves no place for what follows)
        offset = reading.item.sentence.start
        wholes = [c for c in claims if not self.lex.words.part_after.match(reading.text, c.span.end - offset)]
        scene = wholes[-1] if wholes else last
        time: str | None
        if last and last.time:
            time = last.time
        else:
            time = times[0].value if times else carry.time if reading.continuing else None
        return Carry(
            paragraph=reading.item.sentence.paragraph,
            attribution=reading.attribution,
            explicit=reading.explicit,
            time=time,
            location=scene.location if scene and scene.location else carry.location,
            actor=(last.actor if last and last.actor else carry.actor),
            subject=(last.subject if last and last.kind != "statement" else carry.subject),
            unit=last_unit or carry.unit,
            kind=(last.kind if last and last.kind != "statement" else carry.kind),
            hops=0 if reading.explicit else carry.hops + 1,
            figureless=all(c.kind == "statement" for c in claims),
            introduces=reading.explicit and reading.text.rstrip().endswith(":"),
        )

    def _heard(self, context: Context, item: SentenceAnalysis) -> Context:
        """An origin the sentence names, kept for "the agency said" and for when it spoke."""
        carry = context.carry
        if not (carry.explicit and carry.attribution is not None and item.citation is None):
            return context
        origin = carry.attribution.origin
        spoke = (*context.spoke, (origin, carry.time)) if carry.time else context.spoke
        return evolve(context, origins=(*context.origins, carry.attribution), spoke=spoke)
