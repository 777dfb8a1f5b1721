"""Checks shared by the tests of the hand-made gold sets (tests/gold/samples, tests/gold/heldout).

A gold file annotates one article in the format of shared/eval/README.md. These helpers read
gold files and articles and assert the format rules; the test modules decide which articles and
which extra rules (front matter, length, file types) apply to their set.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import lxml.html

from claimledger.evaluate import GOLD_CLAIM_FIELDS as CLAIM_TYPES
from claimledger.evaluate import GoldArticle, GoldClaim, gold_origin, is_valid_time, score
from claimledger.ingest import split_front_matter
from claimledger.model import CLAIM_KINDS, Attribution, Claim, Location, Span

FRONT_MATTER = ("title", "url", "outlet", "author", "published", "language")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def raw(path: Path) -> dict[str, Any]:
    """A gold file as plain JSON."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def split_markdown(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter (empty when there is none) and body of a .md/.txt article."""
    return split_front_matter(path.read_text(encoding="utf-8"))


def html_document(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def html_visible_text(path: Path) -> str:
    """The text a reader sees in the page's <article> (the whole <body> when there is none),
    whitespace-normalised."""
    document = html_document(path)
    for dead in document.xpath("//script | //style | //noscript | //template"):
        dead.drop_tree()
    articles = document.xpath("//article")
    node = articles[0] if articles else document.body
    return " ".join(node.text_content().split())


def html_meta(path: Path) -> dict[str, str]:
    """<meta> tags by `property` or `name`, plus the <title> under "title"."""
    document = html_document(path)
    meta = {
        str(m.get("property") or m.get("name")): str(m.get("content") or "")
        for m in document.xpath("//meta[@content]")
        if m.get("property") or m.get("name")
    }
    titles = document.xpath("//title")
    if titles:
        meta["title"] = titles[0].text_content().strip()
    return meta


def article_text(path: Path) -> str:
    """What the quotes must come from: the body after any front matter, or the visible
    article text of an HTML page."""
    if path.suffix in {".html", ".htm"}:
        return html_visible_text(path)
    return split_markdown(path)[1]


def check_gold_format(data: dict[str, Any], expected_article: str) -> None:
    """Top-level keys, the article name, entity lists and every claim's fields and types."""
    assert set(data) == {"article", "published", "claims", "entities"}
    assert data["article"] == expected_article
    assert set(data["entities"]) == {"people", "organisations", "places"}
    assert all(isinstance(v, list) for v in data["entities"].values())
    for claim in data["claims"]:
        assert list(claim) == list(CLAIM_TYPES), claim["quote"]
        for name, types in CLAIM_TYPES.items():
            assert isinstance(claim[name], types), (name, claim["quote"])
            assert bool in types or not isinstance(claim[name], bool), (name, claim["quote"])
        assert claim["kind"] in CLAIM_KINDS, claim["kind"]


def check_quotes(data: dict[str, Any], text: str, normalise: bool = False) -> None:
    """Every quote is a verbatim substring of `text`; with `normalise` (HTML), whitespace is
    compared normalised and the quote must be plain text: no markup, no entities."""
    for claim in data["claims"]:
        quote = claim["quote"]
        assert quote.strip(), "empty quote"
        if normalise:
            assert quote == " ".join(quote.split()), quote
            assert "<" not in quote and not _ENTITY.search(quote), quote
        assert quote in text, quote


def check_times(data: dict[str, Any]) -> None:
    """`published` is YYYY-MM-DD or null, and every claim time is ISO 8601 or null."""
    if data["published"] is not None:
        dt.date.fromisoformat(data["published"])
    for claim in data["claims"]:
        if claim["time"] is not None:
            assert is_valid_time(claim["time"]), claim["time"]


def check_values(data: dict[str, Any]) -> None:
    """Ranges fill both bounds with no value; statements carry no number."""
    for claim in data["claims"]:
        low, high = claim["value_low"], claim["value_high"]
        if low is not None and high is not None:
            assert claim["value"] is None and low < high, claim["quote"]
        if claim["kind"] == "statement":
            assert (claim["value"], low, high) == (None, None, None), claim["quote"]


def as_claim(gold: GoldClaim) -> Claim:
    """A gold claim dressed as an extracted one, for scoring the gold against itself."""
    origin = gold_origin(gold.attributed_to)
    return Claim(
        article_id="gold",
        kind=gold.kind,
        subject=gold.subject,
        quote=gold.quote,
        span=Span(0, len(gold.quote)),
        value=gold.value,
        value_low=gold.value_low,
        value_high=gold.value_high,
        approx=gold.approx,
        location=Location(gold.location) if gold.location else None,
        time=gold.time,
        attribution=Attribution(origin) if origin else None,
        hedged=gold.hedged,
    )


def check_self_score(articles: Iterable[GoldArticle]) -> None:
    """Every origin, place and time in a set must be readable by the scorer's own rules."""
    report = score((a, [as_claim(c) for c in a.claims]) for a in articles)
    assert report.detection_f1 == report.full_f1 == 1.0
    assert set(report.field_accuracy.values()) == {1.0}
