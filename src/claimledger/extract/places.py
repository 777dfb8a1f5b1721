"""Where a claim happened: place spans of a sentence and the rules that rank them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.attribution import Found
from claimledger.extract.claims import span_distance
from claimledger.extract.context import Carry
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.kb import Gazetteer, KnowledgeBase, PlaceMention
from claimledger.model import Location
from claimledger.extract.place_parse import (
    describing_clause, fought_for, name_part, names_container, own_clause, where_said, word_before,
)
from claimledger.extract.tokens import between, doc_text, lowers


# A lower-case noun after a place, making it the owner of a speaker: "the Gaza health ministry".
OWNED_NOUN = re.compile(r"\s+[a-z][a-z-]+\b")
# Between two members of a list of places: "Kenya, Jamaica and El Salvador".
LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")
# Between a place and the region or country around it: "Bhamo in Kachin State", "Sake, North
# Kivu", "near Amalfi, in Antioquia province", "Pont-Sonde in Haiti's Artibonite department".
WITHIN = re.compile(r"\s*,\s*(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?['’]s\s+)?")

# A capitalised name after a locative word, then the region around it (see `_unlisted_within`).
UNLISTED_WITHIN = re.compile(
    r"\b(\w+)\s+([A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+){0,2})(?:\s*,\s*(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?)$"
)

# A name the sentence goes on to describe as a kind of place: "around Sake, a town ...".
DESCRIBED_AS_PLACE = re.compile(r"\b(\w+)\s+([A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+){0,2}),\s+(?:a|an|the)\s+(?:small\s+)?(\w+)\b")


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A candidate place in a sentence; `location` None for "the city" (resolved later)."""

    location: Location | None
    start: int
    end: int
    rank: int  # 0 after a locative preposition, 1 bare, 2 a reference back
    # the relative clause describing another place that the place lies in ("the Centre
    # department, where gangs overran Mirebalais"): it ranks lower for a figure outside it
    clause: tuple[int, int] | None = None
    only_within: bool = False  # the place is no figure's outside `clause` ("the north")


@dataclass(frozen=True, slots=True)
class PlaceReader:
    """Places a sentence is about, read from its parse with the gazetteer and the actor base."""

    gazetteer: Gazetteer
    kb: KnowledgeBase
    lexicon: ExtractionLexicon

    def spans(
        self,
        doc: Doc,
        found: Found | None,
        offset: int,
        named: Sequence[tuple[int, Location]],
        mentions: Sequence[PlaceMention] | None = None,
    ) -> list[PlaceSpan]:
        """Places the sentence is about: not where it was filed, not who said it, not a capital
        standing for its state ("Seoul's figures", "Kyiv estimates", "the war against Ukraine").
        `offset` is where the sentence starts in the article; `named` the places named before it;
        `mentions` the gazetteer's places in the sentence, if known (else it is scanned)."""
        text = doc_text(doc)
        out = self._gazetteer_spans(doc, found, self.gazetteer.find(text) if mentions is None else mentions)
        out.extend(self._sites(text, doc, out, found))
        out.extend(self._compass_areas(text, doc, out, found))
        out.extend(self._demonym_grounds(doc, out, found))
        out.extend(self._unlisted_within(text, out, found))
        out.extend(self._described_as_place(text, out, found))
        out = self._narrowest(text, out)
        out = self._with_references(text, out, offset, named)
        return self._with_there(doc, out, offset, named)

    def _gazetteer_spans(self, doc: Doc, found: Found | None, mentions: Sequence[PlaceMention]) -> list[PlaceSpan]:
        """The gazetteer's places in the sentence, ranked by the word before them."""
        text, words = doc_text(doc), self.lexicon.words
        out: list[PlaceSpan] = []
        container_before: str | None = None
        origin_end = -1  # where the last "from X" origin ended: "from Kenya, Jamaica and Chad"
        for i, mention in enumerate(mentions):
            if found is not None and found.covers(mention.start):
                speaker = self._speaker_place(text, mention)
                if speaker is not None:
                    out.append(speaker)
                continue
            tokens = between(doc, mention.start, mention.end)
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            if following is not None and names_container(text, mention, following):
                # "Russia's Kursk region": the narrower place, standing where its container
                # stands ("in Russia's Kursk region" is as locative as "in Kursk")
                container_before = word_before(doc, tokens[0].i, words.non_locative) if tokens else None
                continue
            if not tokens or name_part(tokens[-1]):
                continue
            before = container_before or word_before(doc, tokens[0].i, words.non_locative)
            container_before = None
            if self._owns_record(tokens[-1], mention.text):
                continue
            if before == "for" and fought_for(doc, tokens[0].i, words.contests):
                before = "in"  # "the fighting for Goma", "the battle for Bakhmut": where it was
            elif before in words.non_locative or where_said(tokens[-1], found):
                continue
            elif (before == "from" and self._origin(doc, tokens[0].i)) or (
                origin_end >= 0 and LIST_JOINT.fullmatch(text, origin_end, mention.start)
            ):
                origin_end = mention.end
                continue
            # "Khan Younis: 1,664 children screened": a place labelling a list item
            label = not text[: mention.start].strip() and text.startswith(":", mention.end)
            locative = before in words.place_prepositions or label
            if not locative and self._acts(tokens[-1], mention.text):
                continue
            # "Kherson was shelled 40 times", "El Obeid is home to 500,000 people": the subject
            # that undergoes or hosts is the place, as "in Kherson" is
            locative = locative or self._undergoes(tokens[-1])
            # the object of a verb that is not an actor is where it happened ("fled El Fasher",
            # "shelled Kherson"), as close to the claim as "in El Fasher"
            locative = locative or (tokens[-1].dep_ == "dobj" and tokens[-1].head.pos_ == "VERB")
            location = Location(text=mention.text, place=mention.place)
            clause = describing_clause(tokens[-1], mentions)
            out.append(PlaceSpan(location, mention.start, mention.end, 0 if locative else 1, clause))
        return out

    def _with_references(
        self, text: str, spans: list[PlaceSpan], offset: int, named: Sequence[tuple[int, Location]]
    ) -> list[PlaceSpan]:
        """`spans` and "the city", "the region" resolved to the place they point back to."""
        out = list(spans)
        for hit in self.lexicon.words.place_reference.finditer(text):
            if hit.group(1).lower() == "country" and text.startswith(("'s", "’s"), hit.end()):
                continue  # "the country's spy agency": whose agency, as "South Korea's" is
            earlier = [(offset + p.start, p.location) for p in out if p.location is not None and p.end <= hit.start()]
            referent = self.referent(hit.group(1).lower(), [*named, *earlier])
            out.append(PlaceSpan(referent, hit.start(), hit.end(), 2))
        return out

    def _with_there(
        self, doc: Doc, spans: list[PlaceSpan], offset: int, named: Sequence[tuple[int, Location]]
    ) -> list[PlaceSpan]:
        out = list(spans)
        for i, lower in enumerate(lowers(doc)):
            # "six people were killed there", "partners there told us": the place just named
            token = doc[i] if lower == "there" else None
            if token is not None and token.dep_ == "advmod":
                earlier = sorted(
                    ((offset + p.start, p.location) for p in out if p.location is not None and p.end <= token.idx),
                    key=lambda e: e[0],
                )
                so_far = [*named, *earlier]
                if so_far:
                    out.append(PlaceSpan(so_far[-1][1], token.idx, token.idx + 5, 0))
        return out

    def scene_places(self, text: str) -> list[tuple[int, Location]]:
        """Places in a sentence read without a parse: the gazetteer's, and named sites."""
        mentions = self.gazetteer.find(text)
        found = [(m.start, Location(text=m.text, place=m.place)) for m in mentions]
        found.extend(self.sites_unparsed(text, [(m.start, m.end) for m in mentions]))
        return sorted(found, key=lambda f: f[0])

    def sites_unparsed(self, text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, Location]]:
        """Named sites found by their type word alone, outside the spans already `taken`."""
        out: list[tuple[int, Location]] = []
        words = self.lexicon.words
        for pattern in (words.site_of, words.site_typed, words.site_named):
            for hit in pattern.finditer(text):
                start, end = hit.start(1), hit.end(1)
                if not any(s < end and start < e for s, e in taken):
                    out.append((start, Location(text=text[start:end])))
        return out

    def site_level(self, location: Location) -> int:
        """-1 a site (a palace, a camp, a hospital), then as _level."""
        if location.place is None:
            return -1
        record = self.gazetteer.resolve_record(location.text)
        if record is not None and record.kind == "facility":
            return -1
        return self.level(location)

    def referent(self, word: str, named: Sequence[tuple[int, Location]]) -> Location | None:
        """The place "the region", "the city" points back to: the last one `named` of that level
        ("Sudzha ... of the region" is the region Sudzha lies in, named before it); None leaves
        it to the last place below a country."""
        for _, location in reversed(named):
            if word in location.text.lower().split():
                return location  # "the palace": the Republican Palace; "the camp": Zamzam camp
        level = self.lexicon.words.place_references.get(word)
        if level is None:
            return None
        for _, location in reversed(named):
            if location.place is not None and self.level(location) == level:
                return location
        if level == 1:
            # "the city of Belgorod ... the region": the region named after a city named before
            for _, location in reversed(named):
                region = self._region_named_after(location, word)
                if region is not None:
                    return region
        return None

    def _region_named_after(self, location: Location, word: str) -> Location | None:
        """ "Belgorod region" for the city of Belgorod, when the gazetteer has such a region
        in the city's country."""
        place = location.place
        if place is None or self.level(location) != 0:
            return None
        name = f"{place.name} {word}"
        record = self.gazetteer.resolve_record(name)
        if record is None or record.kind not in ("admin1", "region") or record.place.country != place.country:
            return None
        return Location(text=name, place=record.place)

    def _origin(self, doc: Doc, index: int) -> bool:
        """Is "from X" where people or things come from ("officers from Kenya", "shells that come
        from North Korea"), not where the claim happened ("evacuated from Vovchansk")?"""
        prep = next((doc[i] for i in range(index - 1, max(-1, index - 4), -1) if doc[i].lower_ == "from"), None)
        if prep is None:
            return False
        if prep.i > 0 and doc[prep.i - 1].like_num:
            return True  # "three from the UN mission and nine from South Africa", however parsed
        head = prep.head
        if head.lower_ in self.lexicon.origin_verbs or head.lemma_.lower() in self.lexicon.origin_verbs:
            return True
        # a count or a group of people who act ("both from Kenya", "officers from Kenya serve"),
        # not ones moved ("withdrew 1,500 soldiers from Niger": where they left)
        if head.pos_ in ("PRON", "DET", "NUM"):
            return True
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        return (
            head.pos_ in ("NOUN", "PROPN") and self.lexicon.units.get(head.lower_) == "people"
            and head.dep_ in ("nsubj", "nsubjpass", "appos")
        )

    def _speaker_place(self, text: str, mention: Any) -> PlaceSpan | None:
        """ "Gaza's health ministry said ...", "the Gaza health ministry said", "Kharkiv's mayor
        says ...": a town or territory
        owning the speaker is where its figures are about, when the sentence names no other
        place. A country or its capital owning the speaker ("South Korea's spy agency", "Seoul's
        Joint Chiefs") is only who speaks."""
        owned = text.startswith(("'s", "’s"), mention.end)
        if not owned and (not OWNED_NOUN.match(text, mention.end) or mention.text.isupper()):
            return None
        location = Location(text=mention.text, place=mention.place)
        if self.level(location) == 2:
            return None
        actor = self.kb.link(mention.text, partial=False)
        if actor is not None and (actor.type == "state" or not owned):
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
            outer_level = self.level(outer.location)
            if self.level(inner.location) >= outer_level:
                continue  # "Kharkiv, Sumy": a list of peers, not a place and its region
            inner_place = inner.location.place
            if inner_place is not None and inner_place.country != outer.location.place.country:
                continue
            dropped.add(i + 1)
            ordered[i] = dataclasses.replace(inner, rank=min(inner.rank, outer.rank))
        return [p for i, p in enumerate(ordered) if i not in dropped]

    def level(self, location: Location) -> int:
        """0 a town or a site, 1 a region, 2 a country."""
        if location.place is None:
            return 0
        if location.place.name == location.place.country_name:
            return 2  # a country, however written ("Russian regions")
        record = self.gazetteer.resolve_record(location.text)
        kind = record.kind if record is not None else "locality"
        return {"country": 2, "admin1": 1, "region": 1}.get(kind, 0)

    def _sites(self, text: str, doc: Doc, named: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """Named sites the gazetteer lacks. A site inside a known place ("Goma's Munzenze
        prison", "Gaza's Kamal Adwan hospital") is the narrower place and takes its rank."""
        out: list[PlaceSpan] = []
        words = self.lexicon.words
        hits = [*words.site_of.finditer(text), *words.site_typed.finditer(text), *words.site_named.finditer(text)]
        for hit in sorted(hits, key=lambda h: h.start(1)):
            start, end = hit.start(1), hit.end(1)
            if found is not None and found.covers(start):
                continue
            if any(p.start < end and start < p.end for p in named):
                continue  # the gazetteer already has it, or a name across it
            owner = next((p for p in named if 0 <= start - p.end <= 3 and text[p.end : start].strip() in ("'s", "’s")), None)
            tokens = between(doc, start, end)
            before = word_before(doc, tokens[0].i, words.non_locative) if tokens else ""
            rank = owner.rank if owner is not None else (0 if before in words.place_prepositions else 1)
            if owner is not None:
                named.remove(owner)
            out.append(PlaceSpan(Location(text=text[start:end]), start, end, rank))
        return out

    def _compass_areas(self, text: str, doc: Doc, named: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """ "sent 5,000 soldiers to the south", "2,600 fighters in the southwest": a compass
        point as the object of a locative word is the part of the country the claim is about."""
        out: list[PlaceSpan] = []
        words = self.lexicon.words
        for hit in words.compass_area.finditer(text):
            start, end = hit.start(), hit.end()
            if (found is not None and found.covers(start)) or any(p.start < end and start < p.end for p in named):
                continue
            tokens = between(doc, start, end)
            if not tokens or tokens[-1].dep_ != "pobj":
                continue  # "the south Lebanese town": a word on a name, not a place
            if word_before(doc, tokens[0].i, words.non_locative) in words.place_prepositions:
                # too vague to stand for the figures of another clause ("our budget is 12
                # million dollars, and we plan to reach 80,000 people in the north")
                clause = own_clause(tokens[-1])
                out.append(PlaceSpan(Location(text=text[start:end]), start, end, 0, clause, clause is not None))
        return out

    def _demonym_grounds(self, doc: Doc, named: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """ "of Ukrainian territory", "over Russian regions": the state's ground, a place in it."""
        out: list[PlaceSpan] = []
        words = self.lexicon.words
        lowered = doc.text.lower()
        if not any(word in lowered for word in words.demonym_grounds):
            return out  # none of the words is in the sentence: no token walk
        for token in doc[1:]:
            demonym = doc[token.i - 1]
            if token.lower_ not in words.demonym_grounds or not demonym.text[:1].isupper():
                continue
            start, end = demonym.idx, token.idx + len(token)
            if (found is not None and found.covers(start)) or any(p.start < end and start < p.end for p in named):
                continue
            actor = self.kb.link(demonym.text, partial=False)
            record = self.gazetteer.resolve_record(actor.name) if actor is not None and actor.type == "state" else None
            if record is not None and record.kind == "country":
                rank = 0 if word_before(doc, demonym.i, words.non_locative) in words.place_prepositions else 1
                out.append(PlaceSpan(Location(text=doc.text[start:end], place=record.place), start, end, rank))
        return out

    def _described_as_place(self, text: str, spans: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """ "fighting around Sake, a town west of Goma": a name after a locative word that the
        sentence goes on to call a town, a village or a camp is a place, even one the gazetteer
        passes over as a common word."""
        out: list[PlaceSpan] = []
        words = self.lexicon.words
        for hit in DESCRIBED_AS_PLACE.finditer(text):
            start, end = hit.start(2), hit.end(2)
            if hit.group(1).lower() not in words.place_prepositions or hit.group(3).lower() not in words.place_references:
                continue
            if (found is not None and found.covers(start)) or any(p.start < end and start < p.end for p in spans):
                continue
            record = self.gazetteer.resolve_record(hit.group(2))
            out.append(PlaceSpan(Location(text=hit.group(2), place=record.place if record else None), start, end, 0))
        return out

    def _unlisted_within(self, text: str, spans: list[PlaceSpan], found: Found | None) -> list[PlaceSpan]:
        """ "near Amalfi, in Antioquia province", "in Tabanga in Ouham region": a name the
        gazetteer lacks, after a locative word and placed inside a region it knows, is a place
        (the narrower one)."""
        out: list[PlaceSpan] = []
        for outer in spans:
            if outer.location is None or outer.location.place is None or self.level(outer.location) == 0:
                continue
            hit = UNLISTED_WITHIN.search(text, max(0, outer.start - 80), outer.start)
            if hit is None or (found is not None and found.covers(hit.start(2))):
                continue
            if hit.group(1).lower() not in self.lexicon.words.place_prepositions:
                continue
            if not any(p.start < hit.end(2) and hit.start(2) < p.end for p in spans):
                out.append(PlaceSpan(Location(text=hit.group(2)), hit.start(2), hit.end(2), 0))
        return out

    def _owns_record(self, token: Any, name: str) -> bool:
        """ "up from Seoul's previous estimate", "Israel's tallies": a state, or its capital,
        owning a record is whose the record is, not where its figures are."""
        if token.dep_ != "poss" or token.head.lower_ not in self.lexicon.record_nouns:
            return False
        actor = self.kb.link(name, partial=False)
        return actor is not None and actor.type == "state"

    def _undergoes(self, token: Any) -> bool:
        head = token.head if token.dep_ == "case" else token
        return head.dep_ == "nsubjpass" or (
            head.dep_ == "nsubj" and head.head.lemma_ in self.lexicon.words.hosting_verbs
        )

    def _acts(self, token: Any, name: str) -> bool:
        """A place name in an actor's role: subject or possessor ("Seoul's figures"), or a capital
        standing for its state as an object ("gave Kyiv control")."""
        head = token.head if token.dep_ == "case" else token
        if head.dep_ in ("nsubj", "nsubjpass"):
            # "Kherson was shelled 40 times", "El Obeid is home to 500,000 people": a town or a
            # region that undergoes or hosts is the place; a country as subject is a state
            undergoes = head.dep_ == "nsubjpass" or head.head.lemma_ in self.lexicon.words.hosting_verbs
            actor = self.kb.link(name, partial=False) if undergoes else None
            return not undergoes or (actor is not None and actor.type == "state")
        if head.dep_ in ("poss", "dobj", "dative", "pobj", "compound", "npadvmod"):
            actor = self.kb.link(name, partial=False)
            if actor is None or actor.type != "state":
                return False
            owned = head.head
            if head.dep_ == "poss" and owned.dep_ == "nsubj" and self.lexicon.reports(owned.head):
                return True  # "Israel's army radio reported": the state owns who speaks
            # A capital standing for its state ("gave Kyiv control"), a country as the object of
            # a verb ("help Russia fight Ukraine") or naming whose a thing is ("the shells Russia
            # fires" parsed as "Russia fires"): an actor, not a place.
            return actor.name.lower() != name.lower() or head.dep_ in ("dobj", "compound")
        return False


def outside_clause(place: PlaceSpan, number: NumberMention) -> bool:
    """Does the number lie outside the clause the place is bound to?"""
    return place.clause is not None and not place.clause[0] <= number.start < place.clause[1]


def locate(
    places: list[PlaceSpan],
    text: str,
    number: NumberMention,
    carry: Carry | None,
    last_place: Location | None,
) -> Location | None:
    """The place of a number: the best ranked span, the nearest of those; without one, the
    place the report going on from the sentence before is at. A place in a clause the number
    is outside of ranks lower, or is not the number's at all when it is bound there."""
    places = [p for p in places if not (p.only_within and outside_clause(p, number))]
    if places:
        best = min(
            places,
            key=lambda p: (
                p.rank + outside_clause(p, number), span_distance(text, p.start, p.end, number.start, number.end)
            ),
        )
        # "the city", "the region": the place named last in the article
        return best.location if best.location is not None else last_place
    return carry.location if carry else None
