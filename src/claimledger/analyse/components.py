"""Analysis components that declare what they need and what they assign, in the spirit of
spaCy's `Language.factory`.

A component is a factory registered under a name with `@registry.factory(name, needs=...,
assigns=...)`: given the loaded resources it returns a step that fills its fields of the
article's analysis. A need is either a spaCy token or doc attribute ("token.dep", "token.lemma")
that the loaded pipeline must set, or an analysis field ("sentences", "numbers") that an earlier
component assigns. Rules that run later, in the extractor's walk, and read tokens directly are
declared with `registry.declare(name, needs=...)` so that their needs are checked too.

`check` compares the declarations with what a pipeline provides, read from spaCy's own
declarations (`nlp.get_pipe_meta(name).assigns`), the attributes the tokenizer always sets and
what an attribute ruler's rules set; `require` turns what is missing into an error naming the
component and the attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from spacy.attrs import IDS
from spacy.language import Language

from claimledger.errors import ClaimledgerError

R = TypeVar("R")  # what a factory is given: the loaded resources
T = TypeVar("T")  # what a step takes and returns: the analysis being built
F = TypeVar("F", bound=Callable[..., Any])

# Set on every token by the tokenizer and the vocabulary, whatever the pipeline holds.
TOKENIZER_ASSIGNS = frozenset(
    {
        "token.text", "token.orth", "token.lower", "token.idx", "token.i", "token.shape",
        "token.prefix", "token.suffix", "token.like_num", "token.is_alpha", "token.is_digit",
        "token.is_punct", "token.is_space", "token.is_upper", "token.is_title", "token.whitespace",
        "doc.text",
    }
)
# An attribute ruler sets these on the tokens its tag map covers (every tag). The lemmas it sets
# are a handful of exceptions, not a lemmatizer: they do not count as providing token.lemma.
RULER_ATTRIBUTES = {"POS": "token.pos", "MORPH": "token.morph"}
_ATTRIBUTE_NAMES = {v: k for k, v in IDS.items()}


class NeedsNotMet(ClaimledgerError):
    """A component needs an attribute that neither the pipeline nor an earlier component sets."""


@dataclass(frozen=True, slots=True)
class Component(Generic[R, T]):
    name: str
    needs: tuple[str, ...]
    assigns: tuple[str, ...]
    factory: Callable[[R], Callable[[T], T]] | None  # None: rules the extractor's walk runs


@dataclass(frozen=True, slots=True)
class UnmetNeed:
    component: str
    attribute: str

    def __str__(self) -> str:
        if self.attribute.startswith(("token.", "doc.")):
            return f"component {self.component!r} needs {self.attribute}, which the spaCy pipeline does not set"
        return f"component {self.component!r} needs {self.attribute!r}, which no earlier component assigns"


class Registry(Generic[R, T]):
    """Components by name, in the order they were registered (the order they run in)."""

    def __init__(self) -> None:
        self._components: dict[str, Component[R, T]] = {}

    def factory(
        self, name: str, *, needs: Sequence[str] = (), assigns: Sequence[str] = ()
    ) -> Callable[[F], F]:
        """Register a factory: `resources -> step`, the step filling `assigns` of the analysis."""

        def register(factory: F) -> F:
            self._add(Component(name, tuple(needs), tuple(assigns), factory))
            return factory

        return register

    def declare(self, name: str, *, needs: Sequence[str]) -> None:
        """Declare rules that read tokens during the extractor's walk, for the needs check."""
        self._add(Component(name, tuple(needs), (), None))

    def _add(self, component: Component[R, T]) -> None:
        if component.name in self._components:
            raise ValueError(f"component {component.name!r} is registered twice")
        self._components[component.name] = component

    def __iter__(self) -> Iterator[Component[R, T]]:
        return iter(self._components.values())

    def __getitem__(self, name: str) -> Component[R, T]:
        return self._components[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._components)

    def check(self, provided: Collection[str]) -> list[UnmetNeed]:
        """The needs no one meets: token attributes not in `provided`, analysis fields no
        earlier component assigns."""
        assigned: set[str] = set()
        unmet: list[UnmetNeed] = []
        for component in self:
            for need in component.needs:
                met = need in provided if need.startswith(("token.", "doc.")) else need in assigned
                if not met:
                    unmet.append(UnmetNeed(component.name, need))
            assigned.update(component.assigns)
        return unmet

    def require(self, provided: Collection[str], tolerated: Collection[str] = ()) -> list[UnmetNeed]:
        """Raise NeedsNotMet for any unmet need whose attribute is not `tolerated`; return the
        tolerated ones, for the caller to report."""
        unmet = self.check(provided)
        fatal = [u for u in unmet if u.attribute not in tolerated]
        if fatal:
            raise NeedsNotMet("; ".join(str(u) for u in fatal))
        return unmet

    def build(self, resources: R) -> list[tuple[Component[R, T], Callable[[T], T]]]:
        """The steps of the components that have a factory, in order."""
        return [(c, c.factory(resources)) for c in self if c.factory is not None]


def pipeline_assigns(nlp: Language, *extra: Any) -> frozenset[str]:
    """The token and doc attributes a loaded pipeline sets: the tokenizer's, each active pipe's
    declared `assigns`, an attribute ruler's per-tag attributes, and those of `extra` providers
    (objects applied after the pipeline, such as its attribute ruler's rules taken over) that
    declare them in a `provides` attribute or carry attribute-ruler rules."""
    out = set(TOKENIZER_ASSIGNS)
    for name in nlp.pipe_names:
        out.update(nlp.get_pipe_meta(name).assigns)
        pipe = nlp.get_pipe(name)
        if nlp.get_pipe_meta(name).factory == "attribute_ruler":
            out.update(_ruler_assigns(attrs for attrs in getattr(pipe, "attrs", ())))
    for provider in extra:
        if provider is None:
            continue
        out.update(getattr(provider, "provides", ()))
        rules = [*getattr(provider, "other", ()), *(r for rs in getattr(provider, "by_key", {}).values() for r in rs)]
        out.update(_ruler_assigns(rule.attrs for rule in rules))
    return frozenset(out)


def _ruler_assigns(attr_sets: Any) -> set[str]:
    names = {_ATTRIBUTE_NAMES.get(key, str(key)) for attrs in attr_sets for key in attrs}
    return {RULER_ATTRIBUTES[n] for n in names if n in RULER_ATTRIBUTES}
