"""The web UI in headless Chromium (Debian's chromium, driven by Python playwright): overview ->
thread -> article -> review, what is on screen, screenshots under tests/artifacts/, and a hostile
article that must stay inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import chromium, needs_chromium, served

from claimledger.store import Store, open_store
from claimledger.review.users import add_user, create_token

ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, new_database) -> Iterator[tuple[str, Store, dict, str]]:
    from webledger import build

    from claimledger.serve import create_app

    store = open_store(new_database(tmp_path_factory.mktemp("web"), "web"))
    arts = build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    with served(create_app(store)) as url:
        yield url, store, arts, token
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_overview_thread_article_review(site, page) -> None:  # type: ignore[no-untyped-def]
    base, _store, arts, token = site
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Threads"
    link = page.get_by_role("link", name="Northland · troops deployed · Southland")
    assert page.locator("#threads svg.spark").count() >= 1
    shot(page, "1-overview")

    link.click()
    page.wait_for_selector("#timeline svg")
    assert "Northland · troops deployed · Southland" in page.locator("h1").inner_text()
    marks = page.locator("#timeline [data-claim]")
    assert marks.count() == 3
    marks.first.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "ministry said 3,000 soldiers" in tip.inner_text()
    assert "Southland defence ministry" in tip.inner_text()
    assert page.locator("#disputes li").count() == 1
    assert page.locator("#relations").inner_text().count("updates") == 2
    shot(page, "2-thread")

    page.locator("#claims a", has_text="article").first.click()
    page.wait_for_selector("#article-text")
    spans = page.locator("#article-text a.span")
    assert spans.count() == 1 and spans.first.inner_text().endswith("soldiers")
    shot(page, "3-article")

    spans.first.click()
    page.wait_for_selector("#quote")
    assert page.get_by_text("Sign in to accept").count() == 1  # reading needs no login
    page.goto(base + "/login")
    page.fill("input[name=token]", token)
    page.click("#login-form button")
    page.wait_for_selector("#signed-in")
    page.go_back()
    page.go_back()
    page.reload()
    page.fill("#edit-form input[name=subject]", "Northland infantry")
    page.fill("#edit-form input[name=note]", "the ministry names the units")
    page.click("#save")
    page.wait_for_selector("#audit")
    page.click("#accept")
    page.wait_for_selector("#review-status .accepted")
    assert "Northland infantry" in page.locator("h1").inner_text()
    audit = page.locator("#audit").inner_text()
    assert "alice" in audit and "edit" in audit and "accept" in audit and "Northland soldiers" in audit
    shot(page, "4-review")
    assert page.errors == []


def test_hostile_article_renders_inert(site, page) -> None:  # type: ignore[no-untyped-def]
    base, _store, arts, _token = site
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{base}/articles/{arts['hostile'].id}")
    page.wait_for_selector("#article-text")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article-title").inner_text() == "Strike report <script>window.__pwned = 1</script>"
    assert 'onerror="window.__pwned = 2"' in page.locator("#article-text").inner_text()
    assert page.locator("#article-text img, #article-text script, #article-text svg").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    shot(page, "5-hostile-article")
    page.goto(f"{base}/search?q=onerror")
    assert page.locator("#hits mark").first.inner_text() == "onerror"
    assert page.evaluate("window.__pwned") is None
    page.goto(f"{base}/?kind=killed")
    page.get_by_role("link", name="Northland · killed · Southland").click()
    page.locator("#timeline [data-claim]").first.hover()
    page.locator("#tip").wait_for(state="visible")
    assert '<script>window.__pwned = 3</script>' in page.locator("#tip").inner_text()  # shown as text
    page.goto(f"{base}/articles")
    assert page.evaluate("window.__pwned") is None
    shot(page, "6-hostile-list")
