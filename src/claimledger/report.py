"""The ledger as a document: claims grouped by kind and actor, each with its source and quote.

`build_report` gathers the data once; `render_markdown` and `render_html` only lay it out (the
HTML through an autoescaping Jinja template: article text is untrusted input).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from claimledger.model import CLAIM_KINDS, Claim
from claimledger.store import ArticleSummary, Store


@dataclass(frozen=True, slots=True)
class ReportClaim:
    claim: Claim
    value: str
    source: str
    article: ArticleSummary | None


@dataclass(frozen=True, slots=True)
class ActorGroup:
    actor: str
    claims: tuple[ReportClaim, ...]


@dataclass(frozen=True, slots=True)
class KindSection:
    kind: str
    groups: tuple[ActorGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(g.claims) for g in self.groups)


@dataclass(frozen=True, slots=True)
class ReportData:
    generated: dt.datetime
    articles: tuple[ArticleSummary, ...]
    sections: tuple[KindSection, ...]
    claims: int
    rejected: int


def build_report(store: Store) -> ReportData:
    listed = tuple(store.articles())
    by_id = {a.id: a for a in listed}
    grouped: dict[str, dict[str, list[ReportClaim]]] = defaultdict(lambda: defaultdict(list))
    total = 0
    for claim in store.iter_claims():
        actor = claim.actor.name if claim.actor else "(no actor)"
        grouped[claim.kind][actor].append(
            ReportClaim(claim, value_text(claim), claim.attributed_to or "the article itself", by_id.get(claim.article_id))
        )
        total += 1
    order = {kind: i for i, kind in enumerate(CLAIM_KINDS)}
    sections = tuple(
        KindSection(
            kind,
            tuple(
                ActorGroup(actor, tuple(sorted(items, key=_chronological)))
                for actor, items in sorted(grouped[kind].items(), key=lambda kv: (kv[0] == "(no actor)", kv[0]))
            ),
        )
        for kind in sorted(grouped, key=lambda k: order.get(k, len(order)))
    )
    return ReportData(dt.datetime.now(dt.UTC), listed, sections, total, store.counts()["rejected"])


def value_text(claim: Claim) -> str:
    """The number as a reader would say it: "~11,000", "≥ 40", "300–500", "dozens"."""
    approx = "~" if claim.approx and claim.value is not None else ""
    if claim.value is not None:
        return f"{approx}{_fmt(claim.value)}"
    if claim.value_low is not None and claim.value_high is not None:
        return f"{_fmt(claim.value_low)}–{_fmt(claim.value_high)}"
    if claim.value_low is not None:
        return f"≥ {_fmt(claim.value_low)}"
    if claim.value_high is not None:
        return f"≤ {_fmt(claim.value_high)}"
    return claim.number_text or ""


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def _chronological(item: ReportClaim) -> tuple[str, str]:
    published = item.article.metadata.published if item.article else None
    return (item.claim.time or (published.isoformat() if published else "9999"), item.claim.id)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("claimledger", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_markdown(data: ReportData) -> str:
    return _environment().get_template("report.md").render(r=data, md=_md_cell)


def render_html(data: ReportData) -> str:
    return _environment().get_template("report.html").render(r=data)


def _md_cell(text: object) -> str:
    """Text made safe inside a Markdown table cell."""
    return " ".join(str(text or "").split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
