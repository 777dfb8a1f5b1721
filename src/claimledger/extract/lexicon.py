"""The extractor's cue lists (data/extraction.yaml), compiled once into phrase matchers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.datafiles import extend, packaged_text, parse_mapping
from claimledger.errors import SettingsError

if TYPE_CHECKING:
    from spacy.tokens import Token

LEXICON_FILE = "extraction.yaml"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    start: int
    end: int
    phrase: str
    label: str


class PhraseMatcher:
    """Whole-word, case-insensitive matching of many phrases with one compiled regex.

    Longer phrases win where they overlap ("killed or wounded" over "killed").
    """

    def __init__(self, phrases: Mapping[str, str]) -> None:
        self.labels = {p.lower(): label for p, label in phrases.items()}
        ordered = sorted(self.labels, key=len, reverse=True)
        body = _by_first_letter(ordered) or "|".join(_phrase_pattern(p) for p in ordered) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseHit]:
        for m in self.regex.finditer(text, start, len(text) if end is None else end):
            phrase = " ".join(m.group(0).lower().replace("’", "'").split())
            yield PhraseHit(m.start(), m.end(), phrase, self.labels.get(phrase, ""))

    def search(self, text: str, start: int = 0, end: int | None = None) -> PhraseHit | None:
        return next(self.finditer(text, start, end), None)


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _by_first_letter(ordered: Sequence[str]) -> str | None:
    """The alternation of the phrases (in the given order) grouped under their first letter:
    "k(?:illed|ills)|w(?:ounded)", which the regex engine rejects at a word that starts with no
    listed letter in one test instead of one per phrase. The same matches: phrases with different
    first letters never match at the same place, and within a letter the order is kept. None
    (not grouped) unless every phrase starts with a lower-case ASCII letter or digit, whose
    case-insensitive matches no other group shares."""
    groups: dict[str, list[str]] = {}
    for phrase in ordered:
        words = phrase.split()
        first = words[0][0] if words else ""
        if not (first.isascii() and first.isalnum() and first == first.lower()):
            return None
        rest = re.escape(words[0][1:]) + "".join(r"\s+" + re.escape(word) for word in words[1:])
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


def alternation(words: Sequence[str]) -> str:
    """A regex alternation of the words as written (in order: the first listed is tried first)."""
    return "|".join(re.escape(w) for w in words) or r"(?!x)x"


@dataclass(frozen=True, slots=True)
class RuleWords:
    """The word classes the extraction rules test (the lower part of extraction.yaml), read
    as sets or compiled into the few patterns that need the words in context."""

    military_people: frozenset[str]
    force_nouns: frozenset[str]
    named_force: re.Pattern[str]  # "North Korean troops", "Rwanda's soldiers": a force by its state
    attackers: frozenset[str]
    civilian_people: frozenset[str]
    force_formations: frozenset[str]
    force_prepositions: frozenset[str]
    tally_nouns: frozenset[str]
    supplied_by_default: frozenset[str]
    share_nouns: frozenset[str]
    territory_nouns: frozenset[str]
    change_by: re.Pattern[str]  # "has risen by about ": group "up" or "down" says which way
    materiel_cues: frozenset[str]  # "destroyed", "shot down": cues that never count people
    remaining_after: re.Pattern[str]  # " defending": "left" before it is not a withdrawal
    change_to: re.Pattern[str]  # "has risen to ", "could reach ": a tally's new total follows
    total_to: re.Pattern[str]  # "bringing the total number killed to ": group "tally" names it
    linking_verbs: frozenset[str]
    distance_units: frozenset[str]
    age_qualifiers: frozenset[str]
    source_nouns: frozenset[str]
    count_suffixes: frozenset[str]
    copula_lemmas: frozenset[str]
    copula_forms: frozenset[str]
    place_prepositions: frozenset[str]
    non_locative: frozenset[str]
    hosting_verbs: frozenset[str]
    demonym_grounds: frozenset[str]  # "Ukrainian territory": a state's ground named by its demonym
    contests: frozenset[str]
    pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    person_types: frozenset[str]
    pronoun_numbers: frozenset[str]
    editorial_types: frozenset[str]
    organisation_words: frozenset[str]
    determiners: frozenset[str]
    relative_pronouns: frozenset[str]
    date_words: frozenset[str]  # "Thursday", "March": a day a relative clause is not on
    colon_labels: frozenset[str]  # "Editor's note:", "Read more:": a label, not a speaker
    clause_only_reporting: frozenset[str]  # "add": reports a clause, acts on an object
    first_person: frozenset[str]
    title_small_words: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    place_references: dict[str, int | None]  # "the city" -> the level of place it points back to
    # "25 kilometres west of Goma": the direction after a distance that places a town
    direction_after: re.Pattern[str]
    multiplier_after: re.Pattern[str]  # "three times as many"
    reinforcement_after: re.Pattern[str]  # "3,000 more"
    reinforcement_before: re.Pattern[str]  # "another 1,500"
    part_before: re.Pattern[str]  # "64, including nine children"
    part_after: re.Pattern[str]  # "23 people, seven of them children"
    estimate_ends: re.Pattern[str]  # "..., but whole districts", "; the ministry says"
    since_event: re.Pattern[str]  # "since the war began in "
    place_reference: re.Pattern[str]  # "the city", "this region"
    site_of: re.Pattern[str]  # "the village of Plekhovo"
    site_typed: re.Pattern[str]  # "Munzenze prison"
    site_named: re.Pattern[str]  # "the Republican Palace"
    compass_area: re.Pattern[str]  # "the south", "the far north": a part of a country
    first_person_text: re.Pattern[str]  # "we", "our" anywhere in a text
    own_words: re.Pattern[str]  # "his", "their"
    indefinite: re.Pattern[str]  # "a ", "another " just before a phrase
    time_share: re.Pattern[str]  # " a year", " of this month" after a fraction
    since_year_start: re.Pattern[str]  # "since the start of the year"
    live_stamp: re.Pattern[str]  # "08:20", "Update 13:05 GMT:"

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RuleWords:
        def words(key: str) -> frozenset[str]:
            return _words(data[key])

        def alt(key: str) -> str:
            return alternation([str(w) for w in data[key]])

        references = {str(w).lower(): (None if v is None else int(v)) for w, v in data["place_references"].items()}
        return cls(
            military_people=words("military_people"),
            force_nouns=_words(data.get("force_nouns", [])),
            named_force=re.compile(
                rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}})(?:{alternation(data.get('force_nouns', []))})\b"
            ),
            attackers=words("attackers"),
            civilian_people=words("civilian_people"),
            force_formations=words("force_formations"),
            force_prepositions=words("force_prepositions"),
            tally_nouns=words("tally_nouns"),
            supplied_by_default=words("supplied_by_default"),
            share_nouns=words("share_nouns"),
            territory_nouns=_words(data.get("territory_nouns", [])),
            change_by=re.compile(
                rf"\b(?:(?P<up>{alternation(data.get('change_up', []))})|(?P<down>{alternation(data.get('change_down', []))}))"
                r"\s+by(?:\s+[\w'’-]+){0,2}?\s+$",
                re.IGNORECASE,
            ),
            materiel_cues=_words(data.get("materiel_cues", [])),
            remaining_after=re.compile(rf"\s+(?:{alternation(data.get('remaining_after', []))})\b", re.IGNORECASE),
            change_to=re.compile(
                rf"\b(?:(?:{_alt_multi(data.get('change_up', []) + data.get('change_down', []))})\s+to"
                rf"|{alternation(data.get('reach_verbs', []))})(?:\s+[\w'’-]+){{0,2}}?\s+$"
                rf"|\b(?:{alternation(data.get('copula_forms', []) + ['be', 'been', 'was', 'were'])})\s+"
                rf"(?:(?:{alternation(data.get('total_comparisons', []))})\s+)?$",
                re.IGNORECASE,
            ),
            total_to=re.compile(
                rf"\b(?:{alternation(data.get('total_verbs', []))})\s+(?P<tally>[^,;:]{{1,120}}?)\s+to\s+$",
                re.IGNORECASE,
            ),
            linking_verbs=words("linking_verbs"),
            distance_units=words("distance_units"),
            age_qualifiers=words("age_qualifiers"),
            source_nouns=words("source_nouns"),
            count_suffixes=words("count_suffixes"),
            copula_lemmas=words("copula_lemmas"),
            copula_forms=words("copula_forms"),
            place_prepositions=words("place_prepositions"),
            non_locative=words("non_locative"),
            hosting_verbs=words("hosting_verbs"),
            demonym_grounds=words("demonym_grounds"),
            contests=words("contests"),
            pronouns=words("pronouns"),
            person_pronouns=_words(data.get("person_pronouns", [])),
            thing_pronouns=_words(data.get("thing_pronouns", [])),
            person_types=_words(data.get("person_types", [])),
            pronoun_numbers=_words(data.get("pronoun_numbers", [])),
            editorial_types=_words(data.get("editorial_types", [])),
            organisation_words=_words(data.get("organisation_words", [])),
            determiners=words("determiners"),
            relative_pronouns=words("relative_pronouns"),
            date_words=_words(data.get("date_words", [])),
            colon_labels=_words(data.get("colon_labels", [])),
            clause_only_reporting=_words(data.get("clause_only_reporting", [])),
            first_person=words("first_person"),
            title_small_words=words("title_small_words"),
            perfect_auxiliaries=words("perfect_auxiliaries"),
            place_references=references,
            direction_after=re.compile(rf"\s*(?:\w+\s+){{0,2}}(?:{alt('distance_directions')})\b", re.IGNORECASE),
            multiplier_after=re.compile(rf"\s*(?:{alt('multiplier_words')})\b", re.IGNORECASE),
            reinforcement_after=re.compile(rf"\s*(?:{alt('reinforcement_after')})\b", re.IGNORECASE),
            reinforcement_before=re.compile(rf"\b(?:{alt('reinforcement_before')})\s+$", re.IGNORECASE),
            part_before=re.compile(rf"(?:{alt('part_before')})\s*$", re.IGNORECASE),
            part_after=re.compile(rf"\s+(?:of\s+(?:{alt('part_after')}))\b", re.IGNORECASE),
            estimate_ends=re.compile(rf";|,\s+(?:{alt('estimate_ends')})\b", re.IGNORECASE),
            since_event=re.compile(
                rf"\bsince\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){{0,9}}\s+(?:{alt('onset_verbs')})\s+(?:in|on)\s+$",
                re.IGNORECASE,
            ),
            place_reference=re.compile(
                rf"\b(?:the|that|this)\s+({alternation(list(references))})\b", re.IGNORECASE
            ),
            site_of=re.compile(rf"\b(?:{alt('site_of_types')})\s+of\s+({SITE_NAME})"),
            site_typed=re.compile(rf"\b({SITE_NAME}\s+(?:{alt('site_types')}))\b"),
            site_named=re.compile(rf"\b({SITE_NAME}\s+(?:{alt('site_names')}))\b"),
            compass_area=re.compile(rf"\bthe\s+(?:far\s+)?(?:{alt('compass_areas')})\b(?![\s-]+of\b|-)", re.IGNORECASE),
            first_person_text=re.compile(rf"\b(?:{alt('first_person_text')})\b", re.IGNORECASE),
            own_words=re.compile(rf"\b(?:{alt('own_words')})\b", re.IGNORECASE),
            indefinite=re.compile(rf"\b(?:{alt('indefinites')})\s+$", re.IGNORECASE),
            time_share=re.compile(
                rf"\s+(?:a|an|of\s+(?:the|this|that|a|last|next))?\s*(?:{alt('time_units')})\b", re.IGNORECASE
            ),
            since_year_start=re.compile(
                rf"\bsince\s+the\s+(?:{alt('year_start_words')})\s+of\s+(?:the|this)\s+year\b", re.IGNORECASE
            ),
            live_stamp=re.compile(
                rf"(?:(?:{alt('stamp_words')})\s+)?\d{{1,2}}:\d{{2}}(?:\s*(?:{alt('time_zones')}))?"
                r"(?:\s*[:–—-]\s*|\s+)(?=[A-Z\"“‘'])"
            ),
        )


# A name with capitals, not a sentence's first word: "Plekhovo", "Nyaung Pin", "Kamal Adwan".
SITE_NAME = r"(?!(?:The|A|An|Our|Its|Their|This|That|Every|Each)\b)[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}"


@dataclass(frozen=True)
class ExtractionLexicon:
    kinds: PhraseMatcher  # phrase -> kind
    unit_kinds: dict[str, str]  # unit noun -> kind it decides on its own
    units: dict[str, str]  # unit noun -> category (people, weapons, incidents, ignore)
    reporting_verbs: frozenset[str]  # the listed forms, matched as written
    reporting_lemmas: frozenset[str]  # what a verb's lemma may be to report: "adding" for "add"
    reporting_forms: frozenset[str]  # the listed forms and every regular form of the lemmas: a pre-filter
    reporting_particles: dict[str, frozenset[str]]  # "point out": a lemma that reports with a particle
    reporting: PhraseMatcher  # the verbs in every form, for finding sentences worth parsing
    conduit_verbs: frozenset[str]
    citing_verbs: frozenset[str]
    according: PhraseMatcher
    named_according: frozenset[str]  # "per": an origin only before a name or a determiner
    record_nouns: frozenset[str]  # "data", "tallies": their maker is the origin
    survey_nouns: frozenset[str]  # "in a new poll": the poll is the origin of its figures
    generic_origins: frozenset[str]
    generic_references: dict[str, frozenset[str]]  # "agency" -> actor types it may refer back to
    hedges: PhraseMatcher
    issuer_headings: PhraseMatcher
    anaphoric: PhraseMatcher
    event_references: PhraseMatcher
    current: PhraseMatcher
    result_verbs: frozenset[str]
    comparison: PhraseMatcher
    estimates: PhraseMatcher
    agent_verbs: frozenset[str]
    team_bylines: frozenset[str]
    origin_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    publishing_verbs: frozenset[str]
    modality_cues: dict[str, str]  # word -> modality (or "future": a plan or a forecast by kind)
    words: RuleWords

    def reports(self, token: Token) -> bool:
        """Is the token a reporting verb: a listed form as written, or a verb in any form of a
        listed one ("adding", "telling", "finds"), or a listed verb with its particle next to it
        ("pointed out", "points to"). Only a token tagged as a verb goes by its lemma: "showing"
        in "a strong showing" and "findings" report nothing."""
        lower = token.lower_
        if lower in self.reporting_verbs:
            return True
        if lower not in self.reporting_forms or token.pos_ != "VERB":
            return False
        lemma = token.lemma_.lower()
        if lemma in self.reporting_lemmas:
            return True
        particles = self.reporting_particles.get(lemma)
        return particles is not None and any(
            c.dep_ in ("prt", "prep") and c.i == token.i + 1 and c.lower_ in particles for c in token.children
        )

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> ExtractionLexicon:
        data = parse_mapping(packaged_text(LEXICON_FILE), LEXICON_FILE, SettingsError)
        for path in extra:
            data = extend(data, parse_mapping(path.read_text("utf-8"), str(path), SettingsError))
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ExtractionLexicon:
        kind_of: dict[str, str] = {}
        for kind, phrases in data["kind_cues"].items():
            for phrase in phrases:
                kind_of.setdefault(phrase.lower(), kind)
        units: dict[str, str] = {}
        for category, nouns in data["units"].items():
            for noun in nouns:
                units.setdefault(noun.lower(), category)
        unit_kinds = {
            noun: kind_of[noun]
            for noun in units
            if noun in kind_of and kind_of[noun] not in ("troops_deployed",)
        }
        lemmas, particles = _reporting_lemmas(data["reporting_verbs"])
        as_written = _words(data.get("reporting_verbs_as_written", []))
        listed = as_written | _words(v for v in data["reporting_verbs"] if " " not in v)
        forms = listed | {form for lemma in lemmas | set(particles) for form in _inflections(lemma)}
        gate_forms = set(forms) | {
            f"{form} {particle}" for lemma, ps in particles.items() for form in _inflections(lemma) for particle in ps
        }
        return cls(
            kinds=PhraseMatcher(kind_of),
            unit_kinds=unit_kinds,
            units=units,
            reporting_verbs=listed,
            reporting_lemmas=lemmas,
            reporting_forms=forms,
            reporting_particles=particles,
            reporting=PhraseMatcher({v: "reporting" for v in gate_forms}),
            conduit_verbs=_words(data["conduit_verbs"]),
            citing_verbs=_words(data["citing_verbs"]),
            according=PhraseMatcher({p: "according" for p in data["according_cues"]}),
            named_according=_words(data.get("named_according_cues", [])),
            record_nouns=_words(data.get("record_nouns", [])),
            survey_nouns=_words(data.get("survey_nouns", [])),
            generic_origins=_words(data["generic_origins"]),
            generic_references={
                noun.lower(): frozenset(types or ())
                for noun, types in data.get("generic_references", {}).items()
            },
            hedges=PhraseMatcher({p: "hedge" for p in data["hedges"]}),
            issuer_headings=PhraseMatcher({p: "issuer" for p in data.get("issuer_headings", [])}),
            anaphoric=PhraseMatcher({p: "anaphoric" for p in data["anaphoric_openers"]}),
            event_references=PhraseMatcher(
                {p: "event" for p in data.get("event_references", [])}
            ),
            current=PhraseMatcher({p: "current" for p in data["current_cues"]}),
            result_verbs=_words(data.get("result_verbs", [])),
            comparison=PhraseMatcher({p: "comparison" for p in data.get("comparison_markers", [])}),
            estimates=PhraseMatcher({p: "estimate" for p in data.get("estimate_cues", [])}),
            agent_verbs=_words(data["agent_verbs"]),
            team_bylines=_words(data.get("team_bylines", [])),
            origin_verbs=_words(data.get("origin_verbs", [])),
            denial_verbs=_words(data.get("denial_verbs", [])),
            claim_nouns=_words(data.get("claim_nouns", [])),
            publishing_verbs=_words(data.get("publishing_verbs", [])),
            modality_cues={
                str(word).lower(): modality
                for modality, words in data.get("modality_cues", {}).items()
                for word in words
            },
            words=RuleWords.from_data(data),
        )


def _alt_multi(words: Sequence[str]) -> str:
    """An alternation of the words that are verbs of change on their own ("rose", "went up"), not
    the particles ("up", "down") that also start bounds ("up to 230")."""
    return alternation([w for w in words if w.lower() not in ("up", "down")])


def _reporting_lemmas(listed: Sequence[str]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The lemmas of the listed reporting verbs, and the particles of phrasal ones ("point
    out"). A verb listed in its base form ("note") reports in every form; one listed only in
    some forms ("counted", "observed", "published") only in those, since its other forms
    mostly report nothing ("we count only ...", "observing a ceasefire")."""
    lemmas: set[str] = set()
    particles: dict[str, set[str]] = {}
    for entry in listed:
        words = entry.lower().split()
        if len(words) > 1:
            particles.setdefault(words[0], set()).update(words[1:])
        else:
            lemmas.add(words[0])
    return frozenset(lemmas), {lemma: frozenset(ps) for lemma, ps in particles.items()}


def _inflections(lemma: str) -> set[str]:
    """The regular forms of a verb ("note": notes, noted, noting; "peg": pegged, pegging; "testify":
    testifies, testified), more than any one verb has: they only pre-filter the lemma test."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


def _words(items: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in items)



