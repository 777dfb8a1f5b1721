"""Server-rendered pages: the same data functions as the API, laid out by autoescaping templates.

Forms post back here (with the session's CSRF token) and redirect to the page they came from.
"""

from __future__ import annotations

import secrets
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from claimledger import review
from claimledger.kinds import KINDS
from claimledger.languages import extraction_note
from claimledger.model import CLAIM_KINDS, MODALITIES
from claimledger.output.report import number_text
from claimledger.serve import data
from claimledger.serve.map import map_places
from claimledger.serve.search import search
from claimledger.review.users import SESSION_LIFETIME
from claimledger.serve.security import COOKIE, LOGIN_COOKIE
from claimledger.store import IdKind

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("claimledger.serve") / "templates"))
templates.env.globals.update(num=number_text, kinds=CLAIM_KINDS, quote_url=quote, extraction_note=extraction_note)
Text = Annotated[str, Form(max_length=2000)]
Version = Annotated[int | None, Form(ge=0, description="the claim's version the form was made from")]
Sort = Annotated[Literal["newest", "oldest", "id"], Query()]
ClaimSort = Annotated[Literal["newest", "oldest", "id", "confidence"], Query()]


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    guard = request.app.state.guard
    session = request.cookies.get(COOKIE, "")
    found = guard.session_user(request)
    context |= {"user": found.name if found else None, "role": found.role if found else None,
                "may_review": bool(found and found.may("reviewer")), "csrf": guard.csrf_token(session) if found else ""}
    return templates.TemplateResponse(request, name, context)


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, kind: Annotated[str | None, Query(max_length=64)] = None,
             after: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    store, memo = request.app.state.store, request.app.state.memo
    page = memo.get(("threads", kind or None, after),
                    lambda: data.thread_page(store, kind=kind or None, after=after, limit=50))
    return _render(request, "overview.html", page=page, kind=kind, counts=memo.get("counts", store.counts))


def _canonical(request: Request, what: IdKind, given: str) -> str | None:
    """Where a page asked for by an id prefix lives (None when `given` is the whole id)."""
    full = data.resolve(request.app.state.store, what, given)
    return None if full == given else f"/{what}s/{quote(full, safe='')}"


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread(request: Request, thread_id: str) -> Response:
    if moved := _canonical(request, "thread", thread_id):
        return _back(moved)
    return _render(request, "thread.html", t=data.thread_view(request.app.state.store, thread_id))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, after: Annotated[str | None, Query(max_length=200)] = None,
             sort: Sort = "newest") -> HTMLResponse:
    page = data.article_page(request.app.state.store, after, 50, sort=sort)
    return _render(request, "articles.html", page=page, sort=sort)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    if moved := _canonical(request, "article", article_id):
        return _back(moved)
    return _render(request, "article.html", a=data.article_view(request.app.state.store, article_id))


@router.get("/claims", response_class=HTMLResponse)
def claims(
    request: Request,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    origin: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
    sort: ClaimSort = "newest",
) -> HTMLResponse:
    query = data.ClaimQuery(kind or None, actor or None, origin or None, place or None, since or None,
                            until or None, q or None, None, after, 50, sort)
    return _render(request, "claims.html", page=data.claim_page(request.app.state.store, query), query=query)


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str) -> Response:
    if moved := _canonical(request, "claim", claim_id):
        return _back(moved)
    detail = data.claim_view(request.app.state.store, claim_id)
    return _render(request, "claim.html", d=detail, editable=review.EDITABLE, limits=review.TEXT_LIMITS,
                   shown=_shown, kind_labels=[(k.name, k.label) for k in KINDS], modalities=MODALITIES)


@router.get("/map", response_class=HTMLResponse)
def world_map(
    request: Request,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    """Claims and threads by place on an offline world map; each place links to its claims."""
    query = data.map_query(kind or None, actor or None, None, since or None, until or None)
    places = map_places(request.app.state.store, query)
    shown = {k: v for k, v in (("kind", kind), ("actor", actor), ("since", since), ("until", until)) if v}
    actors = sorted({a for p in places for a in p.actors})
    return _render(request, "map.html", places=places, query=query, actors=actors,
                   api=f"/api/map?{urlencode(shown)}", total=sum(p.claims for p in places))


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> HTMLResponse:
    store = request.app.state.store
    found = request.app.state.memo.get(("sources", 200), lambda: data.sources(store, 200))
    return _render(request, "sources.html", sources=found)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    hits = search(request.app.state.store, q) if q.strip() else []
    return _render(request, "search.html", q=q, hits=hits)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API described from its OpenAPI document (also at /openapi.json)."""
    spec = request.app.openapi()
    operations = [
        (method.upper(), path, op.get("summary", ""), [p["name"] for p in op.get("parameters", [])])
        for path, item in spec["paths"].items() for method, op in item.items()
    ]
    return _render(request, "docs.html", operations=operations)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not 20 <= len(nonce) <= 64:
        nonce = secrets.token_urlsafe(24)
    response = _render(request, "login.html", login_csrf=request.app.state.guard.login_csrf_token(nonce))
    response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=256)], csrf: Text = "") -> Response:
    session, _ = request.app.state.guard.login(request, token, csrf)
    response = _back("/")
    response.set_cookie(COOKIE, session, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                        max_age=int(SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Text = "") -> Response:
    request.app.state.guard.logout(request, csrf)
    response = _back("/")
    response.delete_cookie(COOKIE)
    return response


@router.post("/claims/{claim_id}/review")
def review_claim(request: Request, claim_id: str, action: Annotated[str, Form(pattern="^(accept|reject)$")],
                 csrf: Text = "", note: Text = "", back: Text = "", version: Version = None) -> Response:
    user = request.app.state.guard.writer(request, csrf)
    store = request.app.state.store
    claim_id = data.resolve(store, "claim", claim_id)
    if action == "accept":
        review.accept_claim(store, claim_id, user, note, version)
    else:
        review.reject_claim(store, claim_id, user, note, version)
    return _back(_local(back) or f"/claims/{quote(claim_id)}")


@router.post("/claims/{claim_id}/edit")
async def edit_claim(request: Request, claim_id: str) -> Response:
    form = await request.form()
    fields = {k: str(v) for k, v in form.items()}
    user = request.app.state.guard.writer(request, fields.pop("csrf", ""))
    note = fields.pop("note", "")
    claim_id = data.resolve(request.app.state.store, "claim", claim_id)
    version = _version(fields.pop("version", ""))
    # the form showed the claim at `version`: while it is still at that version, what differs from
    # the claim now is what the reviewer changed (and once it is not, the edit is refused as stale)
    shown = data.claim_view(request.app.state.store, claim_id).item.claim.to_json()
    changes = {k: v for k, v in fields.items() if k in review.EDITABLE and v != _shown(shown, k)}
    flags = {k for k, kind in review.EDITABLE.items() if kind == "flag"}
    changes |= {k: "false" for k in flags if k not in fields and shown.get(k)}  # unticked boxes
    if changes:
        review.edit_claim(request.app.state.store, claim_id, changes, user, note, version)
    return _back(f"/claims/{quote(claim_id)}")


@router.post("/threads/{thread_id}/merge")
def merge(request: Request, thread_id: str, source: Annotated[str, Form(max_length=64)],
          csrf: Text = "", note: Text = "") -> Response:
    user = request.app.state.guard.writer(request, csrf)
    review.merge_threads(request.app.state.store, thread_id, source, user, note)
    return _back(f"/threads/{quote(thread_id)}")


@router.post("/threads/{thread_id}/split")
async def split(request: Request, thread_id: str) -> Response:
    form = await request.form()
    user = request.app.state.guard.writer(request, str(form.get("csrf", "")))
    chosen = [str(v) for v in form.getlist("claim")]
    review.split_thread(request.app.state.store, thread_id, chosen, str(form.get("label", "")), user,
                        str(form.get("note", "")))
    return _back(f"/threads/{quote(thread_id)}")


def _version(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) > 12:
        raise review.ReviewError(f"version must be a whole number, not {text!r}")
    return int(text)


def _shown(claim: dict[str, Any], name: str) -> str:
    """A field of the claim's JSON form as the edit form shows it (an actor by its name)."""
    value = claim.get(name)
    if isinstance(value, dict):
        value = value.get("name")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def _local(url: str) -> str:
    """Only same-site paths are followed after a form (no open redirect)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else ""
