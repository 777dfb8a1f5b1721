"""The REST API under /api: JSON for scripts, over the same data functions as the pages."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, Field, create_model

from claimledger import review
from claimledger.review import users as accounts
from claimledger.output.citations import cite
from claimledger.output.export import EXPORT_FORMATS, MEDIA_TYPES, text_chunks, write_parquet
from claimledger.kinds import KINDS, KindName
from claimledger.model import CLAIM_JSON
from claimledger.serve import data
from claimledger.serve.cache import MARK
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
ClaimSort = Annotated[Literal["newest", "oldest", "id", "confidence"],
                      Query(description="as `sort` of articles, or confidence: the least sure claims first")]


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


def admin(request: Request) -> str:
    return str(_guard(request).writer(request, role="admin"))


Writer = Annotated[str, Depends(writer)]  # a reviewer (or admin)
Admin = Annotated[str, Depends(admin)]
IfMatch = Annotated[str | None, Header(max_length=64, description='the claim\'s version as its ETag gave it ("3")')]


_VERSION = "the claim's version this change was made from (or send If-Match): a 409 when it has moved on"


class Note(BaseModel):
    note: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=0, le=2**31, description=_VERSION)


class Edit(BaseModel):
    changes: dict[str, Any] = Field(description=f"fields to correct: {', '.join(review.EDITABLE)}")
    note: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=0, le=2**31, description=_VERSION)


class NewUser(BaseModel):
    name: str = Field(max_length=64)
    role: Literal["viewer", "reviewer", "admin"] = "reviewer"


class Role(BaseModel):
    role: Literal["viewer", "reviewer", "admin"]


class NewToken(BaseModel):
    user: str = Field(max_length=64)


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
    "ClaimDetail", __base__=ClaimItemOut, thread_id=(str | None, ...), audit=(list[dict[str, Any]], ...),
    version=(int, ...),
)


def _page(page: data.Page, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": items, "next": page.next}


def _cached(request: Request, key: tuple[Any, ...], compute: Callable[[], Any], etag: Callable[[Any], str] | None = None) -> Response:
    """A JSON answer encoded once and handed out until the ledger changes (`serve.cache`); reads
    return it as is (their response models document it)."""
    def encode() -> tuple[bytes, str | None]:
        value = compute()
        # the data functions give JSON types; anything else (a date) goes through FastAPI's encoder,
        # which costs ten times json.dumps on a page of claims
        body = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=jsonable_encoder)
        return body.encode(), etag(value) if etag else None

    body, tag = _memo(request).get(("api", *key), encode)
    headers = {MARK.decode(): "1"} | ({"ETag": tag} if tag else {})  # CachedReads answers the URL again
    return Response(body, media_type="application/json", headers=headers)


@router.get("/articles")
def list_articles(request: Request, after: After = None, limit: Limit = 50, q: Words = None,
                  sort: Sort = "id") -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        page = data.article_page(_store(request), after, limit, q, sort)
        return _page(page, [data.article_json(a) for a in page.items])

    return _cached(request, ("articles", after, limit, q, sort), compute)  # type: ignore[return-value]


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    compute = lambda: data.article_view(_store(request), article_id).to_json()  # noqa: E731
    return _cached(request, ("article", article_id), compute)  # type: ignore[return-value]


@router.get("/claims", response_model=ClaimPageOut)
def list_claims(
    request: Request,
    kind: Kind = None, actor: Words = None, origin: Words = None, place: Words = None,
    since: Annotated[str | None, Query(max_length=10, description="claim time from (2024, 2024-05, 2024-05-03)")] = None,
    until: Annotated[str | None, Query(max_length=10, description="claim time until")] = None,
    q: Words = None, article: Annotated[str | None, Query(max_length=64)] = None,
    after: After = None, limit: Limit = 50, sort: ClaimSort = "id",
) -> dict[str, Any]:
    query = data.ClaimQuery(kind, actor, origin, place, since, until, q, article, after, limit, sort)

    def compute() -> dict[str, Any]:
        page = data.claim_page(_store(request), query)
        return _page(page, [c.to_json() for c in page.items])

    return _cached(request, ("claims", query), compute)  # type: ignore[return-value]


@router.get("/claims/{claim_id}", response_model=ClaimDetailOut)
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    """A claim with its review, thread and audit; its `version` (also the ETag) goes with an edit
    as If-Match."""
    compute = lambda: data.claim_view(_store(request), claim_id).to_json()  # noqa: E731
    return _cached(request, ("claim", claim_id), compute, lambda c: f'"{c["version"]}"')  # type: ignore[return-value]


@router.get("/threads")
def list_threads(
    request: Request, kind: Kind = None, actor: Words = None, place: Words = None,
    after: After = None, limit: Limit = 50,
) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        page = data.thread_page(_store(request), kind, actor, place, after, limit)
        return _page(page, [t.to_json() for t in page.items])

    return _cached(request, ("threads", kind, actor, place, after, limit), compute)  # type: ignore[return-value]


@router.get("/threads/{thread_id}")
def get_thread(request: Request, thread_id: str) -> dict[str, Any]:
    compute = lambda: data.thread_view(_store(request), thread_id).to_json()  # noqa: E731
    return _cached(request, ("thread", thread_id), compute)  # type: ignore[return-value]


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
    def compute() -> dict[str, Any]:
        found = _memo(request).get(("sources", limit), lambda: data.sources(_store(request), limit))
        return {"items": [s.to_json() for s in found]}

    return _cached(request, ("sources", limit), compute)  # type: ignore[return-value]


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
def accept(request: Request, claim_id: str, user: Writer, body: Annotated[Note | None, Body()] = None,
           if_match: IfMatch = None) -> dict[str, Any]:
    version = _version(if_match, body.version if body else None)
    return review.accept_claim(_store(request), _claim_id(request, claim_id), user, (body.note if body else ""), version).to_json()


@router.post("/claims/{claim_id}/reject")
def reject(request: Request, claim_id: str, user: Writer, body: Annotated[Note | None, Body()] = None,
           if_match: IfMatch = None) -> dict[str, Any]:
    version = _version(if_match, body.version if body else None)
    return review.reject_claim(_store(request), _claim_id(request, claim_id), user, (body.note if body else ""), version).to_json()


@router.patch("/claims/{claim_id}")
def edit(request: Request, claim_id: str, body: Edit, user: Writer, if_match: IfMatch = None) -> dict[str, Any]:
    """Correct fields of a claim. With If-Match (or `version`), a claim changed since that version
    is not edited: 409, reload and edit again. Values are checked against the claim's definition
    (422 with the reason)."""
    version = _version(if_match, body.version)
    return review.edit_claim(_store(request), _claim_id(request, claim_id), body.changes, user, body.note, version).to_json()


@router.post("/threads/{thread_id}/merge")
def merge(request: Request, thread_id: str, body: Merge, user: Writer) -> dict[str, Any]:
    return review.merge_threads(_store(request), thread_id, body.source, user, body.note).to_json()


@router.post("/threads/{thread_id}/split")
def split(request: Request, thread_id: str, body: Split, user: Writer) -> dict[str, Any]:
    return review.split_thread(_store(request), thread_id, body.claims, body.label, user, body.note).to_json()


# -- users and tokens (admins) ----------------------------------------------------------------------


@router.get("/users")
def users(request: Request, user: Admin) -> dict[str, Any]:
    return {"items": [{"name": n, "role": r} for n, r in accounts.user_roles(_store(request)).items()]}


@router.post("/users", status_code=201)
def add_user(request: Request, body: NewUser, user: Admin) -> dict[str, Any]:
    return {"name": accounts.add_user(_store(request), body.name, body.role), "role": body.role}


@router.put("/users/{name}/role")
def set_role(request: Request, name: str, body: Role, user: Admin) -> dict[str, Any]:
    accounts.set_role(_store(request), name, body.role)
    return {"name": name, "role": body.role}


@router.get("/tokens")
def tokens(request: Request, user: Admin) -> dict[str, Any]:
    return {"items": [_token_json(t) for t in accounts.list_tokens(_store(request))]}


@router.post("/tokens", status_code=201)
def create_token(request: Request, body: NewToken, user: Admin) -> dict[str, Any]:
    """A new token for a user: shown this once."""
    token = accounts.create_token(_store(request), body.user)
    return {"user": body.user, "token": token, "id": accounts.digest(token)[:12]}


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, user: Admin) -> dict[str, Any]:
    """Revoke a token (by the id listed) and end the sessions signed in with it."""
    return {"id": accounts.revoke_token(_store(request), token_id), "revoked": True}


def _token_json(t: accounts.TokenInfo) -> dict[str, Any]:
    return {"id": t.id, "user": t.user, "created": t.created.isoformat(),
            "revoked": t.revoked.isoformat() if t.revoked else None}


def _version(if_match: str | None, given: int | None) -> int | None:
    """The version a change was made from: If-Match ("3", W/"3" or 3) or the body's `version`."""
    if if_match is None or if_match.strip() == "*":
        return given
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 10:
        raise review.ReviewError(f"If-Match must be the claim's version as its ETag gives it, not {if_match!r}")
    if given is not None and given != int(text):
        raise review.ReviewError("If-Match and version disagree")
    return int(text)


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
