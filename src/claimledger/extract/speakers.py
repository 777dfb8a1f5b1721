"""Who a speaker's phrase names (the maker of a record, the person a description names), and
which reporting verbs without a subject of their own speak for whom."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.tokens import lowers
from claimledger.kb import KnowledgeBase
from claimledger.model import Actor

MAKER_PREPOSITIONS = ("by", "from", "of")
# What a reporting verb reports: its object or clause ("announced a $3 million fund")
QUOTE_MARKS = frozenset({"“", "”", '"', "''", "``"})
OPENING_QUOTES = frozenset({"“", '"', "``"})
DASHES = frozenset({"-", "–", "—", "--"})
INITIAL = re.compile(r"[A-Z]\.")  # "Jon R. Bellamy": a middle initial is no transcript's capitals
REPORTED_DEPS = frozenset({"dobj", "obj", "ccomp", "xcomp", "parataxis", "oprd", "attr"})


def record_maker(head: Token, lex: ExtractionLexicon, kb: KnowledgeBase) -> Token | tuple[str, Actor, int, int]:
    """Who made a record: "the latest update from the agency", "a report by the Red Crescent",
    "UN data", "the ministry's figures" (the token heading the maker's phrase); "Israeli tallies"
    (Israel: the state an adjective names, as origin text, actor and offsets). Any other phrase
    is its own maker."""
    if head.lower_ not in lex.record_nouns:
        return head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in MAKER_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN") and not any(t.like_num for t in obj.subtree):
                return obj
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
    for child in head.children:
        if child.dep_ not in ("compound", "amod", "nmod") or child.i > head.i:
            continue
        if child.pos_ not in ("PROPN", "ADJ") or not child.text[:1].isupper():
            continue
        actor = kb.link(child.text)
        if actor is None:
            continue
        if child.pos_ == "ADJ" and actor.type == "state":
            start = child.idx - head.doc[0].idx
            return actor.name, actor, start, start + len(child.text)
        return child
    return head


def named_person(head: Token, lex: ExtractionLexicon, kb: KnowledgeBase) -> list[Token] | None:
    """The person's name in a description that gives one: an apposition ("Ukraine's president,
    Volodymyr Zelensky") or a name after a lower-case title ("the city's mayor Ihor Terekhov").
    A name is two or more capitalised words, none an organisation's word."""
    if head.is_lower:
        name = next((c for c in head.children if c.dep_ == "appos" and c.is_title), None)
    elif head.pos_ == "PROPN" and any(
        c.dep_ in ("compound", "poss", "amod") and c.pos_ in ("NOUN", "ADJ") and c.is_lower and c.i < head.i
        for c in head.children
    ):
        name = head
    else:
        return None
    if name is None:
        return None
    run = [name]
    while run[0].i > 0:
        before = name.doc[run[0].i - 1]
        if before.dep_ != "compound" or before.head.i != name.i or not before.is_title:
            break
        run.insert(0, before)
    if len(run) < 2 or not all(t.is_title for t in run):
        return None
    if run[0].i > 0 and name.doc[run[0].i - 1].is_title:
        return None  # "the opposition National Unity Government": part of a longer name
    actor = kb.link(" ".join(t.text for t in run))
    if any(t.lower_ in lex.words.organisation_words for t in run) or (
        actor is not None and actor.type not in lex.words.person_types
    ):
        return None
    return run


def verb_read_as_noun(token: Token) -> bool:
    """ "Ukraine's military intelligence estimates that ...": a reporting verb the tagger took
    for a plural noun, heading the sentence with a "that" clause and words before it."""
    return (
        token.pos_ == "NOUN" and token.dep_ == "ROOT" and any(True for _ in token.lefts)
        and any(c.dep_ == "ccomp" and any(m.dep_ == "mark" for m in c.children) for c in token.children)
    )


def contiguous(head: Token, tokens: list[Token]) -> list[Token]:
    """The unbroken run of tokens around the head (dropping a clause may leave a gap)."""
    if not tokens:
        return tokens
    by_index = {t.i: t for t in tokens}
    lo = hi = head.i
    while lo - 1 in by_index:
        lo -= 1
    while hi + 1 in by_index:
        hi += 1
    return [by_index[i] for i in range(lo, hi + 1)]


def antecedent(pronoun: Token, dates: frozenset[str] = frozenset()) -> Token | None:
    """The noun a relative clause hangs on; if that noun's own clause names who made it
    ("the estimate the agency gave lawmakers, which put ..."), that maker."""
    clause = pronoun.head
    if clause.dep_ != "relcl":
        return None
    noun = clause.head
    if noun.lower_ in dates:
        return None  # "... on Thursday, which put ...": the clause is on something before the day
    for child in noun.children:
        if child.dep_ == "relcl" and child.i != clause.i:  # (spaCy makes a new Token each time: `is` fails)
            maker = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if maker is not None:
                return maker
    return noun


def survey_in(doc: Doc | Span, lex: ExtractionLexicon) -> Token | None:
    """The survey a sentence gives its figures in: the object of "in" headed by a survey noun
    ("... in a new poll", "In a survey released on Monday, ...")."""
    for i, lower in enumerate(lowers(doc)):
        if lower in lex.survey_nouns:
            token = doc[i]
            if token.dep_ == "pobj" and token.head.lower_ == "in" and _a_survey(token) and not _in_subject(token.head):
                return token
    return None


def _a_survey(noun: Token) -> bool:
    """Is the noun a survey someone made? Plural polls name no one unless a proper name or a
    "by" says whose they are: "he rose in the polls", "above 50 percent in national polls" are
    the article's summary, "in the Harbour Institute surveys" is not."""
    if noun.tag_ not in ("NNS", "NNPS"):
        return True
    return any((c.dep_ in ("compound", "poss", "nmod") and c.tag_ in ("NNP", "NNPS")) or (c.dep_ == "prep" and c.lower_ == "by")
               for c in noun.children)


def _in_subject(preposition: Token) -> bool:
    """Does "in the poll" sit on a counted subject ("Ten percent of the voters in the poll were
    undecided", "12 of the farmers surveyed in the study back it")? Then it says which people
    are counted, not who reports the clause; a measure on the subject ("the mayor's rating in
    the poll stands at 40 percent") is still the poll's."""
    token = preposition
    for _ in range(8):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return any(t.tag_ == "CD" or t.like_num for t in token.subtree)
        if token.tag_.startswith("VB") and token.dep_ not in ("acl", "relcl") or token.head.i == token.i:
            return False
        token = token.head
    return False


def clause_report(verb: Token, anchors: Sequence[int], doc: Doc | Span) -> bool:
    """May a reporting verb in a clause on a noun be the sentence's report? Only when what it
    reports holds the claim's number ("Clinton, who announced a $275 billion plan", "a poll
    showing him at 14 percent") or it closes the sentence after a comma ("..., the poll
    found"): "a ceasefire the junta announced after the quake that killed 3,700" is said of
    the noun, not of the sentence's figures."""
    if verb.dep_ == "amod":
        return False
    if _trailing(verb, doc):
        return True
    # "Clinton, who announced ...": the clause's subject is the relative pronoun; "a ceasefire
    # the junta announced" reports the noun it is on, and of its own words only a figure it
    # is put at ("a need that agencies estimate at 500")
    subject = child(verb, ("nsubj",))
    said_of_noun = verb.dep_ == "relcl" and (subject is None or subject.tag_ not in ("WP", "WDT"))
    return any(_reported(doc.doc[i], verb, said_of_noun) for i in anchors)


def _reported(token: Token, verb: Token, of_noun: bool = False) -> bool:
    """Is the token in what the verb reports? A "who" clause reports its object or clause
    ("who announced a $3 million fund", not "who in 2012 added to ..."); a clause that reports
    the noun it is on ("a need that agencies estimate at 500") only a figure it puts that noun
    at: the preposition's object, the figure or its noun, not "added to his 14 courses"."""
    path = [token]
    for ancestor in token.ancestors:
        if ancestor.i == verb.i:
            child = path[-1]
            if not of_noun:
                return child.dep_ in REPORTED_DEPS
            return child.dep_ == "prep" and len(path) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in path[:-1])
        path.append(ancestor)
    return False


def _trailing(verb: Token, doc: Doc | Span) -> bool:
    """ "..., the poll found.": a verb whose subject follows a comma and which nothing but its
    own words and punctuation follows to the sentence's end."""
    subject = child(verb, ("nsubj",))
    if subject is None or subject.i > verb.i or subject.left_edge.i == 0 or subject.tag_ in ("WP", "WDT"):
        return False  # "..., who added to his portfolio": a clause on the name, not a closing cue
    if verb.doc[subject.left_edge.i - 1].text not in (",", "—", "–"):
        return False
    if any(c.dep_ in REPORTED_DEPS and c.i > verb.i for c in verb.children):
        return False  # it reports something of its own after it
    own = {t.i for t in verb.subtree}
    return all(t.is_punct or t.i in own for t in verb.doc[verb.i + 1 : doc[-1].i + 1])


def controller_of(verb: Token, lex: ExtractionLexicon) -> Token | None:
    """Who speaks a reporting verb that has no subject of its own and reports a clause: "was
    quick to add that" and "pivoted to arguing that" take the subject of the verb they hang
    on, "led Republicans to say" its object, "a poll found last week that ..." and "a new poll
    showing he ..." the noun the clause is on."""
    if verb.dep_ == "acl":
        # a clause that reports one of its own: "showing he was ...", "found ... that Clinton
        # would ...", not "the 40 people reported killed"
        if is_passive(verb) or not any(c.dep_ == "ccomp" for c in verb.children):
            return None
        return verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None
    if not any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children):
        return None  # "able to find the 30,000 emails", "after showing no increase": an act, no report
    token = verb
    for _ in range(4):
        if token.dep_ not in ("xcomp", "pcomp", "prep", "acomp"):
            return None
        if token.dep_ == "xcomp":
            if lex.reports(token.head):
                return None  # "urged residents not to believe": the urging is the report
            obj = child(token.head, ("dobj", "obj"))
            if obj is not None and obj.i < token.i:
                return obj
        token = token.head
        subject = child(token, ("nsubj", "nsubjpass"))
        if subject is not None and token.pos_ in ("VERB", "AUX"):
            # "it is important to highlight ...": the "it" stands for the clause, not a speaker
            return None if subject.lower_ in lex.words.thing_pronouns else subject
    return None


def child(token: Token, deps: tuple[str, ...] | frozenset[str]) -> Token | None:
    """The token's first child with one of the dependency labels."""
    return next((c for c in token.children if c.dep_ in deps), None)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def quoted(doc: Doc | Span, index: int) -> bool:
    """Is token `index` of the sentence inside quotation marks (curly or straight)?"""
    opened = straight = 0
    for t in doc:  # in token order: the walk stops at the token itself
        if t.i >= index:
            break
        text = t.text
        if text not in QUOTE_MARKS:
            continue
        if text == "“":
            opened += 1
        elif text == "”":
            opened -= 1
        elif text in ('"', "''", "``"):
            straight += 1
    return opened > 0 or straight % 2 == 1


def speaker_label(name: Span, after: Span, lex: ExtractionLexicon) -> bool:
    """ "Gingrich: Trump Must Decide ...", "Frank Newport and Jim Harter: “We found ...”": a
    name in title case (not a transcript's capitals, which credit.py reads as turns) that is
    no label ("Editor's note:") and no day, before words, not figures ("Gaza City: 1,902
    children screened", "January: 118 killed" head a list)."""
    words = [t for t in name if t.lower_ not in lex.words.title_small_words and not t.is_punct]
    if not words or len(name.text) < 3 or not any(t.pos_ == "PROPN" for t in words):
        return False
    if any(t.is_upper and len(t) > 1 and not INITIAL.fullmatch(t.text) for t in words) or not all(t.is_title for t in words):
        return False
    if any(t.lower_ in lex.words.colon_labels | lex.words.date_words for t in name):
        return False
    first = next((t for t in after if not t.is_space), None)
    return first is not None and not first.like_num and (first.is_title or first.text in ("“", '"'))


def dashed_speaker(doc: Doc | Span) -> tuple[Span | None, Token | None]:
    """ "TURNOUT BROKE RECORDS - Jane Roe: “We counted ...”": a name between a dash and a colon
    that opens a quotation, after a newsletter's headline, is the quotation's speaker; the name
    and its colon, or nothing."""
    for colon in doc:
        after = next((t for t in colon.doc[colon.i + 1 : colon.i + 3] if not t.is_space), None)
        if colon.text != ":" or after is None or after.text not in OPENING_QUOTES:
            continue
        dash = next((t for t in reversed(colon.doc[max(doc[0].i, colon.i - 6) : colon.i]) if t.text in DASHES), None)
        if dash is not None and colon.i - dash.i > 1:
            return colon.doc[dash.i + 1 : colon.i], colon
    return None, None


def noun_head(first: Token) -> Token | None:
    """The head noun of the phrase that starts at `first` ("according to [a Reuters investigation]")."""
    token = first
    for _ in range(8):
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.head.i >= token.i or token.dep_ == "pobj":
            break
        if token.i + 1 >= len(token.doc):
            break
        token = token.doc[token.i + 1]
    while token.head is not token and token.head.pos_ in ("NOUN", "PROPN") and token.dep_ in (
        "compound",
        "amod",
        "poss",
        "nmod",
    ):
        token = token.head
    return token if token.pos_ in ("NOUN", "PROPN", "PRON") else None
