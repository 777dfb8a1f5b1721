"""When a claim holds: the sentence's times ("since" periods, speech dates, reported nights), the
table of rules that dates one figure (`TIME_RULES`), and headlines dated by their lead."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.analyse.times import TimeMention, TimeResolver, interval_start, same_start
from claimledger.extract.attribution import Found
from claimledger.extract.claims import Unit, span_distance
from claimledger.extract.conflicts import ConflictCalendar
from claimledger.extract.kinds import PART_REACH, more_of, part_of_previous
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.time_grammar import (
    PRESENT_TAGS, SUBJECTS, Governing, own_statement, reported_as_current, speech_date, stated_as_current, verb_of,
)
from claimledger.extract.tokens import between, doc_text
from claimledger.kinds import KINDS
from claimledger.model import Claim


PERIOD_BONUS = 15
SINCE_REACH = 110  # characters back from a date to the "since" of "since fighting ... broke out in"
HEADLINE_REACH = 600  # characters: the lead that tells a headline's story follows it closely
SENTENCE_END = ('.', '!', '?', '"', '”', "'", '’', ')')


def date_headlines(claims: list[Claim]) -> None:
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


def since_events(
    times: list[TimeMention], text: str, published: Any, lex: ExtractionLexicon
) -> list[TimeMention]:
    """Spans the time normaliser leaves as points: "since the war began in October 2023" is the
    interval from October 2023; "since the start of the year" runs from January."""
    end = published.isoformat() if published is not None else ".."
    out: list[TimeMention] = []
    for mention in times:
        before = text[max(0, mention.start - SINCE_REACH) : mention.start]
        if mention.value and "/" not in mention.value and lex.words.since_event.search(before):
            mention = dataclasses.replace(mention, value=f"{mention.value}/{end}", relation="since")
        out.append(mention)
    if published is not None:
        for hit in lex.words.since_year_start.finditer(text):
            if not any(m.start <= hit.start() < m.end for m in out):
                value = f"{published.year}-01/{end}"
                out.append(TimeMention(hit.start(), hit.end(), hit.group(0), value, "since"))
    return sorted(out, key=lambda m: m.start)


EVENT_DATE_REACH = SINCE_REACH  # between "since the fighting began" and the date it gives


def own_date(text: str, event: tuple[int, int, str], mention: TimeMention) -> bool:
    """Does the event after "since" give a date of its own that is not the war's start ("since
    the fighting began on January 26", "since fighting ... broke out in mid-January")? Then that
    date starts the count, not the start of the war the article's countries suggest ("since the
    war began in February 2022" keeps the war's day)."""
    return (
        mention.relation == "since" and mention.value is not None
        and 0 <= mention.start - event[1] <= EVENT_DATE_REACH
        and not any(mark in text[event[1] : mention.start] for mark in ".;")
        and not same_start(interval_start(mention.value), interval_start(event[2]))
    )


# "60,000 people before the full-scale invasion": a count as it stood before the event
BEFORE_THE = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+before\s+the\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ClaimTimes:
    """When the figures of a sentence hold, from its time expressions and the article's date."""

    resolver: TimeResolver
    conflicts: ConflictCalendar
    lexicon: ExtractionLexicon

    def sentence_times(
        self,
        found_times: Sequence[TimeMention],
        text: str,
        doc: Doc,
        found: Found | None,
        published: dt.date | None,
        countries: Counter[str],
    ) -> list[TimeMention]:
        """The sentence's times, with "since the war began" read against the article's war and
        reported speech counted from the day it was said."""
        times = since_events(list(found_times), text, published, self.lexicon)
        since = self.conflicts.since(text, countries, published)
        if since is not None and not any(
            (t.start < since[1] and since[0] < t.end) or own_date(text, since, t) for t in times
        ):
            times = sorted([*times, TimeMention(since[0], since[1], text[since[0]:since[1]], since[2], "since")],
                           key=lambda m: m.start)
        if found is not None and published is not None:
            times = self.as_of_speech(times, text, doc, found, published)
            times = self.night_of_report(times, doc, found, published)
        return times

    def same_day(self, times: list[TimeMention], text: str, carried: str | None) -> list[TimeMention]:
        """ "Hours later ...", "That night ...": the day of the sentence before, when it gave
        one and this sentence gives no time of its own."""
        if carried is None or len(carried) != 10 or any(m.value for m in times):
            return times
        link = self.resolver.same_day_link(text)
        if link is None:
            return times
        return [TimeMention(link[0], link[1], text[link[0] : link[1]], carried, "point"), *times]

    def night_of_report(
        self, times: list[TimeMention], doc: Doc, found: Found, published: dt.date
    ) -> list[TimeMention]:
        """A reported "overnight" is dated by the morning of the report: the day it was said
        ("said on Monday that 112 drones were downed overnight"), else the article's date."""
        nights = self.resolver.lexicon.report_nights
        if not any(m.text.lower() in nights for m in times):
            return times
        speech = speech_date(times, doc, found, self.lexicon)
        day = speech.value if speech is not None and speech.value else published.isoformat()
        return [dataclasses.replace(m, value=day) if m.text.lower() in nights else m for m in times]

    def nearest(self, times: Sequence[TimeMention], number: NumberMention, text: str) -> str | None:
        """The nearest resolved time to the number, a period before a bare date; not the time of
        a figure the sentence compares with after it ("up from 3,000 in January")."""
        resolved = [
            t for t in times
            if t.value and not (t.start > number.end and self.lexicon.comparison.search(text, number.end, t.start))
        ]
        if not resolved:
            return None
        # A "since"/"as of" period bounds the count; a bare date often dates the statement.
        nearest = min(
            resolved,
            key=lambda t: span_distance(text, t.start, t.end, number.start, number.end)
            - (PERIOD_BONUS if t.relation in ("since", "range", "as_of") else 0),
        )
        return nearest.value

    def as_of_speech(
        self, times: list[TimeMention], text: str, doc: Doc, found: Found, published: Any
    ) -> list[TimeMention]:
        """Reported speech counts its "past week" and "yesterday" from the day it was said:
        "X said on Monday that it had captured 47 soldiers over the past week"."""
        speech = speech_date(times, doc, found, self.lexicon)
        said = dt.date.fromisoformat(speech.value) if speech is not None and speech.value else None
        if said is None or said >= published:
            return times
        again = {(m.start, m.end): m.value for m in self.resolver.find(text, said)}
        out = []
        for mention in times:
            value = again.get((mention.start, mention.end))
            deictic = (
                value is not None and mention.value is not None
                and interval_start(value) != interval_start(mention.value)
            )  # "since April" keeps its end: the count stands as of the article
            out.append(dataclasses.replace(mention, value=value) if deictic and mention is not speech else mention)
        return out

    def sole_time(
        self, times: Sequence[TimeMention], doc: Doc, number: NumberMention, found: Found | None
    ) -> list[TimeMention]:
        """The one time a sentence gives, for a figure no time's verb governs: "Among the 1,642
        people treated since August 2023 were 339 boys", "a missile that struck on Sunday,
        wounding 8". Not when the speaker spoke, not the time of a figure compared with ("up
        from 3,000 in January") or of another speaker's clause, nor that of a clause describing
        the subject of the figure's verb ("the war, which began in April 2023, has killed ..."
        dates the war)."""
        text = doc_text(doc)
        inside = between(doc, number.number_start, number.number_end)
        chain = {t.i for t in inside[-1].ancestors} if inside else set()
        sole: list[TimeMention] = []
        for mention in times:
            if not mention.value or (found is not None and found.start <= mention.start < found.end):
                continue
            if mention.start > number.end and self.lexicon.comparison.search(text, number.end, mention.start):
                continue
            tokens = between(doc, mention.start, mention.end)
            verb = verb_of(tokens[0]) if tokens else None
            if verb is not None and verb.dep_ in ("relcl", "acl") and verb.head.dep_ in SUBJECTS and verb.head.head.i in chain:
                return []
            if verb is not None and any(
                self.lexicon.reports(t) and t.i not in chain for t in (verb, *verb.ancestors)
            ):
                continue
            if verb is not None and any(
                own_statement(t) and t.i not in chain and t.head.i in chain for t in (verb, *verb.ancestors)
            ):
                continue  # "held 60 percent and had taken 120 prisoners over the past week"
            sole.append(mention)
        return sole if len({m.value for m in sole}) == 1 else []

    def earlier_figure(self, text: str, number: NumberMention) -> bool:
        """Is the figure an earlier one the sentence compares with ("up from 280,000") or one
        from before the event it reports ("a town of 60,000 before the invasion")?"""
        hits = list(self.lexicon.comparison.finditer(text, max(0, number.start - 25), number.start))
        if hits and not text[hits[-1].end : number.start].strip():
            return True
        return BEFORE_THE.match(text, number.end) is not None


CHANGE_REACH = 80  # characters from a change ("risen by 5 over the weekend") to its new total
TO_TOTAL = re.compile(r"\bto(?:\s+[\w'’-]+){0,2}?\s+$", re.IGNORECASE)


def part_of_whole(text: str, numbers: Sequence[NumberMention], i: int, lex: ExtractionLexicon) -> bool:
    """Is number `i` a part of the one before it ("64, including nine children"; "1,536 were
    hurt in 2024, about 60 percent of them by the group")?"""
    if i == 0:
        return False
    previous, number = numbers[i - 1], numbers[i]
    if lex.reporting.search(text, previous.end, number.start) is not None:
        return False  # "11,000 were deployed, and officials say 4,000 of them were killed": another report
    # an "of them" part is the whole's for its time as far off as an "including" part is
    return part_of_previous(text, number, previous, lex, after_reach=PART_REACH)


def change_stretch(
    text: str, numbers: Sequence[NumberMention], i: int, lex: ExtractionLexicon
) -> tuple[int, int] | None:
    """The characters between a change and the new total it brings ("has risen by 5 over the
    weekend to 138"): the times there date the change, not the total, which stands as of the
    tally's own time."""
    if i == 0:
        return None
    previous, number = numbers[i - 1], numbers[i]
    if number.start - previous.end > CHANGE_REACH:
        return None
    if lex.words.change_by.search(text, max(0, previous.start - 40), previous.start) is None:
        return None
    if TO_TOTAL.search(text, previous.end, number.start) is None:
        return None
    return previous.end, number.start


# -- the time of one figure: named rules, tried in order -------------------------------------------
#
# `TIME_RULES` below is the whole fallback order of a figure's time. Each rule is a pair of small
# functions over a `Figure`: when it applies, and the time it gives (None: the next rule speaks).
# The sentence's own grammar comes first (a compared figure, a plan, a part of a whole, the times
# whose verbs govern the figure), then the sentence's wording, then what the text around it hands
# on (the report before, the origin's last report, the narration), then the last resorts. The
# tests in tests/test_time_rules.py give each rule a sentence and the rule that must date it.

CASUALTY_KINDS = frozenset(k.name for k in KINDS if k.family == "casualties")
# Tolls and moves of forces happen on a day of their own; a force's strength stands as reported
EVENT_KINDS = CASUALTY_KINDS | (KINDS.where(movement=True) - {KINDS.check("troops_deployed")})


@dataclass(frozen=True, slots=True)
class Figure:
    """What the time rules read about one figure of a parsed sentence."""

    text: str
    doc: Doc
    number: NumberMention
    unit: Unit
    kind: str
    modality: str
    found: Found | None  # the sentence's own attribution
    published: dt.date | None
    times: list[TimeMention]  # the sentence's times, less the period of a change before its new total
    governing: Governing  # those whose verbs govern the figure (`governing_times`)
    whole: list[TimeMention] | None  # for a part of the figure before ("seven of them"), the whole's
    change: tuple[int, int] | None  # the stretch from a change to the new total this figure is
    carried: str | None  # the time the sentence before handed on
    continuing: bool  # the sentence goes on with the report before
    narrated: bool  # the article's narration goes on and the sentence gives no time
    near: bool  # in the paragraph of the sentence before, or the next one
    cited: dt.date | None  # the date of the piece a cited headline comes from
    spoke: str | None  # when the sentence's origin last spoke, by an earlier sentence


Check = Callable[["ClaimTimes", Figure], bool]
Value = Callable[["ClaimTimes", Figure], "str | None"]


@dataclass(frozen=True, slots=True)
class TimeRule:
    """One way a figure gets its time: `applies` says when the rule speaks, `time` what it says.
    The first rule that applies and gives a time dates the figure; a `final` rule that applies
    decides even when it gives none."""

    name: str
    applies: Check
    time: Value
    final: bool = False


def _always(timing: ClaimTimes, figure: Figure) -> bool:
    return True


def _published(timing: ClaimTimes, figure: Figure) -> str | None:
    return figure.published.isoformat() if figure.published is not None else None


def _carried(timing: ClaimTimes, figure: Figure) -> str | None:
    return figure.carried


def _governing(timing: ClaimTimes, figure: Figure) -> str | None:
    return timing.nearest(figure.governing.times, figure.number, figure.text)


def _planned(timing: ClaimTimes, figure: Figure) -> bool:
    return figure.modality in ("planned", "forecast")


def _own_time(timing: ClaimTimes, figure: Figure) -> str | None:
    return None if figure.governing.reported else _governing(timing, figure)


def _earlier_figure(timing: ClaimTimes, figure: Figure) -> bool:
    return timing.earlier_figure(figure.text, figure.number)


def _worded_current(timing: ClaimTimes, figure: Figure) -> bool:
    return figure.published is not None and timing.lexicon.current.search(figure.text) is not None


def _cited(timing: ClaimTimes, figure: Figure) -> str | None:
    return figure.cited.isoformat() if figure.cited is not None else None


def _stated_as_current(timing: ClaimTimes, figure: Figure) -> bool:
    return figure.published is not None and stated_as_current(figure.unit, figure.doc, figure.number, timing.lexicon)


def _more_of_toll(timing: ClaimTimes, figure: Figure) -> bool:
    return figure.kind in CASUALTY_KINDS and figure.near and more_of(figure.text, figure.number, timing.lexicon)


def _sole(timing: ClaimTimes, figure: Figure) -> str | None:
    sole = timing.sole_time(figure.times, figure.doc, figure.number, figure.found)
    return timing.nearest(sole, figure.number, figure.text)


def _tally_period(timing: ClaimTimes, figure: Figure) -> str | None:
    """The time the tally before the change gives ("the number killed this year had risen by 5
    over the weekend to 138"), not a time of the report ("said on Monday")."""
    assert figure.change is not None
    before = []
    for mention in figure.times:
        if not mention.value or mention.end > figure.change[0]:
            continue
        tokens = between(figure.doc, mention.start, mention.end)
        verb = verb_of(tokens[0]) if tokens else None
        if verb is None or not timing.lexicon.reports(verb):
            before.append(mention)
    return timing.nearest(before, figure.number, figure.text)


def _said_now(timing: ClaimTimes, figure: Figure) -> bool:
    """A state the sentence reports in the present tense ("but says more than half of those
    killed were women", "sources report that 300 soldiers are operating there"): as of the
    article, whatever the report before it said on its day."""
    found = figure.found
    if figure.published is None or found is None or not figure.continuing:
        return False
    if timing.resolver.points_back(figure.text, 0, len(figure.text)):
        return False  # "... estimate that 220,000 have been displaced in that period": the period before
    verbs = [t for t in between(figure.doc, found.start, found.end) if timing.lexicon.reports(t)]
    if not verbs or not all(t.tag_ in PRESENT_TAGS for t in verbs):
        return False
    return reported_as_current(figure.doc, figure.number, found, timing.lexicon)


def _new_total(timing: ClaimTimes, figure: Figure) -> bool:
    return figure.change is not None and figure.published is not None


def _reported_state(timing: ClaimTimes, figure: Figure) -> bool:
    return (
        figure.published is not None and figure.found is not None
        and figure.modality in ("asserted", "denied") and figure.kind not in EVENT_KINDS
        and reported_as_current(figure.doc, figure.number, figure.found, timing.lexicon)
    )


TIME_RULES: tuple[TimeRule, ...] = (
    # "up from about 280,000 before the war": a past figure the sentence compares with is dated
    # only by a time of its own, never as current or by context
    TimeRule("earlier-figure", _earlier_figure, _governing, final=True),
    # "would send 2,000 more soldiers", "expects ... to reach 80,000": a plan or a forecast holds
    # at the time its own verbs give ("by the end of the summer") or the report they hang on
    # ("said in January it would send"), never at the time of the report before, of another
    # clause, or of a report its verbs do not reach; else it has none
    TimeRule("plan-own-time", _planned, _own_time, final=True),
    # "1,536 were hurt in 2024, about 60 percent of them by the militia": a part holds when its whole does
    TimeRule("part-of-whole", lambda _, f: f.whole is not None,
             lambda t, f: t.nearest(f.whole or [], f.number, f.text)),
    # "had been displaced since April": the nearest time whose verb governs the figure
    TimeRule("governing-time", _always, _governing),
    # "the number killed this year has risen by 5 over the weekend to 138": the tally's period
    TimeRule("tally-period", lambda _, f: f.change is not None, _tally_period),
    # "the toll now stands at 120": the sentence words its figures as current
    TimeRule("worded-current", _worded_current, _published),
    # "He said the mission was sheltering 1,500 people" after a week's figures: a state reported
    # as it stands holds as of the report, not over the period the report before counted
    TimeRule("state-after-period", lambda t, f: f.continuing and "/" in (f.carried or "") and _reported_state(t, f),
             _published),
    # "..., but says more than half of those killed were women": a state told in the present
    # tense holds as of the article, not at the day of the report before
    TimeRule("said-now", _said_now, _published),
    # a sentence going on with the report before ("The agency added that ...") takes its time
    TimeRule("continued-report", lambda _, f: f.continuing, _carried),
    # a cited headline's present tense is as of the cited piece, not of this one
    TimeRule("cited-headline", lambda _, f: f.cited is not None, _cited),
    # "30 soldiers are still missing", "2,000 have been killed": a running total as it stands
    TimeRule("stated-as-current", _stated_as_current, _published),
    # "The agency said ..." with no time: when that origin last spoke in the article
    TimeRule("origin-spoke", lambda _, f: f.found is not None, lambda _, f: f.spoke),
    # "A bomb hit the plant on Monday evening. Four people were killed.": the narration's time
    TimeRule("narration", lambda _, f: f.narrated, _carried),
    # "A strike on Saturday killed 12. Rescuers said 30 more were injured": the same toll's time
    TimeRule("more-of-toll", _more_of_toll, _carried),
    # "The ship was hit on Sunday and sank; all 22 crew were rescued": nothing else dates it
    TimeRule("sole-time", _always, _sole),
    # "has risen by 5 over the weekend to 138": the new total stands as of the report
    TimeRule("new-total", _new_total, lambda t, f: f.carried or _published(t, f)),
    # "said the faction had about 2,600 fighters": a reported state stands as of the report; a
    # toll or a move of forces belongs to its event, whose day the sentence does not give
    TimeRule("reported-state", _reported_state, _published),
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A figure's time and the name of the rule that gave it (None: no rule did)."""

    time: str | None
    rule: str | None


def date_figure(timing: ClaimTimes, figure: Figure, rules: Sequence[TimeRule] = TIME_RULES) -> Dated:
    """The time of a figure by the first rule of `rules` that applies and gives one."""
    for rule in rules:
        if not rule.applies(timing, figure):
            continue
        time = rule.time(timing, figure)
        if time is not None or rule.final:
            return Dated(time, rule.name)
    return Dated(None, None)
