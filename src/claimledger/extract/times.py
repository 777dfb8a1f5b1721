"""When a claim holds: the times that govern a figure, speech dates, "since" periods, headlines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.analyse.times import TimeMention, TimeResolver, interval_start, same_start
from claimledger.extract.attribution import Found
from claimledger.extract.claims import Unit, span_distance
from claimledger.extract.conflicts import ConflictCalendar
from claimledger.extract.context import Carry
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.model import Claim
from claimledger.extract.tokens import between, doc_text


PERIOD_BONUS = 15
SINCE_REACH = 110  # characters back from a date to the "since" of "since fighting ... broke out in"
PRESENT_TAGS = frozenset({"VBZ", "VBP"})
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


def speech_date(
    times: list[TimeMention], doc: Doc, found: Found, reporting_verbs: frozenset[str]
) -> TimeMention | None:
    """The day the reporting verb was said on ("said on Monday"), if the sentence gives one."""
    for mention in times:
        if mention.value is None or len(mention.value) != 10:
            continue
        tokens = between(doc, mention.start, mention.end)
        verb = verb_of(tokens[0]) if tokens else None
        if verb is not None and found.start <= verb.idx < found.end and verb.lower_ in reporting_verbs:
            return mention
    return None


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
PARTICIPLE_STEP = 40  # below any governing verb, above the time of the report (50)


def governing_times(
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
    inside = between(doc, number.number_start, number.number_end)
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
        tokens = between(doc, mention.start, mention.end)
        verb = verb_of(tokens[0]) if tokens else None
        if verb is None:
            if segment[0] <= mention.start < segment[1]:
                unparsed.append(mention)
        elif (anchor := anchor_verb(verb, steps)) is not None:
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


SUBJECTS = frozenset({"nsubj", "nsubjpass"})


ANCHOR_DEPS = frozenset({"conj", "advcl", "xcomp", "acl"})


def anchor_verb(verb: Any, steps: dict[int, int]) -> Any:
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


def verb_of(token: Any) -> Any:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def stated_as_current(unit: Unit, doc: Doc, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """A running total stated as current takes the publication date: "30 soldiers are still
    missing", "2,000 have been killed", "the toll now stands at 120"."""
    if lex.current.search(doc_text(doc)):
        return True
    token = unit.head
    if token is None:
        inside = between(doc, number.number_start, number.number_end)
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
        c.dep_ == "aux" and c.lower_ in lex.words.perfect_auxiliaries for c in head.children
    ):
        token = head  # "has decided to send 12,000 troops": as of now ("is to free 33": not)
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    present = token.tag_ in PRESENT_TAGS or any(a.tag_ in PRESENT_TAGS for a in auxes)
    if not present:
        return False
    copula = token.lemma_ in lex.words.copula_lemmas or token.lower_ in lex.words.copula_forms
    if copula or lex.kinds.search(doc_text(doc), token.idx, token.idx + len(token.text)):
        return True
    # "3.9 million have crossed into Chad", "4,000 soldiers are fighting", "the army controls
    # 40 percent": a present tense whose subject or object is the count itself states it as it
    # stands now ("most of the 1,000 casualties have raised suspicions" does not).
    if counted is None or counted.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    if counted.pos_ not in ("NOUN", "PROPN", "NUM"):
        return False  # "most of the 1,000", "half of them": a part of the count
    return bool(auxes) or not lex.reporting.search(doc_text(doc), token.idx, token.idx + len(token.text))


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
        speech = speech_date(times, doc, found, self.lexicon.reporting_verbs)
        day = speech.value if speech is not None and speech.value else published.isoformat()
        return [dataclasses.replace(m, value=day) if m.text.lower() in nights else m for m in times]

    def nearest(
        self,
        times: list[TimeMention],
        number: NumberMention,
        text: str,
        published: Any,
        carry: Carry | None,
    ) -> str | None:
        """The time of the number: the nearest resolved time (a period before a bare date), the
        publication date for a figure stated as current, else the carried time."""
        resolved = [
            t for t in times
            if t.value and not (t.start > number.end and self.lexicon.comparison.search(text, number.end, t.start))
        ]
        if resolved:
            # A "since"/"as of" period bounds the count; a bare date often dates the statement.
            nearest = min(
                resolved,
                key=lambda t: span_distance(text, t.start, t.end, number.start, number.end)
                - (PERIOD_BONUS if t.relation in ("since", "range", "as_of") else 0),
            )
            return nearest.value
        if published is not None and self.lexicon.current.search(text):
            return str(published.isoformat())
        return carry.time if carry else None

    def as_of_speech(
        self, times: list[TimeMention], text: str, doc: Doc, found: Found, published: Any
    ) -> list[TimeMention]:
        """Reported speech counts its "past week" and "yesterday" from the day it was said:
        "X said on Monday that it had captured 47 soldiers over the past week"."""
        speech = speech_date(times, doc, found, self.lexicon.reporting_verbs)
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
                t.lower_ in self.lexicon.reporting_verbs and t.i not in chain for t in (verb, *verb.ancestors)
            ):
                continue
            sole.append(mention)
        return sole if len({m.value for m in sole}) == 1 else []

    def earlier_figure(self, text: str, number: NumberMention) -> bool:
        """Is the figure an earlier one the sentence compares with ("up from 280,000") or one
        from before the event it reports ("a town of 60,000 before the invasion")?"""
        hits = list(self.lexicon.comparison.finditer(text, max(0, number.start - 25), number.start))
        if hits and not text[hits[-1].end : number.start].strip():
            return True
        return BEFORE_THE.match(text, number.end) is not None


def reported_as_current(doc: Doc, number: NumberMention, found: Found, lex: ExtractionLexicon) -> bool:
    """A reported figure the sentence gives no time for, told as a state when it was reported
    ("said the faction had about 2,600 fighters", "said 60 soldiers were hiding in the north",
    "told us that 200 of them were women", "he said 14 of the 17 townships"): it holds as of the
    report. Not a plan or a forecast ("would send 5,000", "is to free 33": a base-form verb on
    the way up to the speaker), nor a past event or its result ("said the assault was carried out
    by 20 gunmen", "estimated that 600 had died"), which has a day of its own the sentence does
    not give."""
    inside = between(doc, number.number_start, number.number_end)
    if not inside:
        return False
    clause = None
    for token in (inside[-1], *inside[-1].ancestors):
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if found.start <= token.idx < found.end and token.lower_ in lex.reporting_verbs:
            clause = clause or token
            break
        if token.tag_ == "VB" or any(c.tag_ == "MD" for c in token.children):
            return False
        clause = clause or token
    if clause is None:
        return True
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" and a.tag_ == "VBD" for a in auxes):
        return False  # "had fled", "its survey had found 40 percent": the result of an event
    ongoing = clause.tag_ == "VBG" or clause.tag_ in PRESENT_TAGS or any(a.tag_ in PRESENT_TAGS for a in auxes)
    said = clause.lower_ in lex.reporting_verbs and found.start <= clause.idx < found.end
    return said or ongoing or clause.lemma_ in lex.words.copula_lemmas or clause.lemma_ == "have"


CHANGE_REACH = 80  # characters from a change ("risen by 5 over the weekend") to its new total
TO_TOTAL = re.compile(r"\bto(?:\s+[\w'’-]+){0,2}?\s+$", re.IGNORECASE)


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
