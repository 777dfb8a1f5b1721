"""The held-out evaluation set and its gold annotations agree with each other and with the format.

tests/corpus/heldout holds short articles written for the project (Markdown with front matter,
plain text with the date and byline in the text or no date at all, and HTML pages), each
annotated by hand in tests/gold/heldout. The set measures the extractor on text it was not
tuned on; these tests only check that the annotations are well-formed and faithful to the text,
never what the extractor makes of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import goldcheck
import pytest

from claimledger.evaluate import load_gold

GOLD_DIR = Path(__file__).parent / "gold" / "heldout"
CORPUS_DIR = Path(__file__).parent / "corpus" / "heldout"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
SUFFIXES = {".md", ".txt", ".html"}
ARTICLES = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in SUFFIXES)


def _article_path(gold_path: Path) -> Path:
    return CORPUS_DIR / goldcheck.raw(gold_path)["article"]


def test_every_article_has_gold_and_every_gold_has_an_article() -> None:
    assert len(ARTICLES) >= 32
    assert {p.stem for p in ARTICLES} == {p.stem for p in GOLD_FILES}
    assert len({p.stem for p in ARTICLES}) == len(ARTICLES)  # one file per article name
    assert all(p.suffix in SUFFIXES for p in CORPUS_DIR.iterdir())


def test_the_set_mixes_file_types() -> None:
    kinds = Counter(p.suffix for p in ARTICLES)
    assert kinds[".txt"] >= 3 and kinds[".html"] >= 3
    assert kinds[".md"] >= len(ARTICLES) // 2
    undated = [p for p in GOLD_FILES if goldcheck.raw(p)["published"] is None]
    assert undated, "at least one article must come without any publication date"


def test_the_scorer_loads_the_whole_set() -> None:
    articles = load_gold(GOLD_DIR)
    assert len(articles) == len(GOLD_FILES)
    numeric = [
        c for a in articles for c in a.claims
        if (c.value, c.value_low, c.value_high) != (None, None, None)
    ]
    assert sum(len(a.claims) for a in articles) > 250
    assert len(numeric) > 200


def test_gold_scored_against_itself_is_perfect() -> None:
    goldcheck.check_self_score(load_gold(GOLD_DIR))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_has_the_shared_format(gold_path: Path) -> None:
    data = goldcheck.raw(gold_path)
    article = _article_path(gold_path)
    goldcheck.check_gold_format(data, gold_path.stem + article.suffix)
    assert article.is_file()
    assert data["claims"], "every held-out article states at least one claim"


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_quotes_are_verbatim_from_the_visible_text(gold_path: Path) -> None:
    article = _article_path(gold_path)
    text = goldcheck.article_text(article)
    goldcheck.check_quotes(goldcheck.raw(gold_path), text, normalise=article.suffix == ".html")


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_published_matches_the_article_and_times_are_iso(gold_path: Path) -> None:
    data = goldcheck.raw(gold_path)
    article = _article_path(gold_path)
    goldcheck.check_times(data)
    if article.suffix == ".md":
        header, _ = goldcheck.split_markdown(article)
        assert data["published"] == str(header["published"])
    elif article.suffix == ".html":
        meta = goldcheck.html_meta(article)
        assert data["published"] == meta["article:published_time"][:10]
    elif data["published"] is not None:
        # plain text: the date is written in the text itself, in words
        day = dt.date.fromisoformat(data["published"])
        text = article.read_text(encoding="utf-8")
        assert f"{day.day} {day:%B} {day.year}" in text or f"{day:%B} {day.day}, {day.year}" in text


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_values_and_bounds_follow_the_conventions(gold_path: Path) -> None:
    goldcheck.check_values(goldcheck.raw(gold_path))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_metadata_and_length(article: Path) -> None:
    if article.suffix == ".md":
        header, body = goldcheck.split_markdown(article)
        assert all(header.get(name) for name in goldcheck.FRONT_MATTER)
        assert header["language"] == "en"
        assert header["url"].startswith(("https://example.org/", "https://example.com/"))
    elif article.suffix == ".txt":
        header, body = goldcheck.split_markdown(article)
        assert header == {}, "plain-text articles carry no front matter"
        assert "By " in body, "plain-text articles carry their byline in the text"
    else:
        meta = goldcheck.html_meta(article)
        for name in ("title", "og:title", "author", "article:published_time"):
            assert meta.get(name), name
        assert goldcheck.html_document(article).xpath("//article")
        body = goldcheck.html_visible_text(article)
    assert 120 <= len(body.split()) <= 500
