"""From one analysed sentence to claims: kind, subject, actor, place, time, hedging per number.

The sentence-level facts (attribution, time, place) come in through `SentenceFacts`; this module
decides, for each number, what it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.lexicon import ExtractionLexicon, PhraseHit, RuleWords
from claimledger.extract.tallies import change_kind, finite_verb, remains
from claimledger.kinds import KINDS
from claimledger.extract.tokens import between, doc_text, first_from

CLAUSE_PENALTY = 20  # characters: a cue across a comma or semicolon is a weaker cue
BEFORE_PENALTY = 3  # a cue after the number ("4,000 were killed") beats one as near before it
SUPPLY_KINDS = KINDS.where(supply=True)
MOVEMENT_KINDS = KINDS.where(movement=True)
PEOPLE_KINDS = KINDS.where(people=True)
# Kinds that may count anything (an incident, a figure of another kind): the events and other
# families of the registry.
GENERAL_KINDS = frozenset(k.name for k in KINDS if k.family in ("events", "other"))
# What a count of incidents ("40 strikes") may be besides an incident: the dead and wounded of them.
INCIDENT_KINDS = frozenset(KINDS.check(k) for k in ("incident", "killed", "wounded"))


@dataclass(frozen=True, slots=True)
class Unit:
    """What a number counts, as found next to it."""

    noun: str | None  # the head noun as written, lowercased ("soldiers", "cases")
    category: str | None  # people, weapons, incidents, ignore, or None when unknown
    phrase: str | None  # the noun phrase without the number ("North Korean soldiers")
    start: int = -1  # offsets of the phrase in the sentence
    end: int = -1
    head: Token | None = None
    implied: bool = False  # taken from the sentence's subject or an earlier sentence, not the text


def find_unit(doc: Doc, number: NumberMention, lex: ExtractionLexicon) -> Unit:
    """The noun a number counts: its head ("11,000 soldiers"), or "of"-object ("millions of rounds")."""
    tokens = between(doc, number.number_start, number.number_end)
    if not tokens:
        return Unit(None, None, None)
    last = tokens[-1]
    noun = _counted_noun(last, doc)
    if noun is None:
        return Unit(None, None, None)
    if noun.lower_ in lex.words.share_nouns or number.percent or number.fraction:
        # "70 percent of the casualties", "a third of the brigade": the share is of that noun
        whole = _of_object(noun) or _of_object(last)
        if whole is not None:
            noun = whole
    text = noun.lower_
    category = lex.units.get(text) or lex.units.get(_compound_text(noun))
    left = [
        t
        for t in noun.lefts
        if t.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
        and not t.like_num
        and t.i > last.i - 1
        and t.idx >= number.number_end
    ]
    start_tok = left[0].left_edge if left and left[0].left_edge.idx >= number.number_end else (
        left[0] if left else noun
    )
    end_tok = noun
    of_obj = _of_object(noun)
    if of_obj is not None and (category == "incidents" or category is None):
        end_tok = of_obj
    start = start_tok.idx
    end = end_tok.idx + len(end_tok.text)
    phrase = " ".join(doc_text(doc)[start:end].split())
    return Unit(text, category, phrase, start, end, noun)


def _counted_noun(last: Token, doc: Doc) -> Token | None:
    if (
        last.dep_ in ("nummod", "quantmod", "amod", "compound")
        and last.head.pos_ in ("NOUN", "PROPN")
        and last.head.i > last.i
    ):
        return last.head
    of_obj = _of_object(last)
    if of_obj is not None:
        return of_obj
    # Fall back to the first noun shortly after the number ("3,000-strong force", odd parses).
    for t in doc[last.i + 1 : last.i + 4]:
        if t.pos_ in ("NOUN",) and not t.like_num:
            return t
        if t.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM"):
            break
    return None


def _of_object(token: Token) -> Token | None:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    return None


def _compound_text(noun: Token) -> str:
    words = [t.lower_ for t in noun.lefts if t.dep_ in ("compound", "amod")] + [noun.lower_]
    return " ".join(words)


def decide_kind(
    text: str,
    number: NumberMention,
    segment: tuple[int, int],
    unit: Unit,
    lex: ExtractionLexicon,
    doc: Doc | None = None,
) -> tuple[str, bool]:
    """The claim kind for one number, and whether a cue (not a default) decided it. Captives
    counted as they are freed or swapped ("in exchange for 1,900 prisoners") are a count of
    people released, not of people captured."""
    kind, cued = _decide_kind(text, number, segment, unit, lex, doc)
    if kind == "captured" and _set_free(text, number, lex):
        return "other_quantity", True
    military = unit.noun in lex.words.military_people and not unit.implied
    change = change_kind(text, number, kind, military, lex, doc)
    if change is not None:
        # "has risen by about 2,000": a change, not a total; it counts what the tally does
        return change, True
    if kind in PEOPLE_KINDS and (number.percent or number.fraction) and _ground(unit, lex):
        # "80 percent of the town has been captured": a share of ground taken, not people
        return "other_quantity", cued
    return kind, cued


def _ground(unit: Unit, lex: ExtractionLexicon) -> bool:
    """Is a share of ground: of a town, a region, or of a place by its name ("of Kupiansk")?"""
    if unit.noun in lex.words.territory_nouns:
        return True
    head = unit.head
    return head is not None and not unit.implied and head.pos_ == "PROPN" and unit.category is None


def _decide_kind(
    text: str,
    number: NumberMention,
    segment: tuple[int, int],
    unit: Unit,
    lex: ExtractionLexicon,
    doc: Doc | None = None,
) -> tuple[str, bool]:
    """The claim kind for one number, and whether a cue (not a default) decided it.

    The unit noun decides when it is itself a kind ("casualties", "reinforcements"); then the
    verb the counted noun is subject or object of ("1,000 had been injured", "lost 45,000
    troops", "send 1,000 deminers and 5,000 builders"); else the nearest kind cue in the
    number's own part of the sentence (between its neighbours), with cues across a clause
    boundary counting as further away.
    """
    decided = _kind_of_the_counted_words(text, number, unit, lex, doc)
    if decided is not None:
        return decided, True
    nearest = _nearest_cue(text, number, segment, unit, lex, doc)
    if nearest is not None:
        return nearest, True
    return _default_kind(unit, lex.words), False


def _kind_of_the_counted_words(
    text: str, number: NumberMention, unit: Unit, lex: ExtractionLexicon, doc: Doc | None
) -> str | None:
    """The kind the counted words decide: their verb, a participle or adjective on them, a unit
    noun that is itself a kind, or the force they are the strength of."""
    governed = governing_cue(text, number, unit, lex, doc)
    if governed == "other_quantity":
        return governed  # "released 90 prisoners", "evacuated 1,900 people"
    participle = _participle_cue(text, unit, lex)
    unit_kind = lex.unit_kinds.get(unit.noun or "") if not unit.implied else None
    if participle is not None and governed is not None and governed != participle and _subject(unit):
        # "2,000 soldiers deployed to Russia have been killed": the participle says which
        # soldiers; the verb they are the subject of says what happened to them
        return governed
    if participle is not None:
        # "600 soldiers killed", "2,000 troops encircled"; "3,000 reinforcements dispatched"
        # stay reinforcements
        return unit_kind if unit_kind == "reinforcements" else participle
    if unit.noun and unit.noun in lex.unit_kinds and not unit.implied:
        kind = lex.unit_kinds[unit.noun]
        return "reinforcements" if governed == "troops_deployed" and kind == "reinforcements" else kind
    if governed is not None:
        return governed
    adjective = _adjective_cue(text, unit, lex)
    if adjective is not None:
        return adjective
    if _attacking_force(unit, lex.words) or _force_of(unit, lex.words) or _bare_force(number, doc, lex.words):
        return "troops_deployed"
    return None


def _nearest_cue(
    text: str, number: NumberMention, segment: tuple[int, int], unit: Unit, lex: ExtractionLexicon, doc: Doc | None
) -> str | None:
    """The nearest kind cue in the number's own part of the sentence that fits what it counts."""
    best: tuple[int, str] | None = None
    share_verb = _argument_verb(number, unit, doc) if (number.percent or number.fraction) else None
    for hit in lex.kinds.finditer(text, segment[0], segment[1]):
        if _overlaps(hit, number.start, number.end) or _overlaps(hit, unit.start, unit.end):
            continue
        if not fits(hit.label, unit.category) or (unit.category == "people" and hit.phrase in lex.words.materiel_cues):
            continue
        if remains(text, hit, lex, doc):
            continue  # "the troops left defending the port"
        if share_verb is not None and _in_next_clause(hit, share_verb, doc):
            continue  # "controlled 80 percent of the town and had captured 47 soldiers"
        if hit.end <= number.start and _describes_other_noun(hit, unit, doc, lex.words):
            continue  # "photographs released by the agency show 400 soldiers"
        if hit.label == "reinforcements" and not verb_reaches(hit, number, doc):
            continue  # "plans to reinforce the front, and 3,000 soldiers were killed"
        if hit.end <= number.start and _subject_of_side_clause(hit, number, doc):
            continue  # "Before the attacks began, about 70 ships a day passed"
        distance = _distance(text, hit, number)
        if best is None or distance < best[0]:
            best = (distance, hit.label)
    return best[1] if best is not None else None


def _subject(unit: Unit) -> bool:
    return unit.head is not None and not unit.implied and unit.head.dep_ in ("nsubj", "nsubjpass")


def verb_reaches(hit: PhraseHit, number: NumberMention, doc: Doc | None) -> bool:
    """Does a verb cue bear on the number: is it above the number in the parse ("reinforced with
    3,000 troops"), or below the number's verb ("sent 3,000 troops to reinforce the front")? A
    cue that is no verb, or a sentence with no parse, is taken to bear on it."""
    if doc is None:
        return True
    cue = next((t for t in doc if t.idx == hit.start), None)
    inside = [t for t in doc if number.number_start <= t.idx < number.number_end]
    if cue is None or not inside or cue.pos_ not in ("VERB", "AUX"):
        return True
    ancestors = list(inside[-1].ancestors)
    if cue in ancestors:
        return True
    verb = next((a for a in ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb in cue.ancestors


def _argument_verb(number: NumberMention, unit: Unit, doc: Doc | None) -> Token | None:
    """The verb whose subject or object the count (or its noun) is, if the parse says so."""
    token = _argument(number, unit, doc)
    return token.head if token is not None and token.head.pos_ in ("VERB", "AUX") else None


def _argument(number: NumberMention, unit: Unit, doc: Doc | None) -> Token | None:
    """The count's noun (or the count) as the parse attaches it to its verb: climbing from it
    through modifiers to the first subject or object, if there is one within six steps."""
    if doc is None:
        return None
    token = None if unit.implied else unit.head  # a borrowed noun governs its own verb, not ours
    if token is None:
        inside = between(doc, number.number_start, number.number_end)
        token = inside[-1] if inside else None
    for _ in range(6):
        if token is None or token.head is token:
            return None
        if token.dep_ in ARGUMENT_DEPS:
            return token
        if token.dep_ not in CLIMB_DEPS:
            return None
        token = token.head
    return None


def _describes_other_noun(hit: PhraseHit, unit: Unit, doc: Doc | None, words: RuleWords) -> bool:
    """Is a cue before the count a participle on another noun ("photographs released by the
    agency show 400 soldiers")? It says what happened to that noun, not to the count."""
    if doc is None:
        return False
    cue = next((t for t in doc if t.idx == hit.start), None)
    if cue is None or cue.dep_ != "acl" or cue.tag_ != "VBN":
        return False
    if cue.head.lower_ in words.tally_nouns:
        return False  # "put the number killed or wounded at 4,000": the tally is the count
    return cue.head.pos_ in ("NOUN", "PROPN") and (unit.head is None or cue.head.i != unit.head.i)


def _subject_of_side_clause(hit: PhraseHit, number: NumberMention, doc: Doc | None) -> bool:
    """Is a noun cue before the count the subject of a clause of its own, one the count is not
    in ("Before the attacks began in 2023, about 70 ships a day passed")?"""
    cue = first_from(doc, hit.start) if doc is not None else None
    inside = between(doc, number.number_start, number.number_end) if doc is not None else []
    if cue is None or not inside or cue.pos_ != "NOUN" or cue.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = cue.head
    return verb.dep_ in ("advcl", "relcl") and verb.i not in {t.i for t in inside[-1].ancestors}


def _in_next_clause(hit: PhraseHit, verb: Token, doc: Doc | None) -> bool:
    """Is a cue in a clause joined after the count's own ("... and had captured 47")?"""
    if doc is None:
        return False
    cue = first_from(doc, hit.start)
    if cue is None or cue.i <= verb.i:
        return False
    return any(a.dep_ == "conj" and a.head.i == verb.i for a in [cue, *cue.ancestors])


def _force_of(unit: Unit, words: RuleWords) -> bool:
    """ "forming a unit of roughly 3,000 North Koreans", "a contingent of 500 Kenyans": people
    counted as the strength of a force are troops, whatever else the sentence says."""
    head = unit.head
    if head is None or unit.implied or unit.category != "people" or head.lower_ in words.civilian_people:
        return False
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in words.force_formations


def _bare_force(number: NumberMention, doc: Doc | None, words: RuleWords) -> bool:
    """ "a force of about 1,000 would stay": a bare number that is the strength of a force."""
    inside = between(doc, number.number_start, number.number_end) if doc is not None else []
    if not inside or inside[-1].dep_ != "pobj":
        return False
    prep = inside[-1].head
    return prep.lower_ == "of" and prep.head.lower_ in words.force_formations


def _attacking_force(unit: Unit, words: RuleWords) -> bool:
    """ "attacked the town with more than 1,000 fighters", "carried out by about 20 gunmen": the
    armed men an attack was made with or by are the size of the force sent, whatever the attack
    then did."""
    head = unit.head
    if head is None or unit.implied or (head.lower_ not in words.military_people and head.lower_ not in words.attackers):
        return False
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in words.force_prepositions and prep.dep_ in ("prep", "agent")


FREED_GAP = re.compile(r"\s*(?:for|of)?\s*(?:the\s+)?\Z", re.IGNORECASE)


def _set_free(text: str, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Are the captives counted as freed or exchanged: "in exchange for 1,900 prisoners", "the
    release of 90 detainees", "freed 40 hostages"? The release cue comes right before."""
    for hit in lex.kinds.finditer(text, max(0, number.start - 30), number.start):
        if hit.label == "other_quantity" and FREED_GAP.match(text, hit.end, number.start):
            return True
    return False


def _participle_cue(text: str, unit: Unit, lex: ExtractionLexicon) -> str | None:
    """A participle straight after the counted noun names what happened to it."""
    if unit.head is None or unit.implied:
        return None
    for child in unit.head.rights:
        if child.dep_ in ("acl", "amod") and child.tag_ == "VBN":
            hit = lex.kinds.search(text, child.idx, min(len(text), child.idx + 40))
            if hit is not None and hit.start == child.idx and fits(hit.label, unit.category) and not remains(text, hit, lex, unit.head.doc):
                return hit.label
    return None


def _adjective_cue(text: str, unit: Unit, lex: ExtractionLexicon) -> str | None:
    """ "600 wounded people", "14 dead civilians": the state named before the noun, when no verb
    says what happened to them ("captured two wounded soldiers" are captured)."""
    if unit.head is None or unit.implied:
        return None
    for child in unit.head.lefts:
        if child.dep_ == "amod" and child.tag_ in ("VBN", "JJ"):
            hit = lex.kinds.search(text, child.idx, min(len(text), child.idx + 40))
            if hit is not None and hit.start == child.idx and fits(hit.label, unit.category):
                return hit.label
    return None


ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "dative"})
CLIMB_DEPS = frozenset({"conj", "appos", "compound", "amod", "nummod", "quantmod", "pobj", "prep", "npadvmod", "nmod"})


def governing_cue(
    text: str, number: NumberMention, unit: Unit, lex: ExtractionLexicon, doc: Doc | None
) -> str | None:
    """The kind named by the verb whose subject or object is the counted thing."""
    token = _argument(number, unit, doc)
    if token is None:
        return None
    verb = token.head
    if verb.pos_ not in ("VERB", "AUX", "ADJ") or token.pos_ == "VERB":
        return None  # a verb parsed as the count's object ("Shelling kills 12") is a misparse
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = finite_verb(verb)
    if token.dep_ in ("nsubj", "nsubjpass") and verb.lower_ in lex.words.linking_verbs:
        # "11 remain missing", "five were dead": the state the count is in names the kind
        for child in verb.rights:
            if child.dep_ in ("acomp", "attr", "oprd"):
                hit = lex.kinds.search(text, child.idx, min(len(text), child.idx + 40))
                if hit is not None and hit.start == child.idx and fits(hit.label, unit.category):
                    return hit.label
    if verb.lower_ in lex.result_verbs and token.dep_ == "dobj":
        # "left 12 people dead": the state right after the counted words
        after = token.idx + len(token.text)
        hit = lex.kinds.search(text, after, min(len(text), after + 30))
        if hit is not None and not text[after : hit.start].strip() and fits(hit.label, unit.category):
            return hit.label
    particle = next((c for c in verb.children if c.i > verb.i and c.lower_ in PARTICLES), None)
    if particle is not None:
        # "pulled about 800 soldiers out of the region": the verb and its particle are the cue
        label = lex.kinds.labels.get(f"{verb.lower_} {particle.lower_}")
        if label is not None and fits(label, unit.category):
            return label
    # "killed or wounded 4,100": the object hangs on "wounded", the cue starts at "killed".
    first = verb.head if verb.dep_ == "conj" and verb.head.i < verb.i else verb
    for hit in lex.kinds.finditer(text, first.idx, min(len(text), verb.idx + 40)):
        covers = hit.start <= verb.idx < hit.end
        if hit.start in (first.idx, verb.idx) and covers and fits(hit.label, unit.category):
            return hit.label
    return None


PARTICLES = frozenset({"out", "back", "away", "off"})


def civilian_movement(kind: str, unit: Unit, lex: ExtractionLexicon) -> str:
    """ "2,300 people have left front-line towns": civilians on the move are a count of people
    displaced or evacuated (other_quantity), not a deployment or a withdrawal."""
    if kind in MOVEMENT_KINDS and unit.noun in lex.words.civilian_people and not unit.implied:
        return "other_quantity"
    return kind


def fits(kind: str, category: str | None) -> bool:
    if category == "weapons":
        return kind in SUPPLY_KINDS or kind in GENERAL_KINDS
    if category == "things":
        return kind in GENERAL_KINDS
    if category == "incidents":
        return kind in INCIDENT_KINDS
    if category == "people":
        return kind in PEOPLE_KINDS or kind in GENERAL_KINDS
    return kind != "weapons_supplied"


def _default_kind(unit: Unit, words: RuleWords) -> str:
    if unit.category == "weapons" and unit.noun in words.supplied_by_default:
        return "weapons_supplied"
    if unit.category == "incidents":
        return "incident"
    if unit.noun in words.military_people:
        return "troops_deployed"
    return "other_quantity"


def _distance(text: str, hit: PhraseHit, number: NumberMention) -> int:
    return span_distance(text, hit.start, hit.end, number.start, number.end)


def span_distance(text: str, start: int, end: int, number_start: int, number_end: int) -> int:
    """How far a cue is from a number, in characters, counting clause boundaries as far."""
    if start >= number_end:
        gap = text[number_end:start]
        distance = start - number_end
    else:
        gap = text[end:number_start]
        distance = max(0, number_start - end) + BEFORE_PENALTY
    return distance + CLAUSE_PENALTY * sum(gap.count(p) for p in (",", ";", ":", "—", " – "))


def _overlaps(hit: PhraseHit, start: int, end: int) -> bool:
    return start >= 0 and hit.start < end and start < hit.end
