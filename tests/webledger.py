"""A small ledger built in code for the web tests: two origins disputing a deployment figure over
three months, a running casualty total, and one hostile article whose title, text and URL carry
markup and script payloads. Written for the project; no third-party text."""

from __future__ import annotations

import datetime as dt

from claimledger.model import Actor, Article, Attribution, Claim, Location, Metadata, Place, Span
from claimledger.reconcile import reconcile
from claimledger.store import Store

NORTH = Actor("state:NL", "Northland", "state")
RIVER = Location("the river province", Place("River Province", "SL", "Southland"))
MINISTRY = Attribution("Southland defence ministry", ("Harbour Wire",), Actor("org:sl-mod", "Southland defence ministry"))
MONITOR = Attribution("Border Monitoring Group", (), Actor("org:bmg", "Border Monitoring Group"))
HOSTILE_TITLE = 'Strike report <script>window.__pwned = 1</script>'
HOSTILE_TEXT = (
    'Officials said 40 soldiers were killed near the border. '
    '<img src=x onerror="window.__pwned = 2"> <script>window.__pwned = 3</script> '
    '"><svg onload="window.__pwned = 4"> the rest of the report.'
)


def article(n: int, published: str, text: str, title: str, url: str | None = None) -> Article:
    return Article(
        id=f"{n:032d}",
        source=f"web{n}.md",
        text=text,
        metadata=Metadata(title=title, url=url, outlet=f"Outlet {n}", published=dt.date.fromisoformat(published)),
    )


def claim(art: Article, phrase: str, value: float, kind: str, attribution: Attribution | None, time: str,
          subject: str = "Northland soldiers") -> Claim:
    start = art.text.index(phrase)
    words = phrase.split()[0]
    return Claim(
        article_id=art.id, kind=kind, subject=subject, quote=art.text, span=Span(start, start + len(phrase)),
        actor=NORTH, value=value, number_text=words, location=RIVER, time=time, attribution=attribution,
        extractor_version="web-test",
    )


def build(store: Store) -> dict[str, Article]:
    a1 = article(1, "2025-01-20", "The ministry said 3,000 soldiers crossed into the river province in January.",
                 "Ministry counts 3,000 troops", "https://example.org/one")
    a2 = article(2, "2025-01-25", "The monitoring group put the number at 5,000 soldiers in the river province.",
                 "Monitors say 5,000 troops")
    a3 = article(3, "2025-03-10", "By March the ministry said 7,000 soldiers were deployed in the river province.",
                 "Deployment rises to 7,000")
    a4 = article(4, "2025-03-12", HOSTILE_TEXT, HOSTILE_TITLE, "javascript:window.__pwned=5")
    items = [
        (a1, [claim(a1, "3,000 soldiers", 3000, "troops_deployed", MINISTRY, "2025-01")]),
        (a2, [claim(a2, "5,000 soldiers", 5000, "troops_deployed", MONITOR, "2025-01")]),
        (a3, [claim(a3, "7,000 soldiers", 7000, "troops_deployed", MINISTRY, "2025-03")]),
        (a4, [claim(a4, "40 soldiers were killed", 40, "killed", None, "2025-03-12")]),
    ]
    store.write(items, "web-test")
    reconcile(store)
    return {"one": a1, "two": a2, "three": a3, "hostile": a4}
