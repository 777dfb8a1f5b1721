"""The REST API under /api: JSON for scripts, over the same data functions as the pages."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, Field, create_model

from claimledger import review
from claimledger.output.citations import cite
from claimledger.output.export import EXPORT_FORMATS, MEDIA_TYPES, text_chunks, write_parquet
from claimledger.kinds import KINDS, KindName
from claimledger.model import CLAIM_JSON
from claimledger.serve import data
from claimledger.serve.map import map_places
from claimledger.serve.search import search
from claimledger.store import ClaimFilter

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=data.MAX_LIMIT, description="items per page")]
After = Annotated[str | None, Query(max_length=200, description="`next` of the previous page")]
Words = Annotated[str | None, Query(max_length=500)]
Sort = Annotated[Literal["newest", "oldest", "id"],
                 Query(description="by id (the default: stable for scripts), or newest / oldest first by "
                                   "claim time (articles: publication date)")]


def _kind(name: str | None) -> KindName | None:
    return None if name is None else KINDS.check(name)


Kind = Annotated[
    str | None,
    Query(max_length=64, description=f"one of the kinds: {', '.join(KINDS.names)}"),
    AfterValidator(_kind),
]


def _guard(request: Request) -> Any:
    return request.app.state.guard


def _store(request: Request) -> Any:
    return request.app.state.store


def _memo(request: Request) -> Any:
    return request.app.state.memo


def writer(request: Request) -> str:
    return str(_guard(request).writer(request))


Writer = Annotated[str, Depends(writer)]


class Note(BaseModel):
    note: str = Field("", max_length=2000)


class Edit(BaseModel):
    changes: dict[str, Any] = Field(description=f"fields to correct: {', '.join(review.EDITABLE)}")
    note: str = Field("", max_length=2000)


class Merge(BaseModel):
    source: str = Field(max_length=64, description="thread whose claims join this one")
    note: str = Field("", max_length=2000)


class Split(BaseModel):
    claims: list[str] = Field(min_length=1, max_length=1000)
    label: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=2000)


# -- response models: a claim as the claim's definition gives its JSON form ---------------------

_CLAIM_FIELDS: dict[str, Any] = {e.name: (e.type, ...) for e in CLAIM_JSON}
ClaimOut = create_model("Claim", __doc__='A claim (DESIGN.md, "The claim").', **_CLAIM_FIELDS)


class Review(BaseModel):
    status: Literal["accepted", "rejected"] | None
    edited: bool


ClaimItemOut = create_model("ClaimItem", __base__=ClaimOut, review=(Review, ...))
ClaimPageOut = create_model(
    "ClaimPage", items=(list[ClaimItemOut], ...), next=(str | None, ...)  # type: ignore[valid-type]
)
ClaimDetailOut = create_model(
    "ClaimDetail", __base__=ClaimItemOut, thread_id=(str | None, ...), audit=(list[dict[str, Any]], ...)
)


def _page(page: data.Page, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": items, "next": page.next}


@router.get("/articles")
def list_articles(request: Request, after: After = None, limit: Limit = 50, q: Words = None,
                  sort: Sort = "id") -> dict[str, Any]:
    page = data.article_page(_store(request), after, limit, q, sort)
    return _page(page, [data.article_json(a) for a in page.items])


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    return data.article_view(_store(request), article_id).to_json()


@router.get("/claims", response_model=ClaimPageOut)
def list_claims(
    request: Request,
    kind: Kind = None, actor: Words = None, origin: Words = None, place: Words = None,
    since: Annotated[str | None, Query(max_length=10, description="claim time from (2024, 2024-05, 2024-05-03)")] = None,
    until: Annotated[str | None, Query(max_length=10, description="claim time until")] = None,
    q: Words = None, article: Annotated[str | None, Query(max_length=64)] = None,
    after: After = None, limit: Limit = 50, sort: Sort = "id",
) -> dict[str, Any]:
    query = data.ClaimQuery(kind, actor, origin, place, since, until, q, article, after, limit, sort)
    page = data.claim_page(_store(request), query)
    return _page(page, [c.to_json() for c in page.items])


@router.get("/claims/{claim_id}", response_model=ClaimDetailOut)
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    return data.claim_view(_store(request), claim_id).to_json()


@router.get("/threads")
def list_threads(
    request: Request, kind: Kind = None, actor: Words = None, place: Words = None,
    after: After = None, limit: Limit = 50,
) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        page = data.thread_page(_store(request), kind, actor, place, after, limit)
        return _page(page, [t.to_json() for t in page.items])

    return _memo(request).get(("api/threads", kind, actor, place, after, limit), compute)  # type: ignore[no-any-return]


@router.get("/threads/{thread_id}")
def get_thread(request: Request, thread_id: str) -> dict[str, Any]:
    return data.thread_view(_store(request), thread_id).to_json()


@router.get("/map")
def map_data(
    request: Request, kind: Kind = None, actor: Words = None, origin: Words = None,
    since: Annotated[str | None, Query(max_length=10, description="claim time from (2024, 2024-05, 2024-05-03)")] = None,
    until: Annotated[str | None, Query(max_length=10, description="claim time until")] = None,
) -> dict[str, Any]:
    """Claims with coordinates gathered by place (kinds, actors, time span, threads), for the map."""
    query = data.map_query(kind, actor, origin, since, until)
    return {"places": [p.to_json() for p in map_places(_store(request), query)]}


@router.get("/sources")
def list_sources(request: Request, limit: Limit = 200) -> dict[str, Any]:
    found = _memo(request).get(("sources", limit), lambda: data.sources(_store(request), limit))
    return {"items": [s.to_json() for s in found]}


@router.get("/search")
def search_all(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return {"items": [h.to_json() for h in search(_store(request), q, limit)]}


@router.get("/export")
def export(
    request: Request,
    format: Annotated[Literal["jsonl", "csv", "parquet", "claimreview", "events"],
                      Query(description="the formats of `claimledger export`")] = "jsonl",
    kind: Kind = None, origin: Words = None, q: Words = None,
) -> Response:
    """Every claim matching the filters, with its citation, as a file to download."""
    store = _store(request)
    rows = cite(store, store.iter_claims(ClaimFilter(kind=kind, origin=origin, q=q)), str(request.base_url))
    headers = {"Content-Disposition": f'attachment; filename="{EXPORT_FORMATS[format]}"'}
    if format == "parquet":  # a file format with its index at the end: built, then sent
        with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
            write_parquet(rows, spool)  # type: ignore[arg-type]
            spool.seek(0)
            return Response(spool.read(), media_type=MEDIA_TYPES[format], headers=headers)
    return StreamingResponse(_batched(text_chunks(store, format, rows)), media_type=MEDIA_TYPES[format],
                             headers=headers)


@router.get("/audit")
def audit(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    return {"items": [a.to_json() for a in review.audit_entries(_store(request), None, limit)]}


@router.post("/claims/{claim_id}/accept")
def accept(request: Request, claim_id: str, user: Writer, body: Annotated[Note | None, Body()] = None) -> dict[str, Any]:
    return review.accept_claim(_store(request), _claim_id(request, claim_id), user, (body.note if body else "")).to_json()


@router.post("/claims/{claim_id}/reject")
def reject(request: Request, claim_id: str, user: Writer, body: Annotated[Note | None, Body()] = None) -> dict[str, Any]:
    return review.reject_claim(_store(request), _claim_id(request, claim_id), user, (body.note if body else "")).to_json()


@router.patch("/claims/{claim_id}")
def edit(request: Request, claim_id: str, body: Edit, user: Writer) -> dict[str, Any]:
    return review.edit_claim(_store(request), _claim_id(request, claim_id), body.changes, user, body.note).to_json()


@router.post("/threads/{thread_id}/merge")
def merge(request: Request, thread_id: str, body: Merge, user: Writer) -> dict[str, Any]:
    return review.merge_threads(_store(request), thread_id, body.source, user, body.note).to_json()


@router.post("/threads/{thread_id}/split")
def split(request: Request, thread_id: str, body: Split, user: Writer) -> dict[str, Any]:
    return review.split_thread(_store(request), thread_id, body.claims, body.label, user, body.note).to_json()


def _claim_id(request: Request, given: str) -> str:
    """The whole id of a claim named by its id or a unique prefix of it."""
    return data.resolve(_store(request), "claim", given)


def _batched(chunks: Iterator[str]) -> Iterator[str]:
    """Pieces joined into writes of about 64 kB."""
    buffer: list[str] = []
    size = 0
    for chunk in chunks:
        buffer.append(chunk)
        size += len(chunk)
        if size > 64_000:
            yield "".join(buffer)
            buffer, size = [], 0
    yield "".join(buffer)
