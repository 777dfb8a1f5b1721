"""The analysis component registry: declarations, order, the needs check against a loaded
spaCy pipeline, and the frozen analysis the components produce."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import pytest

from claimledger.analyse.components import (
    TOKENIZER_ASSIGNS,
    NeedsNotMet,
    Registry,
    UnmetNeed,
    pipeline_assigns,
)
from claimledger.extract.analysers import COMPONENTS, TOLERATED, Analyser
from claimledger.extract.analysis import ArticleAnalysis
from claimledger.model import Article, Metadata

pytestmark = pytest.mark.model

TOKENS = frozenset({*TOKENIZER_ASSIGNS, "token.dep", "token.tag", "token.pos", "token.head"})


def _registry() -> Registry[object, list[str]]:
    registry: Registry[object, list[str]] = Registry()

    @registry.factory("first", assigns=("a",))
    def first(resources: object) -> object:
        return lambda batch: [*batch, "first"]

    @registry.factory("second", needs=("a", "token.dep"), assigns=("b",))
    def second(resources: object) -> object:
        return lambda batch: [*batch, "second"]

    registry.declare("rules", needs=("b", "token.lemma"))
    return registry


def test_components_run_in_the_order_they_are_registered() -> None:
    registry = _registry()
    assert registry.names == ("first", "second", "rules")
    steps = [step for _, step in registry.build(object())]
    batch: list[str] = []
    for step in steps:
        batch = step(batch)
    assert batch == ["first", "second"]  # declared rules have no step


def test_a_component_name_is_registered_once() -> None:
    registry = _registry()
    with pytest.raises(ValueError, match="'first' is registered twice"):
        registry.declare("first", needs=())


@pytest.mark.parametrize(
    ("provided", "unmet"),
    [
        pytest.param(TOKENS | {"token.lemma"}, [], id="all-met"),
        pytest.param(TOKENS, [UnmetNeed("rules", "token.lemma")], id="no-lemma"),
        pytest.param(
            TOKENS - {"token.dep"} | {"token.lemma"}, [UnmetNeed("second", "token.dep")], id="no-parser"
        ),
    ],
)
def test_check_reports_each_unmet_token_need(provided: frozenset[str], unmet: list[UnmetNeed]) -> None:
    assert _registry().check(provided) == unmet


def test_a_field_assigned_only_by_a_later_component_is_unmet() -> None:
    registry: Registry[object, list[str]] = Registry()
    registry.declare("early", needs=("late_field",))
    registry.declare("late", needs=())
    assert registry.check(TOKENS) == [UnmetNeed("early", "late_field")]
    assert "no earlier component assigns" in str(registry.check(TOKENS)[0])


def test_require_names_component_and_attribute() -> None:
    with pytest.raises(NeedsNotMet, match=r"component 'rules' needs token\.lemma"):
        _registry().require(TOKENS)


def test_require_reports_a_tolerated_need_instead_of_failing() -> None:
    assert _registry().require(TOKENS, tolerated={"token.lemma"}) == [UnmetNeed("rules", "token.lemma")]


# -- the extractor's components against the loaded pipeline ------------------------------------------


def test_every_field_a_component_needs_is_assigned_by_an_earlier_one() -> None:
    everything = frozenset(
        need for c in COMPONENTS for need in c.needs if need.startswith(("token.", "doc."))
    )
    assert COMPONENTS.check(everything) == []


def test_the_loaded_pipeline_meets_every_need_but_the_tolerated(resources) -> None:
    provided = pipeline_assigns(resources.nlp, resources.tags)
    assert {"token.dep", "token.tag", "token.pos", "token.head"} <= provided
    unmet = COMPONENTS.require(provided, tolerated=TOLERATED)
    assert {u.attribute for u in unmet} <= set(TOLERATED)


def test_the_check_catches_a_pipeline_without_the_lemmatizer(resources) -> None:
    nlp = resources.nlp
    without = frozenset(pipeline_assigns(nlp, resources.tags) - {"token.lemma"})
    unmet = COMPONENTS.check(without)
    assert {u.attribute for u in unmet} == {"token.lemma"}
    assert {u.component for u in unmet} == {"attribution", "place rules", "time rules"}
    with pytest.raises(NeedsNotMet, match=r"'attribution' needs token\.lemma"):
        COMPONENTS.require(without)


def test_a_provider_applied_after_the_pipeline_can_provide_lemmas(resources) -> None:
    lemmas = SimpleNamespace(provides=("token.lemma",))
    provided = pipeline_assigns(resources.nlp, resources.tags, lemmas)
    assert COMPONENTS.check(provided) == []


def test_the_analyser_refuses_a_pipeline_that_lacks_a_parser(resources) -> None:
    class NoParser:
        pipe_names: list[str] = []
        disabled: list[str] = []

    bare = dataclasses.replace(resources, nlp=NoParser(), tags=None)
    with pytest.raises(NeedsNotMet, match=r"needs token\.dep"):
        Analyser(bare)


# -- the analysis -------------------------------------------------------------------------------------


TEXT = (
    "KYIV, June 3 (Wire) - Russian forces fired 40 drones at Kharkiv overnight, the air force said.\n\n"
    "The weather was fine."
)


@pytest.fixture(scope="module")
def analysis(resources) -> ArticleAnalysis:
    article = Article(id="a1", source="test", text=TEXT, metadata=Metadata(published=dt.date(2024, 6, 3)))
    return Analyser(resources).analyse_many([article])[0]


def test_the_analysis_is_frozen(analysis: ArticleAnalysis) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.sentences = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.sentences[0].hedged = True  # type: ignore[misc]


def test_sentences_keep_offsets_into_the_article(analysis: ArticleAnalysis) -> None:
    first, second = analysis.sentences
    assert first.text == TEXT[first.sentence.start : first.sentence.end]
    assert first.text.startswith("Russian forces")  # the dateline is cut off
    assert second.text == "The weather was fine."


def test_numbers_times_and_attribution_keep_offsets_into_the_sentence(analysis: ArticleAnalysis) -> None:
    first = analysis.sentences[0]
    (number,) = first.numbers
    assert first.text[number.start : number.end] == "40"
    assert first.doc is not None
    assert [first.text[t.start : t.end] for t in first.times] == ["overnight"]
    found = first.attribution
    assert found is not None and found.attribution.origin == "air force"
    assert "air force" in first.text[found.start : found.end]


def test_a_sentence_that_cannot_carry_a_claim_is_not_parsed(analysis: ArticleAnalysis) -> None:
    second = analysis.sentences[1]
    assert second.doc is None and second.times == () and second.attribution is None


def test_places_of_the_article_keep_offsets_into_the_article(analysis: ArticleAnalysis) -> None:
    assert [TEXT[p.start : p.end] for p in analysis.places] == ["KYIV", "Kharkiv"]
    assert analysis.countries["UA"] == 2


def test_a_lemmatizer_the_tag_rules_apply_after_the_pipeline_provides_lemmas(resources) -> None:
    # extract/nlp.py gives lemmas so: TagRules take the lemmatizer out of the pipeline (it must run
    # after the attribute ruler's POS) and apply it themselves
    import spacy

    from claimledger.extract.nlp import TagRules

    nlp = spacy.load(f"{resources.nlp.meta['lang']}_{resources.nlp.meta['name']}", exclude=["ner"])
    if "lemmatizer" not in nlp.pipe_names:
        pytest.skip("the installed pipeline has no lemmatizer")
    assert "token.lemma" in pipeline_assigns(nlp)
    tags = TagRules.take_over(nlp)
    assert tags is not None
    assert "token.lemma" not in pipeline_assigns(nlp)  # disabled in the pipeline...
    assert "token.lemma" in pipeline_assigns(nlp, tags)  # ...and applied by the tag rules
    assert COMPONENTS.check(pipeline_assigns(nlp, tags)) == []


def test_evolve_copies_as_dataclasses_replace_does() -> None:
    """The analysis' copy-with-changes gives what dataclasses.replace gives, and refuses a
    field the class does not have."""
    from claimledger.extract.analysers import evolve
    from claimledger.extract.context import Context

    context = Context()
    assert evolve(context, named=((0, None),)) == dataclasses.replace(context, named=((0, None),))
    assert evolve(context) == context and evolve(context) is not context
    with pytest.raises(TypeError, match="no field"):
        evolve(context, nothing=1)
