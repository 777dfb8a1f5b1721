"""The map page in headless Chromium (Debian's chromium, driven by Python playwright) over the demo
ledger: a mark per place on the vendored outlines, marks that link to their claims, filters that
narrow them, no request leaving the server. Screenshots: docs/screenshots/ (see SCREENSHOTS)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import chromium, needs_chromium, served

from claimledger.settings import load_settings
from claimledger.store import Store, open_store

# The screenshots in docs/ are refreshed on request (CLAIMLEDGER_SCREENSHOTS=docs); a plain run
# writes them with the other browser tests' artifacts, leaving the work tree as it was.
SCREENSHOTS = (Path(__file__).resolve().parents[1] / "docs" / "screenshots"
               if os.environ.get("CLAIMLEDGER_SCREENSHOTS") == "docs" else Path(__file__).parent / "artifacts")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    needs_chromium,
]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, new_database) -> Iterator[tuple[str, Store]]:  # type: ignore[no-untyped-def]
    from claimledger.cli.demo import build_demo
    from claimledger.serve import create_app

    folder = tmp_path_factory.mktemp("map")
    db = new_database(folder, "demo")
    build_demo(load_settings().with_overrides(db=db), folder / "report.html")
    store = open_store(db)
    with served(create_app(store)) as url:
        yield url, store
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


@pytest.fixture()
def page(browser, demo_site):  # type: ignore[no-untyped-def]
    base, _ = demo_site
    context = browser.new_context(viewport={"width": 960, "height": 700})
    pg = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    pg.errors, pg.outside = errors, outside
    yield pg
    context.close()


def _places(page, base: str, query: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    return page.request.get(f"{base}/api/map{query}").json()["places"]


def test_the_map_draws_a_mark_per_place_on_the_outlines(demo_site, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = demo_site
    page.goto(base + "/")
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_selector("#map-figure[data-ready]")
    places = _places(page, base)
    assert len(places) >= 5
    marks = page.locator("#map-marks a.place")
    assert marks.count() == len(places) == page.locator("#map-places tr[data-place]").count()
    assert {m.get_attribute("data-place") for m in marks.all()} == {p["name"] for p in places}
    assert page.locator("#map-land path.land").count() > 150  # the countries' outlines
    for mark in marks.all():  # every mark is drawn inside the view, with a size
        box = mark.bounding_box()
        assert box and box["width"] > 2 and box["height"] > 2
    assert not page.errors and not page.outside
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#map-figure").screenshot(path=str(SCREENSHOTS / "map.png"))
    page.locator("#map-world").click()
    page.locator("#map-figure").screenshot(path=str(SCREENSHOTS / "map-world.png"))


def test_a_mark_links_to_the_claims_at_its_place(demo_site, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = demo_site
    page.goto(base + "/map")
    page.wait_for_selector("#map-figure[data-ready]")
    place = _places(page, base)[-1]  # the smallest mark: drawn last, on top
    page.locator(f'#map-marks a.place[data-place="{place["name"]}"]').click()
    page.wait_for_selector("#claims")
    assert "/claims?place=" in page.url
    rows = page.locator("#claims tr[id^=claim-]")
    assert rows.count() == place["claims"]


def test_filters_by_kind_actor_and_time_narrow_the_marks(demo_site, page) -> None:  # type: ignore[no-untyped-def]
    base, _ = demo_site
    everything = _places(page, base)
    page.goto(base + "/map")
    page.select_option("select[name=kind]", "killed")
    page.fill("input[name=since]", "2025")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_selector("#map-figure[data-ready]")
    killed = _places(page, base, "?kind=killed&since=2025")
    assert 0 < len(killed) < len(everything)
    assert page.locator("#map-marks a.place").count() == len(killed)
    assert all(set(p["kinds"]) == {"killed"} for p in killed)
    assert all(p["last"] >= "2025" for p in killed)
    page.locator("#map-figure").screenshot(path=str(SCREENSHOTS / "map-killed-2025.png"))
    actor = next(a for p in everything for a in p["actors"])
    page.goto(base + "/map?actor=" + actor)
    page.wait_for_selector("#map-figure[data-ready]")
    assert page.locator("#map-marks a.place").count() == len(_places(page, base, f"?actor={actor}")) > 0
