"""The scorer on small hand-made cases: matching, field rules, totals and gold loading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.evaluate import (
    GoldArticle,
    GoldClaim,
    GoldError,
    check_fields,
    gold_origin,
    is_valid_time,
    load_gold,
    match_claims,
    score,
)
from claimledger.model import Attribution, Claim, Location, Place, Span

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gold"


def gold(
    kind: str = "killed",
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    *,
    source: str | None = None,
    time: str | None = None,
    location: str | None = None,
    approx: bool = False,
    hedged: bool = False,
    modality: str | None = None,
) -> GoldClaim:
    return GoldClaim(
        quote="q",
        kind=kind,
        subject="s",
        value=value,
        value_low=low,
        value_high=high,
        approx=approx,
        location=location,
        time=time,
        attributed_to=source,
        hedged=hedged,
        modality=modality,
    )


def predicted(
    kind: str = "killed",
    value: float | None = None,
    low: float | None = None,
    high: float | None = None,
    *,
    origin: str | None = None,
    conduits: tuple[str, ...] = (),
    time: str | None = None,
    location: Location | None = None,
    approx: bool = False,
    hedged: bool = False,
    modality: str = "asserted",
) -> Claim:
    attribution = Attribution(origin=origin, conduits=conduits) if origin else None
    return Claim(
        article_id="a",
        kind=kind,
        subject="s",
        quote="q",
        span=Span(0, 1),
        value=value,
        value_low=low,
        value_high=high,
        approx=approx,
        location=location,
        time=time,
        attribution=attribution,
        hedged=hedged,
        modality=modality,
    )


def article(*claims: GoldClaim, published: str | None = "2025-02-14") -> GoldArticle:
    return GoldArticle(name="a.txt", published=published, claims=claims)


def fields(g: GoldClaim, p: Claim, published: str | None = "2025-02-14") -> dict[str, bool]:
    return check_fields(g, p, published)


# ---------------------------------------------------------------- detection


def test_perfect_match_scores_one_everywhere() -> None:
    g = gold(
        "troops_deployed",
        11000,
        source="Western officials (via BBC)",
        time="2025-01",
        location="Russia",
        hedged=True,
    )
    p = predicted(
        "troops_deployed",
        11000,
        origin="Western officials",
        conduits=("BBC",),
        time="2025-01",
        location=Location("Russia"),
        hedged=True,
    )
    report = score([(article(g), [p])])
    assert (report.gold, report.predicted, report.matched, report.full_matched) == (1, 1, 1, 1)
    assert report.detection_f1 == report.full_f1 == 1.0
    assert set(report.field_accuracy.values()) == {1.0}


def test_missing_claims_lower_recall_only() -> None:
    report = score([(article(gold(value=300), gold("wounded", 2700)), [predicted(value=300)])])
    assert report.detection_precision == 1.0
    assert report.detection_recall == 0.5
    assert report.per_article[0].missed == ("wounded 2700",)


def test_extra_claims_lower_precision_only() -> None:
    report = score([(article(gold(value=300)), [predicted(value=300), predicted(value=45)])])
    assert report.detection_precision == 0.5
    assert report.detection_recall == 1.0
    assert report.per_article[0].extra == ("killed 45",)


def test_claims_without_a_number_are_not_scored() -> None:
    statement = gold("statement", source="KCNA")
    vague = predicted("weapons_supplied", approx=True)
    report = score([(article(statement, gold(value=2)), [vague, predicted("captured", 2)])])
    assert (report.gold, report.predicted, report.matched) == (1, 1, 1)


def test_no_claims_at_all_gives_zero_not_an_error() -> None:
    report = score([(article(), [])])
    assert report.detection_f1 == 0.0
    assert report.field_accuracy["kind"] == 0.0


def test_claims_match_only_within_their_own_article() -> None:
    first = GoldArticle(name="one.txt", published=None, claims=(gold(value=300),))
    second = GoldArticle(name="two.txt", published=None, claims=())
    report = score([(first, []), (second, [predicted(value=300)])])
    assert report.matched == 0
    assert (report.gold, report.predicted, report.articles) == (1, 1, 2)


def test_kind_mismatch_still_matches_but_fails_kind_and_full() -> None:
    report = score([(article(gold("killed_or_wounded", 4000)), [predicted("killed", 4000)])])
    assert report.matched == 1
    assert report.field_accuracy["kind"] == 0.0
    assert report.full_matched == 0


def test_same_kind_is_preferred_over_text_order() -> None:
    golds = [gold("killed", 300), gold("wounded", 300)]
    preds = [predicted("wounded", 300), predicted("killed", 300)]
    pairs = match_claims(golds, preds)
    assert [(g.kind, p.kind) for g, p in pairs] == [("killed", "killed"), ("wounded", "wounded")]


def test_matching_is_one_to_one_with_repeated_numbers() -> None:
    # an article that states 300 dead in its body and again in a reference-list title
    golds = [gold("killed", 300, time="2025-01-13"), gold("killed", 300, time="2025-01-14")]
    report = score([(article(*golds), [predicted("killed", 300, time="2025-01-13")])])
    assert (report.gold, report.matched) == (2, 1)
    assert report.per_article[0].missed == ("killed 300",)


def test_a_number_can_match_a_different_kind_after_same_kind_pairs() -> None:
    golds = [gold("killed", 300), gold("reinforcements", 3000)]
    preds = [predicted("troops_deployed", 3000), predicted("killed", 300)]
    assert len(match_claims(golds, preds)) == 2


def test_numbers_compare_with_a_tiny_tolerance() -> None:
    assert match_claims([gold("other_quantity", 0.3)], [predicted("other_quantity", 0.1 + 0.2)])
    assert not match_claims([gold(value=300)], [predicted(value=301)])


# ---------------------------------------------------------------- bounds


def test_same_number_in_a_different_bound_matches_but_fails_bound() -> None:
    g, p = gold("killed_or_wounded", low=3000), predicted("killed_or_wounded", 3000)
    assert match_claims([g], [p])
    assert fields(g, p)["bound"] is False
    assert fields(g, predicted("killed_or_wounded", low=3000))["bound"] is True


def test_a_range_matches_only_when_both_bounds_are_found() -> None:
    g = gold("troops_deployed", low=3000, high=4000)
    assert match_claims([g], [predicted("troops_deployed", low=3000, high=4000)])
    assert not match_claims([g], [predicted("troops_deployed", low=3000)])


# ---------------------------------------------------------------- source


@pytest.mark.parametrize(
    ("attributed_to", "origin", "ok"),
    [
        ("Western officials (via BBC)", "Western officials", True),
        ("Western officials (via BBC)", "BBC", False),  # a conduit is not the origin
        ("South Korea's spy agency (via lawmakers)", "the spy agency of South Korea", True),
        ("South Korea’s spy agency", "South Korea's National Intelligence Service", True),
        ("Kelly Ng, BBC (cited as Ng, 2024)", "Kelly Ng", True),
        ("the Kremlin", "the army", False),  # stop words do not count as overlap
        (None, None, True),
        (None, "Reuters", False),
        ("KCNA", None, False),
    ],
)
def test_source_is_origin_word_overlap_or_both_null(
    attributed_to: str | None, origin: str | None, ok: bool
) -> None:
    g = gold(value=1, source=attributed_to)
    assert fields(g, predicted(value=1, origin=origin))["source"] is ok


def test_gold_origin_drops_conduits_and_citation_notes() -> None:
    assert gold_origin("Volodymyr Zelensky (via BBC, Lukiv 2025)") == "Volodymyr Zelensky"
    assert gold_origin("International Organization for Migration (IOM)") == (
        "International Organization for Migration (IOM)"
    )
    assert gold_origin(None) is None


# ---------------------------------------------------------------- time


@pytest.mark.parametrize(
    ("gold_time", "predicted_time", "ok"),
    [
        ("2025-01", "2025-01-14", True),  # compared at the coarser precision
        ("2025-01-14", "2025", True),
        ("2024-12/2025-02-14", "2024-12", True),  # an interval is compared by its start
        ("2024-12/2025-02-14", "2024-12-03/2025-02-14", True),
        ("2024-10-23", "2024-10-24", False),
        ("2025-01", "2025-02", False),
        ("2025-01", None, False),
        ("2025-01", "last month", False),  # an unparsed predicted time is simply wrong
        (None, None, True),
        (None, "2025", False),  # the article has a date, so the annotator left it null on purpose
    ],
)
def test_time_same_start_at_coarser_precision_or_both_null(
    gold_time: str | None, predicted_time: str | None, ok: bool
) -> None:
    g = gold(value=1, time=gold_time)
    assert fields(g, predicted(value=1, time=predicted_time))["time"] is ok


def test_any_predicted_time_counts_when_published_and_gold_time_are_null() -> None:
    g = gold(value=11000, time=None)
    assert fields(g, predicted(value=11000, time="2024"), published=None)["time"] is True
    assert fields(g, predicted(value=11000, time=None), published=None)["time"] is True
    dated = gold(value=11000, time="2025-01")
    assert fields(dated, predicted(value=11000, time="2024"), published=None)["time"] is False


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024", True),
        ("2024-12", True),
        ("2024-12-19", True),
        ("2024-12/2025-02-14", True),
        ("2024-12/..", True),
        ("../2025-01", True),
        ("2025-13", False),
        ("2025-02-30", False),
        ("2025/01/14", False),
        ("January 2025", False),
        ("..", False),
        ("", False),
    ],
)
def test_is_valid_time(value: str, valid: bool) -> None:
    assert is_valid_time(value) is valid


# ---------------------------------------------------------------- place, approx, hedged


@pytest.mark.parametrize(
    ("gold_location", "location", "ok"),
    [
        ("Kursk", Location("Kursk region"), True),
        ("Kursk Oblast", Location("the Kursk region"), True),
        ("Russia", Location("Moscow", Place("Moscow", "RU", "Russia")), False),
        ("Russia", Location("the country", Place("Russia", "RU")), True),
        ("Kursk region", Location("region"), False),  # "region" alone names no place
        (None, None, True),
        ("Russia", None, False),
        (None, Location("Russia"), False),
    ],
)
def test_place_is_word_overlap_or_same_resolved_name(
    gold_location: str | None, location: Location | None, ok: bool
) -> None:
    g = gold(value=1, location=gold_location)
    assert fields(g, predicted(value=1, location=location))["place"] is ok


def test_approx_and_hedged_are_compared_as_flags() -> None:
    g = gold(value=4000, approx=True, hedged=False)
    checks = fields(g, predicted(value=4000, approx=False, hedged=True))
    assert (checks["approx"], checks["hedged"]) == (False, False)


# ---------------------------------------------------------------- full F1 and report


def test_full_match_needs_kind_source_and_time_but_not_place() -> None:
    g = gold("killed", 1000, source="Western officials", time="2025-01", location="Russia")
    right = predicted("killed", 1000, origin="officials", time="2025-01-22")
    wrong_source = predicted("killed", 1000, origin="Ukraine", time="2025-01")
    assert score([(article(g), [right])]).full_matched == 1
    assert score([(article(g), [wrong_source])]).full_matched == 0


def test_report_json_and_table() -> None:
    g = gold("killed", 1000, source="officials", time="2025-01")
    report = score([(article(g, gold("wounded", 5)), [predicted("killed", 1000)])])
    data = report.to_json()
    assert data["detection"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert set(data["field_accuracy"]) == {
        "kind",
        "bound",
        "source",
        "time",
        "place",
        "approx",
        "hedged",
    }
    assert data["per_article"][0]["missed"] == ["wounded 5"]
    json.dumps(data)
    table = report.render()
    assert "detection" in table and "a.txt" in table


MODALITY = [
    # (gold modality, predicted modality, field accuracy shown)
    pytest.param("forecast", "forecast", 1.0, id="same-modality-is-right"),
    pytest.param("denied", "asserted", 0.0, id="a-denial-read-as-asserted-is-wrong"),
    pytest.param("asserted", "asserted", 1.0, id="asserted-is-scored-when-the-gold-says-it"),
]


@pytest.mark.parametrize(("gold_modality", "predicted_modality", "accuracy"), MODALITY)
def test_modality_is_a_field_accuracy_where_the_gold_gives_it(
    gold_modality: str, predicted_modality: str, accuracy: float
) -> None:
    g = gold("killed", 60, modality=gold_modality)
    report = score([(article(g), [predicted("killed", 60, modality=predicted_modality)])])
    assert report.field_accuracy["modality"] == accuracy
    assert report.full_matched == 1  # modality is not one of the full score's fields


def test_modality_is_scored_only_on_pairs_whose_gold_gives_it() -> None:
    with_it = gold("killed", 60, modality="denied")
    without = gold("wounded", 5)
    claims = [predicted("killed", 60, modality="denied"), predicted("wounded", 5, modality="possible")]
    report = score([(article(with_it, without), claims)])
    assert report.field_accuracy["modality"] == 1.0
    assert "modality" not in score([(article(without), claims[1:])]).field_accuracy


# ---------------------------------------------------------------- loading gold


def _claim_json(**changes: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "quote": "About 1,000 were killed.",
        "kind": "killed",
        "subject": "soldiers",
        "value": 1000,
        "value_low": None,
        "value_high": None,
        "approx": True,
        "location": None,
        "time": "2025-01",
        "attributed_to": None,
        "hedged": False,
    }
    claim.update(changes)
    return claim


def _write(folder: Path, name: str, claims: list[dict[str, Any]], **top: Any) -> Path:
    data = {"article": "x.txt", "published": "2025-02-14", "claims": claims, "entities": {}}
    data.update(top)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_gold_reads_every_file_in_name_order(tmp_path: Path) -> None:
    _write(tmp_path, "b.json", [_claim_json()], article="b.txt")
    _write(tmp_path, "a.json", [], article="a.txt", published=None)
    articles = load_gold(tmp_path)
    assert [a.name for a in articles] == ["a.txt", "b.txt"]
    assert articles[1].claims[0].value == 1000.0
    assert articles[0].published is None
    assert articles[1].claims[0].modality is None  # an optional key


def test_load_gold_reads_the_optional_modality(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", [_claim_json(modality="denied")])
    assert load_gold(tmp_path)[0].claims[0].modality == "denied"


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        (_claim_json(kind="casualties"), "unknown kind"),
        (_claim_json(time="Jan 2025"), "not ISO 8601"),
        (_claim_json(value="1,000"), "wrong type"),
        (_claim_json(value=True), "wrong type"),
        (_claim_json(hedged="no"), "wrong type"),
        (_claim_json(modality="rumoured"), "unknown modality"),
        ({k: v for k, v in _claim_json().items() if k != "approx"}, "lacks 'approx'"),
    ],
)
def test_malformed_claims_raise_with_the_file_name(
    tmp_path: Path, claim: dict[str, Any], problem: str
) -> None:
    _write(tmp_path, "broken.json", [claim])
    with pytest.raises(GoldError, match=f"broken.json: .*{problem}"):
        load_gold(tmp_path)


def test_malformed_files_raise_with_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="junk.json"):
        load_gold(tmp_path)
    (tmp_path / "junk.json").unlink()
    _write(tmp_path, "date.json", [], published="14-02-2025")
    with pytest.raises(GoldError, match="date.json: 'published'"):
        load_gold(tmp_path)


def test_missing_gold_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError):
        load_gold(tmp_path / "nowhere")


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared dev-set gold not present")
def test_shared_dev_gold_loads() -> None:
    articles = load_gold(SHARED_GOLD)
    assert articles and all(a.claims for a in articles)
