"""Who is credited with a figure: the sentence's attribution, resolved against what came before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token

from claimledger.analyse.numbers import NumberMention
from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.attribution import SUBJECT_DEPS, AttributionFinder, Found
from claimledger.extract.context import Carry
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.extract.quotes import DOUBLED
from claimledger.extract.voice import EDITORIAL_VOICE, OWN_VOICE, is_first_person
from claimledger.model import Attribution, Citation
from claimledger.extract.tokens import between

OTHER_QUANTITY = "other_quantity"
ADJUNCT_DEPS = frozenset({"prep", "npadvmod"})  # where, when, how a speaker spoke ("up from 70" is said)
COMPARED_WITHIN = 25  # characters before a figure in which "up from" makes it a comparison
HEAD_ENDS = re.compile(r",|\s(?:of|at|in|from|for|with|on|to|by)\s")  # "aides to the governor"
PLURAL = re.compile(r"[^su]s$")  # "documents", "aides"; not "press", "census"
IN_PERSON = re.compile(r"\b(?:I|[Ww]e|[Oo]urs?|[Mm]y|me|us)\b")  # "US" is a country
TURN_LABEL = re.compile(r"([^\s:]+(?:\s[^\s:]+){0,3}):")  # "KOVAL:", "SAHEL WEEKLY:" open a transcript's turn
OPENING_MARKS = ("“", '"')
QUOTE_MARK = re.compile(r"[“”\"]")
QUOTATION = re.compile(r"[“\"][^”\"]*[”\"]")
IN_TEXT_CITATION = re.compile(r"\(([A-Z][\w'’.-]+(?:\s+(?:and|&|et al\.?)\s*[\w'’.-]*)?),?\s+(\d{4})\)")


def before_the_report(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the number outside what the speaker's verb governs: in an earlier clause that the
    reporting clause is only joined to with "and"/"but", or beside the report (`beside_the_report`)?"""
    inside = between(doc, number.number_start, number.number_end)
    if not inside:
        return False
    token = inside[-1]
    if beside_the_report(token, found, lex):
        return True
    above = {a.i for a in token.ancestors} | {token.i}
    for verb in between(doc, found.start, found.end):
        if not lex.reports(verb) or verb.lower_ in lex.citing_verbs:
            continue  # "..., citing the agency": a source passed on, not a report of its own
        # "Police said 12 ..., while the ministry said 40 ...": a later report joined as a
        # clause of its own ("conj", or "advcl" opened by "while") is a second speaker's
        if verb.dep_ not in ("conj", "advcl") or verb.i < token.i or verb.i in above or verb.head.i not in above:
            continue
        # "..., and 49 were shot down, the air force said": a verb with nothing to report of
        # its own closes the whole sentence and vouches for all of it.
        if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i for c in verb.children):
            return True
    return False


def counts_the_speakers(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the number in the subject just before the reporting verb ("26 percent said the same",
    "one reader wrote"), or before a verb whose report the cue's pronoun speaks in ("nine in 10
    voters say they think ...")? A count of who speaks is the article's description of them, not
    what they say. A subject cut off from the verb by punctuation is a misread clause of the
    report ("Casualties near 4,000, the military says"), and speakers counted inside another
    report are part of it ("One of the two soldiers has told ..., the service said")."""
    inside = between(doc, number.number_start, number.number_end)
    cue = _cue_verb(doc, found)
    if not inside or cue is None:
        return False
    verbs = {cue.i}
    if any(c.dep_ in SUBJECT_DEPS and c.pos_ == "PRON" for c in cue.children):
        verbs |= {a.i for a in cue.ancestors if a.i < cue.i}
    path = [inside[-1], *inside[-1].ancestors]
    return any(
        verb.i in verbs
        and child.dep_ in SUBJECT_DEPS
        and child.right_edge.i < verb.i
        and not any(t.is_punct for t in doc[child.right_edge.i + 1 : verb.i])
        and lex.reports(verb)
        for child, verb in pairwise(path)
    )


def told_to(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Is the number in whom the speaker told (`conduit_verbs`), while the report is a clause of
    its own ("told 3,000 supporters that ...", "“...,” she told 300 residents")? The listeners
    are the article's description of the scene, not what the speaker says."""
    inside = between(doc, number.number_start, number.number_end)
    cue = _cue_verb(doc, found)
    if not inside or cue is None or cue.lower_ not in lex.conduit_verbs:
        return False
    if not any(c.dep_ == "ccomp" for c in cue.children):
        return False
    path = [inside[-1], *inside[-1].ancestors]
    return any(verb.i == cue.i and child.dep_ in ("dobj", "dative") for child, verb in pairwise(path))


def _cue_verb(doc: Doc, found: Found) -> Token | None:
    cue = next((t for t in between(doc, found.start, found.end) if t.lower_ == found.attribution.cue), None)
    return cue if cue is not None and cue.pos_ in ("VERB", "AUX") else None


def beside_the_report(token: Token, found: Found, lex: ExtractionLexicon) -> bool:
    """Is the number in a phrase that says where, when or how the speaker spoke ("“...,” he said
    at one point", "she told a crowd of about 1,000 that ...") while the report is a clause of
    its own, or in a clause hung on the speaker's name ("..., whose union has 40,000 members,
    said")? "put the toll at 400" has no clause of its own: "at 400" is the report; so is a
    clause inside such a phrase ("said in a statement that 40 were killed", parsed under
    "statement")."""
    path = [token, *token.ancestors]
    cue = next((i for i, t in enumerate(path) if t.lower_ == found.attribution.cue and t.pos_ in ("VERB", "AUX")), None)
    if not cue:
        return False
    verb, child = path[cue], path[cue - 1]
    if child.dep_ in SUBJECT_DEPS:
        # the clause sits on the speaker's side of the verb (a parse may hang the report's
        # second half on a description after the verb: "says ..., a figure it has not backed,
        # and that 242 ...")
        return any(
            t.dep_ in ("relcl", "acl") and (t.i < verb.i if child.i < verb.i else t.i > child.i)
            for t in path[: cue - 1]
        )
    # a participle's report may hang on the clause it joins ("..., saying at one point, “...”");
    # whom a conduit verb tells is no report ("told the mayor in one such exchange")
    clauses = list(verb.children)
    if verb.dep_ == "advcl":
        clauses += [c for c in verb.head.children if c.i > verb.i]
    return (
        child.dep_ in ADJUNCT_DEPS
        and not any(t.pos_ in ("VERB", "AUX") for t in path[:cue])
        and any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in clauses)
        and (
            verb.lower_ in lex.conduit_verbs
            or not any(c.dep_ in ("dobj", "obj") for c in verb.children)  # "put its strength at 7,000"
        )
    )


def governs(doc: Doc, found: Found, number: NumberMention, lex: ExtractionLexicon) -> bool:
    """Of a split attribution ("X estimates ..., according to Y"), does X's verb govern the
    number more closely than Y's "according to" does?"""
    start, end = found.parts[0]
    verb = next((t for t in between(doc, start, end) if t.lower_ == found.attribution.cue), None)
    start, end = found.parts[1]
    cue = next((t for t in between(doc, start, end) if t.lower_ == "according"), None)
    inside = between(doc, number.number_start, number.number_end)
    if verb is None or cue is None or not inside or not found.attribution.conduits:
        return True
    if lex.words.own_words.search(found.attribution.conduits[-1]):
        return True  # "according to a transcript of his remarks": the speaker's own words
    steps = {a.i: step for step, a in enumerate(inside[-1].ancestors, start=1)}
    return steps.get(cue.head.i, 99) >= steps.get(verb.i, 99)


def speaks_in_person(text: str) -> bool:
    """Does the sentence say "I", "we", "my" or "our" outside quotation marks?"""
    return IN_PERSON.search(QUOTATION.sub(" ", text)) is not None


def opens_a_turn(text: str) -> bool:
    """Does the sentence open with a transcript's speaker label in capitals ("KOVAL: ...")?"""
    label = TURN_LABEL.match(text)
    return label is not None and label.group(1).isupper()


def quoted(text: str, number: NumberMention) -> bool:
    """Is the number someone's words: inside quotation marks, or in a sentence of a quotation
    that runs over several (an odd number of marks)? A phrase in marks elsewhere in the
    sentence (“so-called” words, a title) does not make the sentence a quotation."""
    text = text.replace(DOUBLED, '" ')  # same length
    if len(QUOTE_MARK.findall(text)) % 2:
        return True
    return any(m.start() <= number.start < m.end() for m in QUOTATION.finditer(text))


def plural(origin: str) -> bool:
    """Is the origin's head a plural common noun ("documents", "aides to the governor")?"""
    head = HEAD_ENDS.split(origin, maxsplit=1)[0].split()
    return bool(head) and head[-1].islower() and PLURAL.search(head[-1]) is not None


def in_report(index: int, found: Found | None) -> bool:
    return found is not None and found.covers(index)


def citation_attribution(citation: Citation, found: Found | None) -> Attribution:
    conduits = tuple(x for x in (citation.outlet, citation.author) if x)
    if found is not None and not found.pronoun:
        return Attribution(found.attribution.origin, conduits + found.attribution.conduits,
                           found.attribution.origin_actor, cue=found.attribution.cue)
    origin = citation.outlet or citation.author or "cited source"
    rest = tuple(x for x in conduits if x != origin)
    return Attribution(origin, rest, cue="citation")


@dataclass(frozen=True, slots=True)
class Credit:
    """Who a sentence's figures are credited to: its own attribution, a citation, the report
    going on from the sentence before, or the article's issuer."""

    finder: AttributionFinder
    lexicon: ExtractionLexicon

    def attribution(
        self,
        item: SentenceAnalysis,
        found: Found | None,
        carry: Carry,
        same_paragraph: bool,
        anaphoric: bool,
        issuer: Attribution | None,
    ) -> tuple[Attribution | None, bool]:
        """The attribution of the sentence, and whether the sentence states it."""
        if item.citation is not None:
            return citation_attribution(item.citation, found), True
        if found is not None and not found.pronoun:
            if issuer is not None and is_first_person(found.attribution.origin, self.lexicon):
                return issuer, True  # "our monitors recorded ..."
            return found.attribution, True
        cited = in_text_citation(item.text)
        if cited is not None:
            return cited, True
        # Carried over: the next sentence of the same report, or a sentence that refers back.
        continues = carry.explicit or (anaphoric and carry.hops < 3)
        # a speaker's words going on in the first person or in quotation marks open the next
        # paragraph too ("..., the mayor said.\n\nWe lost 40 homes in one night."), and so does
        # whatever a sentence naming a speaker and ending with a colon introduces ("The report
        # puts it this way:"), unless a transcript's label opens a new speaker's turn ("KOVAL: We ...")
        follows = same_paragraph or (
            item.sentence.paragraph == carry.paragraph + 1
            and (speaks_in_person(item.text) or item.text[:1] in OPENING_MARKS or carry.introduces)
            and not opens_a_turn(item.text)
        )
        if carry.attribution is not None and follows and continues:
            return carry.attribution, False
        if issuer is not None and (not self.editorial(issuer) or self.speaks_as_we(item.text)):
            # a statement's or report's own figures; a news outlet's "we" (an opinion piece, an
            # analysis) vouches only for the sentences it says in that voice
            return issuer, False
        return None, False

    def narrated(
        self, item: SentenceAnalysis, number: NumberMention, reading: tuple[Attribution | None, Carry, bool],
        kind: str, asserted: bool,
    ) -> bool:
        """Is a figure of a sentence that names no speaker the article's own, although the report
        before it in the paragraph is carried into the sentence (for its time)? `reading` is the
        sentence's attribution, the carry and whether the sentence opens by pointing back.

        A toll, a force or a displacement goes on with the report ("The ministry said 40 were
        killed. Another 12 are missing."), and so does a plan or a forecast (someone announced it)
        or a figure compared with the one reported ("That is up from 30."). Any other quantity
        goes on only when the sentence is quoted, speaks in the first person, restates the tally, opens by
        pointing back ("Of those, ...") or follows a speaker's colon ("They put it this way:"):
        "The agency said 40 were hurt. The town had 2,000 people
        before the war." leaves the town's figure to the article."""
        attribution, carry, anaphoric = reading
        return (
            kind == OTHER_QUANTITY and asserted and item.attribution is None
            and attribution is not None and attribution is carry.attribution and not anaphoric
            and not carry.introduces
            and not quoted(item.text, number)
            and not speaks_in_person(item.text)
            and self.lexicon.comparison.search(item.text, max(0, number.start - COMPARED_WITHIN), number.start) is None
            and not self.restates_figure(item)
        )

    def restates_figure(self, item: SentenceAnalysis) -> bool:
        """ "The correct figure is 115.", "The total now stands at 40.": a tally as the subject
        restates the figure just reported."""
        tallies = self.lexicon.words.tally_nouns
        return item.doc is not None and any(t.dep_ == "nsubj" and t.lower_ in tallies for t in item.doc)

    def editorial(self, issuer: Attribution) -> bool:
        """Is the issuer a news outlet known only by its "we" voice?"""
        actor = issuer.origin_actor
        outlet = actor is not None and actor.type in self.lexicon.words.editorial_types
        # named in the text only: an outlet, unless it is known as some other body
        return (issuer.cue == EDITORIAL_VOICE and (actor is None or outlet)) or (issuer.cue == OWN_VOICE and outlet)

    def speaks_as_we(self, text: str) -> bool:
        """Does the sentence say "we"/"our" outside a quotation?"""
        return self.lexicon.words.first_person_text.search(QUOTATION.sub(" ", text)) is not None

    def own_report(
        self,
        item: SentenceAnalysis,
        number: NumberMention,
        found: Found,
        carry: Carry,
        linked: bool,
        anaphoric: bool,
        issuer: Attribution | None,
    ) -> Attribution | None:
        """Who vouches for a number the sentence's main report does not govern: a reporting
        verb of its own clause ("a group told me they had buried 4,700, and the ministry puts
        the deaths at 12,000"), else whoever would be credited with no report in the sentence."""
        assert item.doc is not None
        anchors = [t.i for t in item.doc if number.number_start <= t.idx < number.number_end]
        own = self.finder.find(item.doc, anchors)
        if (
            own is not None
            and not own.pronoun
            and own.attribution.origin != found.attribution.origin
            and not before_the_report(item.doc, own, number, self.lexicon)
        ):
            return own.attribution
        return self.attribution(item, None, carry, linked, anaphoric, issuer)[0]

    def resolve_pronoun(
        self, found: Found, carry: Carry, same_paragraph: bool, issuer: Attribution | None,
        origins: Sequence[Attribution] = (),
    ) -> Found | None:
        """ "We" is the article's issuer; "he", "it" the speaker going on in the paragraph, else
        the latest named origin of the pronoun's sort earlier in the article."""
        if issuer is not None and is_first_person(found.attribution.origin, self.lexicon):
            return Found(issuer, found.start, found.end, parts=found.parts)
        earlier = carry.attribution if carry.attribution is not None and same_paragraph else None
        if earlier is not None and not self.fits(found.attribution.origin, earlier):
            earlier = None  # "The Red Cross warned ..." then "..., he said": someone else
        if earlier is None:
            earlier = self.named_antecedent(found.attribution.origin, origins)
        if earlier is None:
            return None
        merged = Attribution(
            origin=earlier.origin,
            conduits=earlier.conduits,
            origin_actor=earlier.origin_actor,
            cue=found.attribution.cue,
        )
        return Found(merged, found.start, found.end, parts=found.parts)

    def named_antecedent(self, pronoun: str, origins: Sequence[Attribution]) -> Attribution | None:
        """The latest origin named by a capitalised name that fits the pronoun: a person for
        "he"/"she", an organisation for "it"; "you" refers to no one."""
        words = self.lexicon.words
        if pronoun.lower() not in words.person_pronouns | words.thing_pronouns | words.first_person | {"they", "themselves"}:
            return None
        thing = pronoun.lower() in words.thing_pronouns
        for earlier in reversed(origins):
            names = earlier.origin.replace("’s", "").replace("'s", "").split()
            # "it" may also be a body or a document named by a common noun ("the staff
            # association's letter", "the report") and not only by a name
            named = all(w[:1].isupper() for w in names) or (thing and self.body_like(earlier.origin))
            if names and named and self.fits(pronoun, earlier):
                return earlier
        return None

    def fits(self, pronoun: str, earlier: Attribution) -> bool:
        """Can the pronoun stand for the origin: "he" for a person, "it" for an organisation?"""
        words = self.lexicon.words
        actor = earlier.origin_actor
        person = actor.type in words.person_types if actor is not None else self.person_like(earlier.origin)
        pronoun = pronoun.lower()
        if pronoun in words.person_pronouns:
            return person
        if pronoun in words.thing_pronouns:
            return not person and not plural(earlier.origin)
        return True

    def person_like(self, origin: str) -> bool:
        """Can an origin the knowledge base does not know be one person: no word of a body, a
        record or a survey ("the campaign", "court filings", "the poll"), and not a plural
        description ("documents", "aides to the governor")?"""
        lex = self.lexicon
        named = {w.lower().strip(".,") for w in origin.split()}
        if named & (lex.words.organisation_words | lex.generic_origins | lex.record_nouns | lex.survey_nouns):
            return False
        return not plural(origin)

    def body_like(self, origin: str) -> bool:
        """Is the origin one body or document named by a common noun ("the staff association",
        "the report")?"""
        lex = self.lexicon
        named = {w.lower().strip(".,") for w in origin.split()}
        return bool(named & (lex.words.organisation_words | lex.record_nouns | lex.survey_nouns)) and not plural(origin)

    def resolve_reference(self, found: Found, origins: Sequence[Attribution], text: str) -> Found:
        """ "The agency said": the agency named earlier in the article."""
        # "the agency", "the ethnic armed group": a common noun (with at most two modifiers) that
        # names nobody in particular refers back to someone named before. "A local rescue group"
        # or "the regional prosecutor's office" brings in someone new.
        references = self.lexicon.generic_references
        origin = found.attribution.origin
        words = origin.lower().split()
        if not words or len(words) > 3 or words[-1] not in references:
            return found
        at = text.find(origin)
        if "'s" in origin.replace("’", "'") or (at >= 0 and self.lexicon.words.indefinite.search(text, 0, at)):
            return found
        if found.attribution.origin_actor is not None and found.attribution.origin_actor.type != "group":
            return found
        noun = words[-1]
        for earlier in reversed(origins):
            named = earlier.origin.lower()
            actor_type = earlier.origin_actor.type if earlier.origin_actor else ""
            if noun in named or actor_type in references[noun]:
                a = found.attribution
                resolved = Attribution(earlier.origin, a.conduits or earlier.conduits,
                                       earlier.origin_actor, a.cue)
                return Found(resolved, found.start, found.end, parts=found.parts)
        return found


def in_text_citation(text: str) -> Attribution | None:
    """ "(Smith and Jones, 2021)": the cited work is the origin."""
    m = IN_TEXT_CITATION.search(text)
    if m is None:
        return None
    return Attribution(origin=f"{m.group(1)} ({m.group(2)})", cue="citation")

