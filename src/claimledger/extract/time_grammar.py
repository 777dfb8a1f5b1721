"""What the parse says about times and figures: the verb a time hangs on, which times a figure's
verbs govern, the day a report was made on, and whether a figure is told as it stands now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from claimledger.analyse.numbers import NumberMention
from claimledger.analyse.times import TimeMention
from claimledger.extract.attribution import Found
from claimledger.extract.claims import Unit
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.tokens import between, doc_text

PRESENT_TAGS = frozenset({"VBZ", "VBP"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def speech_date(
    times: list[TimeMention], doc: Doc, found: Found, lex: ExtractionLexicon
) -> TimeMention | None:
    """The day the reporting verb was said on ("said on Monday"), if the sentence gives one."""
    for mention in times:
        if mention.value is None or len(mention.value) != 10:
            continue
        tokens = between(doc, mention.start, mention.end)
        verb = verb_of(tokens[0]) if tokens else None
        if verb is not None and found.start <= verb.idx < found.end and lex.reports(verb):
            return mention
    return None


PARTICIPLE_STEP = 40  # below any governing verb, above the time of the report
REPORT_STEP = 50  # the time the report was made at ("lawmakers briefed on Wednesday say")


@dataclass(frozen=True, slots=True)
class Governing:
    """The times that date a figure, the closest governor's (or, with no parse to place them,
    those of the figure's part of the sentence), and whether they are only the time of a report
    the figure's verbs do not reach ("lawmakers briefed on Wednesday say")."""

    times: list[TimeMention]
    reported: bool = False


def governing_times(
    times: list[TimeMention],
    doc: Doc,
    number: NumberMention,
    segment: tuple[int, int],
    unit: Unit,
    found: Found | None,
    lex: ExtractionLexicon,
    points_back: bool = False,
) -> Governing:
    """Times that date this number: those whose verb governs it, the closest governor first
    ("had been displaced since April" over "said on Saturday"; "which began in April 2023"
    dates nothing the war did later). Without a parse, the times in the number's own part of
    the sentence."""
    inside = between(doc, number.number_start, number.number_end)
    if not inside or not times:
        return Governing(times)
    steps = {t.i: 0 for t in inside}
    siblings: set[int] = set()
    for step, ancestor in enumerate(inside[-1].ancestors, start=1):
        if ancestor.i in siblings:
            continue
        steps.setdefault(ancestor.i, step)
        if ancestor.dep_ == "conj" and lex.reports(ancestor):
            # "11,000 were deployed there since November, and officials say 4,000 of them have
            # been killed": the first clause's time is not the second speaker's
            break
        if own_statement(ancestor) and not points_back:
            # "said 100,000 were displaced between January and July, and that about half of ...
            # have gone back": nor is it that of a statement of its own joined to it, though the
            # report both hang on still dates both ("..., and that losses that day came to
            # 1,140" points back to it)
            siblings.update(t.i for t in conjuncts_before(ancestor))
    ranked: list[tuple[int, TimeMention, bool]] = []
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
            ranked.append((PARTICIPLE_STEP if described else steps[anchor.i], mention, False))
        elif described_holder(verb, steps) is not None:
            # "had been identified among the dead taken to hospitals since March 18": a participle
            # on a noun of the figure's own clause dates it when nothing closer does
            ranked.append((PARTICIPLE_STEP, mention, False))
        elif unit.head is not None and unit.head in verb.ancestors:
            ranked.append((1, mention, False))  # "1,500 troops who were shipped out between ..."
        elif found is not None and found.start <= mention.start < found.end:
            ranked.append((REPORT_STEP, mention, True))  # "lawmakers briefed on Wednesday say": when it was said
    if ranked:
        closest = min(step for step, _, _ in ranked)
        chosen = [(m, said) for step, m, said in ranked if step == closest]
        return Governing([m for m, _ in chosen], all(said for _, said in chosen))
    return Governing(unparsed)


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
        if verb.dep_ not in ANCHOR_DEPS or verb.head is verb or own_statement(verb):
            return None
        verb = verb.head
    return verb if verb.i in steps else None


# links from a noun up to the verb that holds it as an object or in a phrase; not as its subject:
# "the agreement signed in November 2022 ended the fighting", "the mission, deployed since June
# 2024, has 1,000 officers" date the subject, not what it did or has later
NOUN_LINKS = frozenset({"pobj", "prep", "dobj", "attr", "appos", "conj", "compound", "acl"})


def described_holder(verb: Any, steps: dict[int, int]) -> Any:
    """The word of the figure's clause (its verb, or the figure's own noun) that holds, as an
    object or in a phrase, the noun a participle describes ("identified among the dead taken to
    hospitals since ...", "87 wounded among those arriving on Monday"), if within a few links."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBN", "VBG") or any(c.dep_ in SUBJECTS for c in verb.children):
        return None  # not a participle ("a report that more will arrive this year": a clause)
    token = verb.head
    for _ in range(4):
        if token.i in steps:
            return token
        if token.dep_ not in NOUN_LINKS or token.head is token:
            return None
        token = token.head
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def conjuncts_before(verb: Any) -> list[Any]:
    """The clauses a conjunct is joined to, up its chain of "and"s ("A, B and C": B and A for C)."""
    out = []
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
        out.append(verb)
    return out


def tense(verb: Any, joined: bool = False) -> tuple[bool, bool, bool] | None:
    """(present, perfect, modal) of a verb with its auxiliaries; None for a `joined` conjunct
    that leaves them to the verb it is joined to ("were killed and 11 wounded", "had killed 312
    and captured 86": a past form with no auxiliary of its own)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and (verb.tag_ not in FINITE_TAGS or (joined and verb.tag_ == "VBD")):
        return None
    tags = {verb.tag_, *(a.tag_ for a in auxes)}
    return (bool(tags & PRESENT_TAGS), any(a.lemma_ == "have" for a in auxes), "MD" in tags)


def own_statement(verb: Any) -> bool:
    """Is a conjoined clause a statement of its own, whose time is not that of the clause it is
    joined to: a second "that" clause ("said that 11,000 were deployed, and that 3,000 more were
    sent in early 2025"), or one in another tense ("controlled 80 percent and had captured 47
    over the past week"; "was sending 12 tonnes and expects 20 more next week")? "killed two and
    wounded five on Tuesday" is one statement."""
    if verb.dep_ != "conj":
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in verb.children):
        return True
    own, joined = tense(verb, joined=True), tense(verb.head)
    return own is not None and joined is not None and own != joined


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
    missing", "2,000 have been killed" (a sentence that words it as current, "the toll now
    stands at 120", is dated by the earlier rule worded-current)."""
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
        if found.start <= token.idx < found.end and lex.reports(token):
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
    said = lex.reports(clause) and found.start <= clause.idx < found.end
    return said or ongoing or clause.lemma_ in lex.words.copula_lemmas or clause.lemma_ == "have"
