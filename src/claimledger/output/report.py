"""The ledger as a document: claims grouped by kind and actor, each with its source and quote.

`build_report` gathers the data once; `render_markdown` and `render_html` only lay it out (the
HTML through an autoescaping Jinja template: article text is untrusted input).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimledger.output.chart import timeline_svg
from claimledger.model import CLAIM_KINDS, Claim, Relation, Thread, ThreadClaim
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
class ThreadRow:
    """One claim of a thread, with how it stands to the claims before it."""

    member: ThreadClaim
    item: ReportClaim | None
    relations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThreadSection:
    thread: Thread
    rows: tuple[ThreadRow, ...]
    chart: Markup  # inline SVG built with every text escaped (see claimledger.output.chart)

    @property
    def origins(self) -> int:
        return len({r.member.evidence for r in self.rows})


@dataclass(frozen=True, slots=True)
class Dispute:
    """Two claims of a thread that conflict: different figures for the same quantity and time."""

    thread: Thread
    a: ReportClaim
    b: ReportClaim


@dataclass(frozen=True, slots=True)
class ReportData:
    generated: dt.datetime
    articles: tuple[ArticleSummary, ...]
    sections: tuple[KindSection, ...]
    claims: int
    rejected: int
    threads: tuple[ThreadSection, ...] = ()
    disputed: tuple[Dispute, ...] = ()


def build_report(store: Store) -> ReportData:
    from claimledger.reconcile import threads as load_threads

    listed = tuple(store.articles())
    by_id = {a.id: a for a in listed}
    grouped: dict[str, dict[str, list[ReportClaim]]] = defaultdict(lambda: defaultdict(list))
    items: dict[str, ReportClaim] = {}
    total = 0
    for claim in store.iter_claims():
        actor = claim.actor.name if claim.actor else "(no actor)"
        item = ReportClaim(claim, value_text(claim), claim.attributed_to or "the article itself", by_id.get(claim.article_id))
        grouped[claim.kind][actor].append(item)
        items[claim.id] = item
        total += 1
    threads, disputed = _thread_sections(load_threads(store), items)
    order: dict[str, int] = {kind: i for i, kind in enumerate(CLAIM_KINDS)}
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
    return ReportData(
        dt.datetime.now(dt.UTC), listed, sections, total, store.counts()["rejected"], threads, disputed
    )


def _thread_sections(
    found: list[Thread], items: dict[str, ReportClaim]
) -> tuple[tuple[ThreadSection, ...], tuple[Dispute, ...]]:
    order: dict[str, int] = {kind: i for i, kind in enumerate(CLAIM_KINDS)}
    sections: list[ThreadSection] = []
    disputes: list[Dispute] = []
    for thread in sorted(found, key=lambda t: (order.get(t.kind, len(order)), -len(t.claims), t.label)):
        if not any(_has_figure(c) for c in thread.claims):
            continue
        rows = tuple(
            ThreadRow(c, items.get(c.claim_id), tuple(_relation_text(r, c.claim_id, items) for r in thread.relations
                                                      if r.b == c.claim_id or (r.a == c.claim_id and r.thread_a != r.thread_b)))
            for c in thread.claims
        )
        sections.append(ThreadSection(thread, rows, Markup(timeline_svg(thread))))
        for r in thread.relations:
            a, b = items.get(r.a), items.get(r.b)
            if r.relation == "conflicts" and a is not None and b is not None:
                disputes.append(Dispute(thread, a, b))
    return tuple(sections), tuple(disputes)


def _has_figure(c: ThreadClaim) -> bool:
    return c.value is not None or c.value_low is not None or c.value_high is not None


def _relation_text(r: Relation, claim_id: str, items: dict[str, ReportClaim]) -> str:
    other = items.get(r.a if r.b == claim_id else r.b)
    if other is None:
        return r.relation.replace("_", " ")
    words = r.relation.replace("_", " ")
    if r.relation == "different_metric":
        words = f"different metric from {other.claim.kind}"
    return f"{words} {other.value} ({other.source}, {other.claim.time or 'undated'})"


def number_text(value: float | None) -> str:
    return "" if value is None else _fmt(value)


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
        loader=PackageLoader("claimledger.output", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_markdown(data: ReportData) -> str:
    return _environment().get_template("report.md").render(r=data, md=_md_cell, num=number_text)


def render_html(data: ReportData) -> str:
    return _environment().get_template("report.html").render(r=data, num=number_text)


def _md_cell(text: object) -> str:
    """Text made safe inside a Markdown table cell."""
    return " ".join(str(text or "").split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
