"""Reading inputs: every kind of file, and every kind of bad file rejected with a reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from claimledger.errors import UsageError
from claimledger.ingest import Limits, expand_paths, read_inputs, split_front_matter
from claimledger.model import Document, Rejection

ARTICLE = """---
title: Border town shelled overnight
outlet: Test Wire
published: 2025-03-04
---
Officials said at least 12 people were killed when shells hit the town on Monday.
"""


def _read(paths: list[Path], limits: Limits | None = None) -> list[Document | Rejection]:
    return list(read_inputs(paths, limits or Limits()))


def test_text_with_front_matter_becomes_document_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = _read([path])
    assert isinstance(doc, Document)
    assert doc.metadata.title == "Border town shelled overnight"
    assert doc.metadata.published == dt.date(2025, 3, 4)
    assert doc.body.startswith("Officials said")
    assert doc.media_type == "markdown"


def test_same_bytes_give_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some 40 fighters were captured.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Some 40 fighters were captured.", encoding="utf-8")
    a, b = _read([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.id == b.id


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Soldiers in Ni\u00e9nat".encode("latin-1"), "UTF-8"),
        ("bad-front.md", b"---\ntitle: [unclosed\n---\nText with 5 numbers.\n", "front matter"),
        ("unclosed-front.md", b"---\ntitle: x\nText with no closing line\n", "front matter"),
        ("list-front.md", b"---\n- a\n- b\n---\nText.\n", "front matter"),
        ("bad-date.md", b"---\npublished: last week\n---\nText.\n", "not a date"),
        ("image.png", b"not really an image", "unsupported"),
    ],
)
def test_bad_inputs_are_rejected_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = _read([path])
    assert isinstance(item, Rejection)
    assert reason.lower() in item.reason.lower()
    assert item.source == str(path)


def test_oversized_file_is_rejected_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 3000)
    [item] = _read([path], Limits(max_bytes=1000))
    assert isinstance(item, Rejection)
    assert "too large" in item.reason


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("About 300 soldiers were wounded.".encode("utf-16"))
    [doc] = _read([path])
    assert isinstance(doc, Document)
    assert doc.body == "About 300 soldiers were wounded."


def test_jsonl_records_each_become_a_document_and_bad_lines_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "Nearly 50 drones were launched.", "title": "One", "published": "2025-01-02"}),
        "{not json",
        json.dumps({"html": "<p>Up to 20 people are missing.</p>", "url": "https://example.org/x"}),
        json.dumps({"title": "no body"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read([path])
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "Rejection", "Document", "Rejection"]
    first, _, html, _ = items
    assert isinstance(first, Document) and first.metadata.published == dt.date(2025, 1, 2)
    assert isinstance(html, Document) and html.media_type == "html" and html.source == "https://example.org/x"


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": "One."}, {"text": "Two."}]), encoding="utf-8")
    assert [type(i).__name__ for i in _read([path])] == ["Document", "Document"]


def test_folders_are_walked_and_globs_expanded(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>b</p>", encoding="utf-8")
    (tmp_path / "notes.docx").write_text("ignored in folders", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["b.html", "a.txt"]
    assert [p.name for p in expand_paths([str(tmp_path / "**" / "*.txt")])] == ["a.txt"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([str(tmp_path / "nope.txt")])


def test_front_matter_is_optional() -> None:
    assert split_front_matter("Plain text.\n") == ({}, "Plain text.\n")
