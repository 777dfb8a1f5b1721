"""Export formats that need no pipeline: the ClaimReview rating follows the claim's relations."""

from __future__ import annotations

from claimledger.output.citations import Cited
from claimledger.output.export import claimreview
from claimledger.model import Attribution, Claim, Span


def _claim() -> Claim:
    return Claim(article_id="a1", kind="killed", subject="soldiers", quote="Officials said 40 soldiers died.",
                 span=Span(0, 32), value=40, attribution=Attribution(origin="Officials"))


def test_conflict_makes_a_claim_disputed_even_when_others_corroborate_it() -> None:
    review = claimreview(Cited(_claim(), None, None), {"corroborates": 2, "conflicts": 1})
    assert review["reviewRating"]["alternateName"] == "Disputed"


def test_independent_agreement_makes_a_claim_corroborated() -> None:
    review = claimreview(Cited(_claim(), None, None), {"corroborates": 1, "repeats": 3})
    assert review["reviewRating"]["alternateName"] == "Corroborated"


def test_repeats_alone_leave_a_claim_single_source() -> None:
    review = claimreview(Cited(_claim(), None, None), {"repeats": 3})
    assert review["reviewRating"]["alternateName"] == "Single source"
    assert review["itemReviewed"]["author"] == {"@type": "Thing", "name": "Officials"}
    assert review["identifier"] == _claim().id


def test_a_forecast_is_never_rated_corroborated() -> None:
    review = claimreview(Cited(_claim(), None, None), {"corroborates": 2}, modality="forecast")
    assert review["reviewRating"]["alternateName"] == "Not asserted (forecast)"
