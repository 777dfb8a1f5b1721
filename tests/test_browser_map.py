"""The map page in headless Chromium (Debian's chromium, driven by Python playwright) over the demo
ledger: a mark per place on the vendored outlines, marks that link to their claims, filters that
narrow them, no request leaving the server. Screenshots: docs/screenshots/ (see SCREENSHOTS)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.settings import load_settings
from claimledger.store import Store, open_store

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
# The screenshots in docs/ are refreshed on request (CLAIMLEDGER_SCREENSHOTS=docs); a plain run
# writes them with the other browser tests' artifacts, leaving the work tree as it was.
SCREENSHOTS = (Path(__file__).resolve().parents[1] / "docs" / "screenshots"
               if os.environ.get("CLAIMLEDGER_SCREENSHOTS") == "docs" else Path(__file__).parent / "artifacts")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, new_database) -> Iterator[tuple[str, Store]]:  # type: ignore[no-untyped-def]
    import uvicorn

    from claimledger.cli.demo import build_demo
    from claimledger.serve import create_app

    folder = tmp_path_factory.mktemp("map")
    db = new_database(folder, "demo")
    build_demo(load_settings().with_overrides(db=db), folder / "report.html")
    store = open_store(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


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
