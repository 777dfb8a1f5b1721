"""Views of a parsed sentence that the rules read again and again, worked out once per Doc.

Iterating a Doc makes a new Token object for every token, and `doc.text` joins the tokens' text
anew at every call: the rules ask "which tokens lie between these characters" for every
number, time and place, and test the lower-case form of every token for several word lists.
These helpers answer from the token offsets, lower-case forms and text, kept in the Doc's
`user_data` (a Doc lives as long as its article's analysis). Each gives exactly what the plain
expression in its docstring gives; a Span (rules accept one) is read the plain way.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, cast

from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc, Span, Token

_STARTS = "claimledger.starts"
_LOWERS = "claimledger.lowers"
_TEXT = "claimledger.text"
_LOWER_KEYS = "claimledger.lower_keys"


def doc_text(doc: Doc | Span) -> str:
    """`doc.text`."""
    if not isinstance(doc, Doc):
        return doc.text
    data: dict[Any, Any] = doc.user_data
    text: str | None = data.get(_TEXT)
    if text is None:
        text = data[_TEXT] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Hand `doc_text` the text the Doc was made from (which is `doc.text`: spaCy keeps every
    character), so that it never has to be joined from the tokens."""
    data: dict[Any, Any] = doc.user_data
    data[_TEXT] = text


def keep_columns(doc: Doc, starts: list[int], lower_keys: list[int] | None) -> None:
    """Hand `between` / `first_from` the tokens' offsets (`doc.to_array(IDX)`) and `lowers` their
    lower-case forms' hashes (`doc.to_array(LOWER)`), read by whoever already read the Doc."""
    data: dict[Any, Any] = doc.user_data
    data[_STARTS] = starts
    if lower_keys is not None:
        data[_LOWER_KEYS] = lower_keys


def lowers(doc: Doc | Span) -> list[str]:
    """`[t.lower_ for t in doc]`, indexed as the doc (`doc[i]` has `lowers(doc)[i]`); shared:
    not to be changed."""
    if not isinstance(doc, Doc):
        return [t.lower_ for t in doc]
    data: dict[Any, Any] = doc.user_data
    found: list[str] | None = data.get(_LOWERS)
    if found is None:
        keys = data.pop(_LOWER_KEYS, None)
        found = data[_LOWERS] = _forms(doc, doc.to_array(LOWER).tolist() if keys is None else keys)
    return found


# String hashes -> strings, read from a Doc's StringStore once: a dict look-up costs less than
# the store's, which decodes the string anew each time. A hash stands for the same string in
# every vocabulary (it is the string's hash), so one cache serves every Doc.
_FORMS: dict[int, str] = {}
_FORMS_KEPT = 200_000  # entries: some 20 MB at most; emptied and refilled past it


def _forms(doc: Doc, keys: list[int]) -> list[str]:
    forms = _FORMS
    if len(forms) > _FORMS_KEPT:
        forms.clear()
    get, strings = forms.get, doc.vocab.strings
    found = [get(key) for key in keys]
    if None not in found:
        return cast("list[str]", found)  # every form cached
    out: list[str] = []
    for key, form in zip(keys, found, strict=True):
        if form is None:
            form = forms[key] = strings[key]
        out.append(form)
    return out


def _starts(doc: Doc) -> list[int]:
    data: dict[Any, Any] = doc.user_data
    found: list[int] | None = data.get(_STARTS)
    if found is None:
        found = data[_STARTS] = doc.to_array(IDX).tolist()
    return found


def between(doc: Doc | Span, start: int, end: int) -> list[Token]:
    """`[t for t in doc if start <= t.idx < end]`: the tokens starting inside the characters."""
    if not isinstance(doc, Doc):
        return [t for t in doc if start <= t.idx < end]
    starts = _starts(doc)
    return [doc[i] for i in range(bisect_left(starts, start), bisect_left(starts, end))]


def first_from(doc: Doc | Span, start: int) -> Token | None:
    """`next((t for t in doc if t.idx >= start), None)`: the first token at or after a character."""
    if not isinstance(doc, Doc):
        return next((t for t in doc if t.idx >= start), None)
    starts = _starts(doc)
    i = bisect_left(starts, start)
    return doc[i] if i < len(starts) else None
