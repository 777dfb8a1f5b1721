"""Read inputs (files, folders, globs; text, Markdown, HTML, JSON records; WARC archives, feeds
and URL lists through the sibling modules; any of them gzip-compressed) into Documents.

Every input either becomes a Document or a Rejection with a reason; nothing is dropped silently
and one bad file never stops the batch: `read_inputs` is the reading half of the boundary in
`guard`, turning any error into a rejection of that input. Documents are identified by a hash of
their bytes, so the store can skip content it already holds.

Limits (README.md, "Limits"): `max_bytes` a file or record; YAML front matter at most
FRONT_MATTER_LIMIT bytes and YAML_MAX_DEPTH levels; JSON at most JSON_MAX_DEPTH levels and
Python's 4,300-digit integers; only regular files are read (a FIFO or device is rejected unopened
for reading), and a symlink found in a folder must stay inside that folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimledger.errors import RejectedInput, UsageError
from claimledger.model import Document, Metadata, Rejection, content_id
from claimledger.settings import Settings
from claimledger.ingest.compressed import open_bounded, open_regular, read_bounded
from claimledger.ingest.feeds import read_feed
from claimledger.ingest.guard import path_text, reason_for, safe_text
from claimledger.ingest.urls import Fetcher, FetchPolicy, read_url_list
from claimledger.ingest.warc import read_warc

MEDIA_TYPES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",  # parsed as a feed; XML whose root is not rss/feed/RDF is rejected
    ".urls": "urls",
}
CONTAINERS = frozenset({"warc", "feed"})  # many documents a file, streamed, never read whole
METADATA_FIELDS = ("title", "url", "outlet", "author", "published", "language")
FRONT_MATTER_LIMIT = 64_000  # bytes; a longer header is not front matter but a malformed file
YAML_MAX_DEPTH = 16  # nesting of front matter (its fields are flat; the parser recurses per level)
JSON_MAX_DEPTH = 64  # nesting of a .json/.jsonl file (records are flat objects)
SNIFF_BYTES = 8192
FEED_FACTOR = 10  # a feed file may hold this many max_bytes of items


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 10_000_000  # one document, or one record of an archive
    max_archive_bytes: int = 20_000_000_000  # decompressed size of one .warc.gz
    max_ratio: int = 100  # gzip may expand this many times its size, no more
    allow_private_urls: bool = False
    fetch_timeout: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_bytes=settings.max_bytes,
            allow_private_urls=settings.allow_private_urls,
            fetch_timeout=settings.fetch_timeout,
        )

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            max_bytes=self.max_bytes,
            max_ratio=self.max_ratio,
            timeout=self.fetch_timeout,
            allow_private=self.allow_private_urls,
        )


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files, folders (recursively, known suffixes only) and globs, in a stable order.

    A path that names nothing is a usage error, raised before anything is read. Symlinks found
    in a folder that lead out of it are left out (`find_inputs` reports them).
    """
    return [p for p in find_inputs(paths) if isinstance(p, Path)]


def find_inputs(paths: Sequence[str]) -> list[Path | Rejection]:
    """`expand_paths`, with a Rejection in place of each symlink that leads out of its folder:
    a folder names a tree of inputs, and a link out of it (`passwd.txt -> /etc/passwd`) would
    read a file nobody named."""
    found: list[Path | Rejection] = []
    missing: list[str] = []
    for spec in paths:
        matches = [Path(m) for m in sorted(glob.glob(spec, recursive=True))] if _is_glob(spec) else []
        candidates = matches or ([Path(spec)] if Path(spec).exists() else [])
        if not candidates:
            missing.append(spec)
        for path in candidates:
            found.extend(_walk(path) if path.is_dir() else [path])
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return list(dict.fromkeys(found))


def read_inputs(paths: Sequence[Path | Rejection], limits: Limits) -> Iterator[Document | Rejection]:
    """Each input as a Document, or a Rejection saying why it cannot be used.

    A union is the honest type here: a batch interleaves good and bad inputs and the caller
    must see both, in order, without exceptions stopping the stream. Any error while reading
    one input (not only the foreseen `RejectedInput`) rejects that input, or the rest of a
    container from where it broke, and reading goes on with the next.
    """
    for path in paths:
        if isinstance(path, Rejection):
            yield path
            continue
        try:
            for item in read_path(path, limits):
                yield valid_item(item)
        except Exception as exc:  # the boundary: one input never stops the batch
            cid = exc.content_id if isinstance(exc, RejectedInput) else None
            yield Rejection(source=path_text(path), reason=safe_text(reason_for(exc)), content_id=cid)


def valid_item(item: Document | Rejection) -> Document | Rejection:
    """`item` with text the store can encode: lone surrogates (a JSON `"\\ud800"`) replaced."""
    if isinstance(item, Rejection):
        return Rejection(safe_text(item.source), safe_text(item.reason), item.content_id)
    m = item.metadata
    metadata = dataclasses.replace(
        m,
        title=_safe_or_none(m.title),
        url=_safe_or_none(m.url),
        outlet=_safe_or_none(m.outlet),
        author=_safe_or_none(m.author),
        language=_safe_or_none(m.language),
    )
    return dataclasses.replace(item, source=safe_text(item.source), body=safe_text(item.body), metadata=metadata)


def _safe_or_none(text: str | None) -> str | None:
    return None if text is None else safe_text(text)


def media_type_of(path: Path) -> str | None:
    """What a file holds, by its suffix; `x.html.gz` holds what `x.html` would."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower()
    return MEDIA_TYPES.get(suffix)


def read_path(path: Path, limits: Limits) -> Iterator[Document | Rejection]:
    media_type = media_type_of(path)
    if media_type is None:
        raise RejectedInput(f"unsupported file type {''.join(path.suffixes[-2:]) or '(none)'!r}")
    if media_type in CONTAINERS:
        yield from _read_container(path, media_type, limits)
        return
    data = _read_bytes(path, limits)
    cid = content_id(data)
    text = decode(data, cid)
    if media_type == "urls":
        with Fetcher(limits.fetch_policy()) as fetcher:
            yield from read_url_list(text, path_text(path), fetcher)
        return
    if media_type in ("json", "jsonl"):
        yield from _read_records(path_text(path), text, media_type, cid)
        return
    yield document_from_text(path_text(path), media_type, text, cid)


def document_from_text(source: str, media_type: str, text: str, cid: str) -> Document:
    if not text.strip():
        raise RejectedInput("empty document", cid)
    metadata = Metadata()
    if media_type in ("text", "markdown"):
        header, text = split_front_matter(text, cid)
        metadata = metadata_from_mapping(header, cid)
        if not text.strip():
            raise RejectedInput("no text after the front matter", cid)
    return Document(id=cid, source=source, media_type=media_type, body=text, metadata=metadata)


def decode(data: bytes, cid: str | None = None) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is rejected."""
    if not data.strip():
        raise RejectedInput("empty file", cid)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RejectedInput(f"invalid UTF-16: {exc.reason} at byte {exc.start}", cid) from exc
    else:
        if b"\x00" in data[:SNIFF_BYTES]:
            raise RejectedInput("binary content (NUL bytes), not text", cid)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RejectedInput(
                f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", cid
            ) from exc
    if "\x00" in text:
        raise RejectedInput("binary content (NUL characters), not text", cid)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# libyaml's safe loader where PyYAML was built with it: the same values, several times faster
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, cid: str | None = None) -> tuple[dict[str, Any], str]:
    """YAML front matter between `---` lines at the very top, and the text after it."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0 or end > FRONT_MATTER_LIMIT:
        raise RejectedInput("malformed front matter: no closing '---' line", cid)
    closing = text.find("\n", end + 1)
    body = "" if closing < 0 else text[closing + 1 :]
    try:
        _check_yaml_depth(text[4:end], cid)
        try:
            header = yaml.load(text[4:end], Loader=FAST_LOADER)
        except yaml.YAMLError:  # the pure-Python loader decides what is malformed, and says how
            header = yaml.safe_load(text[4:end])
    except RejectedInput:
        raise
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        raise RejectedInput(f"malformed front matter: {problem}", cid) from exc
    except (ValueError, OverflowError) as exc:  # `published: 2025-02-30`, a 5,000-digit number
        raise RejectedInput(f"malformed front matter: {exc}", cid) from exc
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise RejectedInput("malformed front matter: not a mapping of fields", cid)
    return header, body


def _check_yaml_depth(text: str, cid: str | None) -> None:
    """Reject front matter nested deeper than YAML_MAX_DEPTH before the (recursive) composer sees
    it; the event parser that measures it is iterative."""
    try:  # libyaml's event parser where PyYAML has it: the same events, far faster
        _yaml_depth(text, cid, FAST_LOADER)
    except yaml.YAMLError:  # the pure-Python parser says how it is malformed, as the loader does
        _yaml_depth(text, cid, yaml.SafeLoader)


def _yaml_depth(text: str, cid: str | None, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise RejectedInput(
                    f"malformed front matter: nested deeper than {YAML_MAX_DEPTH} levels", cid
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def metadata_from_mapping(fields: dict[str, Any], cid: str | None = None) -> Metadata:
    values: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        value = fields.get(name)
        if value is None or value == "":
            continue
        if name == "published":
            values[name] = parse_published(value, cid)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            values[name] = _scalar_text(value, name, cid)
        else:
            raise RejectedInput(f"malformed front matter: {name!r} must be text", cid)
    return Metadata(**values)


def _scalar_text(value: str | int | float, name: str, cid: str | None) -> str:
    try:
        return str(value).strip()
    except ValueError as exc:  # an integer too long to write out
        raise RejectedInput(f"malformed front matter: {name!r} is not usable text ({exc})", cid) from exc


def parse_published(value: Any, cid: str | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):  # a list or mapping is not a date (and str() of one can explode)
        raise RejectedInput(f"malformed front matter: published must be a date, not {type(value).__name__}", cid)
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise RejectedInput(f"malformed front matter: published {text!r} is not a date", cid) from exc


def _read_records(
    path: str, text: str, media_type: str, cid: str
) -> Iterator[Document | Rejection]:
    if media_type == "json":
        data = parse_json(text, cid, "")
        records = data if isinstance(data, list) else [data]
        if not records:  # recorded, not silently read as nothing
            raise RejectedInput("no records: the file holds an empty JSON list", cid)
        for number, record in enumerate(records, start=1):
            yield _guarded_record(f"{path}#{number}", record)
        return
    if not text.strip():
        raise RejectedInput("empty document", cid)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}#{number}"
        try:
            record = parse_json(line, content_id(line.encode()), f" on line {number}")
        except RejectedInput as exc:
            yield Rejection(source, exc.reason, exc.content_id)
            continue
        yield _guarded_record(source, record)


def _guarded_record(source: str, record: Any) -> Document | Rejection:
    """One record inside the boundary: an error in it rejects it, and the file's next record is read."""
    try:
        return _record_document(source, record)
    except Exception as exc:
        return Rejection(source, reason_for(exc))


def parse_json(text: str, cid: str, where: str) -> Any:
    """A JSON value nested at most JSON_MAX_DEPTH levels deep, or RejectedInput saying why not."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectedInput(f"invalid JSON{where}: {exc.msg} at line {exc.lineno}", cid) from exc
    except RecursionError as exc:
        raise RejectedInput(f"invalid JSON{where}: nested deeper than {JSON_MAX_DEPTH} levels", cid) from exc
    except ValueError as exc:  # an integer past Python's 4,300-digit conversion limit
        raise RejectedInput(f"invalid JSON{where}: {exc}", cid) from exc
    if _depth_exceeds(value, JSON_MAX_DEPTH):
        raise RejectedInput(f"invalid JSON{where}: nested deeper than {JSON_MAX_DEPTH} levels", cid)
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether lists and objects in `value` nest more than `limit` deep (measured without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _record_document(source: str, record: Any) -> Document | Rejection:
    # surrogatepass: a lone surrogate (a JSON "\\ud800") must not stop the record being identified
    cid = content_id(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if not isinstance(record, dict):
        return Rejection(source, "JSON record is not an object", cid)
    body, media_type = record.get("text"), "text"
    if not body:
        body, media_type = record.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        return Rejection(source, "JSON record has no 'text' or 'html'", cid)
    source = str(record.get("url") or source)
    try:
        metadata = metadata_from_mapping(record, cid)
    except RejectedInput as exc:
        return Rejection(source, exc.reason.replace("front matter", "record"), cid)
    body = body.replace("\r\n", "\n")
    return Document(id=cid, source=source, media_type=media_type, body=body, metadata=metadata)


def _read_container(path: Path, media_type: str, limits: Limits) -> Iterator[Document | Rejection]:
    if media_type == "warc":
        with open_bounded(path, limits.max_archive_bytes, limits.max_ratio) as stream:
            yield from read_warc(stream, path_text(path), limits.max_bytes, limits.max_ratio)
        return
    # A feed item is only complete when its closing tag is parsed, so its size cannot be capped
    # on its own: the whole feed is, at FEED_FACTOR documents' worth.
    cap = limits.max_bytes * FEED_FACTOR
    size = _size(path)
    if size > cap:
        raise RejectedInput(f"feed too large: {size:,} bytes (limit {cap:,})")
    with open_bounded(path, cap, limits.max_ratio) as stream:
        yield from read_feed(stream, path_text(path))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise RejectedInput(f"cannot read: {exc.strerror or exc}") from exc


def _read_bytes(path: Path, limits: Limits) -> bytes:
    if path.suffix.lower() == ".gz":
        return read_bounded(path, limits.max_bytes, limits.max_ratio)
    try:
        handle = open_regular(path)
        size = os.fstat(handle.fileno()).st_size
        if size > limits.max_bytes:
            handle.close()
            raise RejectedInput(f"file too large: {size:,} bytes (limit {limits.max_bytes:,})")
        with handle:
            # Read one byte past the limit so a file that grew after stat() is still caught.
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise RejectedInput(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limits.max_bytes:
        raise RejectedInput(f"file too large: over {limits.max_bytes:,} bytes")
    return data


def _walk(folder: Path) -> list[Path | Rejection]:
    """The inputs in a folder tree: every non-folder entry with a known suffix (a FIFO or device
    among them is rejected when read, never opened for a blocking read), and a Rejection for
    each symlink that leads out of the tree."""
    root = folder.resolve()
    found: list[Path | Rejection] = []
    for p in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(folder).parts):
            continue
        if not _inside(p, root):  # a symlink, or a file under a symlinked folder
            target = path_text(p.resolve()) if p.exists() else "nothing"
            found.append(Rejection(path_text(p), f"symlink leads outside the input folder (to {target})"))
        elif not p.is_dir() and media_type_of(p) is not None:
            found.append(p)
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop leads nowhere inside
        return False


def _is_glob(spec: str) -> bool:
    return any(ch in spec for ch in "*?[")
