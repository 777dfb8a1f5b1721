"""The walk over an article keeps no state on the Extractor: what goes from one sentence to the
next is an immutable Context, and one article's places or sources never reach another's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from claimledger.extract import Extractor
from claimledger.extract.context import Carry, Context
from claimledger.model import Article, Attribution, Location, Metadata

pytestmark = pytest.mark.model


def _article(text: str, name: str) -> Article:
    return Article(id=name * 32, source="t", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))


def test_context_and_carry_are_frozen() -> None:
    context = Context()
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.named = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.carry.hops = 1  # type: ignore[misc]


def test_the_last_time_an_origin_spoke_wins() -> None:
    context = Context(spoke=(("ministry", "2025-03-01"), ("army", "2025-03-02"), ("ministry", "2025-03-05")))
    assert context.origin_time("ministry") == "2025-03-05"
    assert context.origin_time("police") is None


def test_a_step_returns_a_new_context_and_leaves_the_old_one() -> None:
    before = Context(carry=Carry(paragraph=0), named=((0, Location(text="Sumy")),))
    after = dataclasses.replace(before, origins=(Attribution(origin="army"),))
    assert before.origins == () and after.named == before.named


def test_extracting_keeps_no_state_on_the_extractor(resources) -> None:
    extractor = Extractor(resources)
    attributes = dict(vars(extractor))
    extractor.extract(_article("Shelling hit Kharkiv. The city lost 40 homes, the mayor said.", "a"))
    assert vars(extractor) == attributes


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param("Shelling hit the Kherson region on Monday, officials said.", id="a-region-named-before"),
        pytest.param("The International Organization for Migration said 2,000 people fled.", id="an-agency-named-before"),
        pytest.param("STATEMENT OF THE GENERAL STAFF\n\nOur units destroyed 12 tanks.", id="an-issuer-before"),
    ],
)
def test_one_articles_places_and_sources_do_not_reach_the_next(resources, earlier: str) -> None:
    later = _article("About 300 people remain in the region, the agency said. We counted 40 more.", "b")
    alone = Extractor(resources).extract(later)
    extractor = Extractor(resources)
    extractor.extract(_article(earlier, "a"))
    assert extractor.extract(later) == alone
    batch = extractor.extract_many([_article(earlier, "a"), later])
    assert batch[1] == alone
