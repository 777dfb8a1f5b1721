"""The web application: a REST API (/api, OpenAPI at /docs) and server-rendered pages over one
`Store`. `create_app(store)` builds it; `claimledger serve` runs it with uvicorn on 127.0.0.1."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import unquote_plus

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.reconcile.errors import UnknownClaim, UnknownThread
from claimledger.review import ReviewError, StaleEdit
from claimledger.serve import api, pages
from claimledger.serve.cache import CachedReads, Memo
from claimledger.serve.data import BadQuery, NotFound
from claimledger.serve.security import HEADERS, Guard
from claimledger.store import Store, UnstorableValue

__all__ = ["ENVIRONMENT", "app_from_environment", "create_app"]

# how `claimledger serve --workers N` hands its settings to the worker processes
ENVIRONMENT = {"db": "CLAIMLEDGER_SERVE_DB", "secret": "CLAIMLEDGER_SERVE_SECRET", "cache": "CLAIMLEDGER_SERVE_CACHE",
               "threads": "CLAIMLEDGER_SERVE_THREADS"}


def create_app(store: Store, guard: Guard | None = None, cache_seconds: float = 2.0,
               threads: int | None = None) -> FastAPI:
    """The application over `store`. API answers, thread lists, sources and ledger counts are
    kept until the ledger changes: at once on a write through the application, within
    `cache_seconds` of a write by another process (how often the ledger's version is looked at;
    0: nothing is kept).

    `threads`: how many requests at once run their (synchronous) database work in threads, when
    the server runs the application (None: anyio's 40). The event loop that sends cached answers
    shares the GIL with those threads: with dozens computing uncached pages at once it waits
    its turn behind each of them, and every cached answer with it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="claimledger", version=__version__, lifespan=lifespan,
                  description="Claims from conflict reporting: articles, claims, threads, sources, search.",
                  docs_url=None, redoc_url=None)  # /docs is our own page: no CDN, no inline script
    app.state.store = store
    app.state.guard = guard or Guard(store)
    app.state.memo = Memo(ttl=cache_seconds, version=store.version, check=cache_seconds)
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(CachedReads)  # the outer one: a hit is sent before anything else runs, with the
    # security headers its first answer got from _SecurityHeaders
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("claimledger.serve") / "static")), name="static")
    app.add_exception_handler(ClaimledgerError, _library_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(UnstorableValue, _data_error)
    return app


def app_from_environment() -> FastAPI:
    """The application a worker process of `claimledger serve --workers N` builds: the database,
    the CSRF secret shared by all workers (a form rendered by one is accepted by another) and the
    cache time come from the environment the parent set."""
    from claimledger.store import open_store

    db, secret = os.environ.get(ENVIRONMENT["db"], ""), os.environ.get(ENVIRONMENT["secret"], "")
    if not db or len(secret) < 32:
        raise ClaimledgerError(f"{ENVIRONMENT['db']} and {ENVIRONMENT['secret']} must be set (by claimledger serve)")
    store = open_store(db)
    cache = float(os.environ.get(ENVIRONMENT["cache"], "2"))
    threads = int(os.environ[ENVIRONMENT["threads"]]) if os.environ.get(ENVIRONMENT["threads"]) else None
    return create_app(store, Guard(store, secret=bytes.fromhex(secret)), cache_seconds=cache, threads=threads)


# Posts that change no cached answer: a failed or refused post (anyone can send one) and signing
# in or out must not empty the cache, or any client could make every reader wait for recomputation.
NOT_LEDGER_WRITES = frozenset({"/login", "/logout"})


class _SecurityHeaders:
    """Security headers on every response, how long the server took (Server-Timing), and the
    cache emptied by every write before its response goes out. Plain ASGI (no per-request task
    and body streaming of BaseHTTPMiddleware): it is on the path of every cached read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        writes = scope["method"] not in ("GET", "HEAD")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if writes and message["status"] < 400 and scope["path"] not in NOT_LEDGER_WRITES:
                    scope["app"].state.memo.clear()  # a write: cached answers may be out of date
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
            await send(message)

        query = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
        if "\x00" in scope["path"] or "\x00" in query:
            # no database stores NUL in text (PostgreSQL refuses it): a bad request, not a 500
            response = _error(Request(scope), 422, "the URL contains a NUL character")
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _status(exc: Exception) -> int:
    if isinstance(exc, NotFound | UnknownClaim | UnknownThread):
        return 404
    if isinstance(exc, StaleEdit):
        return 409
    if isinstance(exc, BadQuery | ReviewError):
        return 422
    return 400


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        body = pages.templates.get_template("error.html").render(status=status, message=message, user=None, csrf="")
        return HTMLResponse(body, status_code=status, headers=headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


async def _library_error(request: Request, exc: Exception) -> Response:
    return _error(request, _status(exc), str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))


async def _data_error(request: Request, exc: Exception) -> Response:
    """A value the database cannot hold (a NUL character in a body, a number out of range)."""
    return _error(request, 400, "the database cannot store a value in this request (a NUL character?)")


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_html(request):
        return _error(request, 422, "; ".join(str(e.get("msg", "")) for e in exc.errors()))
    return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)


def jsonable(errors: object) -> object:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors)
