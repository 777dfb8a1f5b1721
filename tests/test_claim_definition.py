"""The claim's one definition (`model.Claim`): a claim survives the store unchanged, and every view
derived from the definition (row mapping, table, JSON, CSV, Parquet, review's editable fields, the
API's response model and filters) lists exactly the definition's fields, so a new field cannot be
forgotten in one of them."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from claimledger import review
from claimledger.output.citations import CITATION_COLUMNS, Cited
from claimledger.output.export import CSV_COLUMNS, csv_row, write_parquet
from claimledger.fields import optional_of
from claimledger.kinds import KindName
from claimledger.model import (
    CLAIM_COLUMNS,
    CLAIM_EDITABLE,
    CLAIM_FILTERS,
    CLAIM_JSON,
    Actor,
    Article,
    Attribution,
    Claim,
    Location,
    Metadata,
    Place,
    Span,
)
from claimledger.serve import create_app
from claimledger.serve.api import ClaimOut
from claimledger.store import Store, _claim_row
from claimledger.store.schema import claims

# DESIGN.md's claim fields, in the order users see them: the definition may add fields, never
# rename or reorder these.
CONTRACT = ("id", "article_id", "kind", "subject", "actor", "value", "value_low", "value_high", "approx",
            "number_text", "unit", "location", "place", "time", "attributed_to", "origin", "conduits", "hedged",
            "quote", "span", "confidence", "extractor_version")
CSV_CONTRACT = ("id", "article_id", "kind", "subject", "actor", "value", "value_low", "value_high", "approx",
                "number_text", "unit", "location", "place", "country", "lat", "lon", "time", "attributed_to",
                "origin", "conduits", "hedged", "quote", "span_start", "span_end", "confidence",
                "extractor_version")
ARTICLE = "d" * 32


def full_claim() -> Claim:
    """A claim with every field, and every field of its nested values, away from its default."""
    return Claim(
        article_id=ARTICLE,
        kind=KindName("killed"),
        subject="North Korean soldiers",
        actor=Actor("state:KP", "North Korea", "state"),
        value=40,
        value_low=35,
        value_high=45.5,
        approx=True,
        number_text="about 40",
        unit="soldiers",
        location=Location("near Kursk", Place("Kursk Oblast", "RU", "Russia", 51.7, 36.2)),
        time="2025-01/2025-02",
        attribution=Attribution("Ukraine's military intelligence", ("Reuters", "BBC"),
                                Actor("org:gur-ua", "HUR", "agency"), "told"),
        hedged=True,
        modality="forecast",
        quote="About 40 North Korean soldiers were killed near Kursk, HUR told Reuters.",
        span=Span(0, 8),
        confidence=0.8125,
        extractor_version="t",
        kind_extracted=KindName("wounded"),  # review corrected the kind; the id keeps the extracted one
    )


def _article() -> Article:
    return Article(id=ARTICLE, source="x.txt", text=full_claim().quote, metadata=Metadata(title="T"))


def _away_from_defaults(value: Any, path: str = "claim") -> list[str]:
    """The fields (recursively) that still hold their default: none, for a full claim."""
    left: list[str] = []
    for f in dataclasses.fields(value):
        inner = getattr(value, f.name)
        default = f.default if f.default is not dataclasses.MISSING else None
        if inner is None or inner == default:
            left.append(f"{path}.{f.name}")
        elif dataclasses.is_dataclass(inner):
            left += _away_from_defaults(inner, f"{path}.{f.name}")
    return left


def test_the_full_claim_fills_every_field() -> None:
    assert _away_from_defaults(full_claim()) == []


@pytest.mark.parametrize("claim", [
    full_claim(),
    Claim(article_id=ARTICLE, kind=KindName("statement"), subject="s", quote="q", span=Span(1, 2)),
    dataclasses.replace(full_claim(), location=Location("somewhere"), actor=None,
                        attribution=Attribution("officials")),
], ids=["full", "bare", "partial"])
def test_a_claim_survives_the_store_unchanged(store: Store, claim: Claim) -> None:
    store.write([(_article(), [claim])], "t")
    [back] = store.claims()
    assert back == claim
    # the JSON's nested values are their fields as dataclasses.asdict gives them (read without it)
    shown = back.to_json()
    assert shown["actor"] == (dataclasses.asdict(claim.actor) if claim.actor else None)
    place = claim.location.place if claim.location else None
    assert shown["place"] == (dataclasses.asdict(place) if place else None)


# -- every view lists the definition's fields --------------------------------------------------------


def _changed(claim: Claim, name: str) -> Claim:
    """`claim` with one top-level field set to a different value."""
    f = next(f for f in dataclasses.fields(Claim) if f.name == name)
    if f.default is not dataclasses.MISSING:
        return dataclasses.replace(claim, **{name: f.default})
    other = {"article_id": "e" * 32, "kind": KindName("wounded"), "subject": "others", "quote": "Another.",
             "span": Span(3, 9)}
    return dataclasses.replace(claim, **{name: other[name]})


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Claim)])
def test_each_field_reaches_the_row_the_json_and_the_csv(name: str) -> None:
    claim = full_claim()
    changed = _changed(claim, name)
    assert _claim_row(changed) != _claim_row(claim)
    assert changed.to_json() != claim.to_json()
    assert csv_row(changed) != csv_row(claim)


def test_the_claims_table_has_the_definitions_columns(store: Store) -> None:
    defined = ["id", *(c.name for c in CLAIM_COLUMNS)]
    assert [c.name for c in claims.columns] == defined
    assert list(_claim_row(full_claim())) == defined
    migrated = {c["name"] for c in inspect(store.engine).get_columns("claims")}
    assert migrated == set(defined), "a field of the definition has no migration adding its column"


def test_the_public_forms_keep_the_contracts_names_in_order() -> None:
    names = [e.name for e in CLAIM_JSON]
    assert list(full_claim().to_json()) == names
    assert [n for n in names if n in CONTRACT] == list(CONTRACT)
    assert [n for n in CSV_COLUMNS if n in CSV_CONTRACT] == list(CSV_CONTRACT)
    assert len(csv_row(full_claim())) == len(CSV_COLUMNS)


def test_the_parquet_schema_has_the_csv_columns_with_their_types(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "c.parquet"
    write_parquet([Cited(full_claim(), None, None)], out)
    schema = pq.read_schema(out)
    assert schema.names == [*CSV_COLUMNS, *CITATION_COLUMNS]
    assert {n: str(schema.field(n).type) for n in ("value", "span_start", "approx", "quote")} == {
        "value": "double", "span_start": "int64", "approx": "bool", "quote": "string"}


def test_reviews_editable_fields_are_the_definitions() -> None:
    assert list(review.EDITABLE) == [e.name for e in CLAIM_EDITABLE]
    today = ["subject", "value", "value_low", "value_high", "approx", "unit", "location", "time", "hedged"]
    assert [name for name in review.EDITABLE if name in today] == today  # more may come, none may go
    assert {e.column for e in CLAIM_EDITABLE} <= {c.name for c in claims.columns}


def test_the_api_model_is_the_json_form() -> None:
    assert list(ClaimOut.model_fields) == [e.name for e in CLAIM_JSON]
    shown = ClaimOut.model_validate(full_claim().to_json()).model_dump(mode="json")
    assert shown == full_claim().to_json()


@pytest.fixture()
def api(store: Store) -> TestClient:
    store.write([(_article(), [full_claim()])], "t")
    return TestClient(create_app(store))


def test_the_api_answers_with_the_model_and_filters_by_the_definitions_filters(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    operation = document["paths"]["/api/claims"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert parameters == set(CLAIM_FILTERS) | {"after", "limit", "sort"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    item = document["components"]["schemas"][ref]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert list(document["components"]["schemas"][item]["properties"]) == [*(e.name for e in CLAIM_JSON), "review"]
    [found] = api.get("/api/claims").json()["items"]
    assert {k: v for k, v in found.items() if k != "review"} == full_claim().to_json()
    assert api.get(f"/api/claims/{full_claim().id}").json()["span"] == [0, 8]


def test_kinds_outside_the_registry_are_refused_where_they_enter(api: TestClient) -> None:
    assert len(api.get("/api/claims", params={"kind": "killed"}).json()["items"]) == 1
    for path in ("/api/claims", "/api/threads", "/api/export"):
        answer = api.get(path, params={"kind": "nonsense"})
        assert answer.status_code == 422 and "unknown kind" in answer.text


def test_kind_is_typed_as_the_registrys_names() -> None:
    assert typing.get_type_hints(Claim)["kind"] is KindName
    assert optional_of(typing.get_type_hints(Claim)["actor"]) == (Actor, True)


def test_a_csv_row_writes_blanks_for_missing_values() -> None:
    bare = Claim(article_id=ARTICLE, kind=KindName("statement"), subject="s", quote="q", span=Span(1, 2))
    row = dict(zip(CSV_COLUMNS, csv_row(bare), strict=True))
    assert row["actor"] == "" and row["lat"] == "" and row["conduits"] == "" and row["span_end"] == 2
