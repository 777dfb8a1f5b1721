"""How the source puts a figure (the claim's modality): asserted, forecast, planned, possible or
denied, read from the words on the number's way up the parse (extraction.yaml, `modality_cues`).

"The ministry expects the toll to reach 10,000" is a forecast, "would send 1,000 deminers" a
plan, "could be closer to 12,000" a possibility and "dismissed reports that 60 soldiers were
killed" a denial: the verbs that govern the number say so, not words elsewhere in the sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.tokens import between
from claimledger.kinds import KINDS

ASSERTED = "asserted"
DENIED = "denied"
FUTURE = "future"  # "will", "would": a plan for a movement or a supply, a forecast otherwise
PLANNED_KINDS = KINDS.where(movement=True) | KINDS.where(supply=True)
# Words attached to a governing word that set its modality: "could be", "would send", "possibly".
MARKER_DEPS = frozenset({"aux", "advmod", "acomp"})
# Cues that are only modal as an auxiliary or adverb ("may" is also the month, "will" a noun).
# Clauses joined beside the one above them, not said by it: a modal there is not the number's.
SIDE_CLAUSES = frozenset({"conj", "advcl", "parataxis", "relcl"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
MARKERS_ONLY = frozenset({"possible", FUTURE})
WEIGHED = "weighed"  # "consider", "weigh": a verb that makes its object a possibility
BELIEF = "belief"  # "believes", "estimates": only with a future under them (a forecast)
RETRACTED = "retracted"  # "an earlier version of this article said": the figure is withdrawn
ACTED = "future act"  # a future marker on the verb the count is the object of
OBJECTS = frozenset({"dobj", "obj"})
ACTED_KINDS = frozenset({KINDS.check("other_quantity")})  # "would train", "will release", "would evacuate"


def modality(doc: Doc, number: NumberMention, kind: str, lex: ExtractionLexicon) -> str:
    """The modality of the claim for `number`: a denial on its path wins, else the nearest cue."""
    tokens = between(doc, number.number_start, number.number_end)
    if not tokens:
        return ASSERTED
    return _resolve(_path_cues(tokens[-1], lex), kind)


def sentence_modality(doc: Doc, lex: ExtractionLexicon) -> str:
    """The modality of a sentence as a whole (a statement claim): its main verb's."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return _resolve(_cues_at(root, lex), "statement") if root is not None else ASSERTED


def _path_cues(token: Token, lex: ExtractionLexicon) -> list[str]:
    found: list[str] = []
    seen: set[int] = set()
    # the noun the number counts ("11,000 troops"), not a noun further up ("claims that 2,000 ...")
    counted = token.head if token.dep_ in ("nummod", "quantmod", "compound") else None
    came_from = ""  # the dependency the walk came up by
    for child in (counted or token).children:
        if child.dep_ == "relcl" and lex.modality_cues.get(child.lower_) == "planned":
            found.append("planned")  # "out of the 2,500 that had been promised"
    while token.i not in seen:
        seen.add(token.i)
        # a planner's own count is not its plan: "two delegates pledged to support him"
        cues = _cues_at(token, lex, lexical=came_from not in SUBJECTS)
        # "would train 3,000 recruits": a future act on the count is a plan of the one who acts
        found += [ACTED if cue == FUTURE and came_from in OBJECTS else cue for cue in cues]
        if token.dep_ in SIDE_CLAUSES and token.pos_ in ("VERB", "AUX") and _own_subject(token):
            break  # "Russia plans to ..., and 3,000 soldiers were killed": a clause of its own
        if token == counted and token.dep_ not in SUBJECTS and _described(token):
            break  # "would add to the 11,000 troops it sent": the clause on them says what they are
        if token.dep_ == "advcl" and token.tag_ == "VBG" and token.lower_ in lex.reporting_verbs:
            break  # "dismissed the claim, saying 60 soldiers were hiding": the denier's own account
        came_from = token.dep_
        token = token.head
    return found


def _described(noun: Token) -> bool:
    """Does a clause on the counted noun say what it is ("the 3,000 troops the country sent",
    "the reinforcements dispatched in May")? Not after "there may be": "there may be seven
    thousand fighters killed" says what may have befallen them."""
    if noun.dep_ == "attr":
        return False
    return any(child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX") for child in noun.children)


def _own_subject(verb: Token) -> bool:
    return any(child.dep_ in SUBJECTS or child.dep_ == "expl" for child in verb.children)


def _cues_at(token: Token, lex: ExtractionLexicon, lexical: bool = True) -> list[str]:
    """The cues at one token of the path: the word itself (a verb or noun: "expects", "plans",
    "denied"), when `lexical`, and the auxiliaries and adverbs on it ("could", "possibly")."""
    found = []
    cue = lex.modality_cues.get(token.lower_)
    if lexical and cue is not None and cue not in MARKERS_ONLY and token.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
        found.append("possible" if cue == WEIGHED else cue)
    for child in token.children:
        if child.dep_ in MARKER_DEPS and (cue := lex.modality_cues.get(child.lower_)) is not None:
            found.append(cue)
        elif child.dep_ in SUBJECTS and token.pos_ in ("VERB", "AUX") and _retracted(child, lex):
            found.append(RETRACTED)
    return found


def _retracted(subject: Token, lex: ExtractionLexicon) -> bool:
    """Is the subject of a verb on the path (or a noun beside it: "CORRECTION: An earlier
    version ... said") an earlier version of the article?"""
    for noun in (subject, *(c for c in subject.children if c.dep_ == "appos")):
        words = [t.lower_ for t in noun.subtree if t.i <= noun.i]
        if lex.modality_cues.get(" ".join(words[-2:])) == RETRACTED:
            return True
    return False


def _resolve(cues: list[str], kind: str) -> str:
    if DENIED in cues or RETRACTED in cues:
        return DENIED
    believed = BELIEF in cues
    cues = [c for c in cues if c != BELIEF]
    if not cues:
        return ASSERTED
    if cues[0] in (FUTURE, ACTED):
        # "we forecast that the command will commit 2 more brigades": the word that says whose
        # future it is decides ("the agency believes X will send": a forecast); else a
        # movement, a supply or an act on the count is a plan
        said = next((c for c in cues[1:] if c in ("forecast", "planned")), None)
        if said is not None:
            return said
        acted = cues[0] == ACTED and kind in ACTED_KINDS
        return "planned" if (kind in PLANNED_KINDS or acted) and not believed else "forecast"
    if cues[0] == "possible" and "forecast" in cues[1:]:
        return "forecast"  # "expects the report to show the cost could exceed ..."
    return cues[0]
