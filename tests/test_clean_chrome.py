"""Page chrome that sits on a line of its own goes, whatever the outlet: reader widgets, teaser
and sign-up prompts. The article's prose around it stays."""

from __future__ import annotations

import pytest

from claimledger.clean import CleanRules, clean
from claimledger.model import Document, Metadata

PROSE = "Shelling hit the market town overnight and local officials said eleven people were hurt."
AFTER = "Repair crews reached the area by the morning, the regional administration said."

CHROME = [
    # (a line of page chrome between two paragraphs of an article)
    pytest.param("100% Font Size", id="text-size-widget"),
    pytest.param("Text size A A A", id="text-size-letters"),
    pytest.param("A A", id="size-letters-alone"),
    pytest.param("Read more", id="read-more"),
    pytest.param("Read more: Ceasefire talks stall again", id="read-more-teaser"),
    pytest.param("Continue reading", id="continue-reading"),
    pytest.param("Share this", id="share-this"),
    pytest.param("Sign up for our morning briefing", id="sign-up-prompt"),
    pytest.param("Print this article", id="print-article"),
    pytest.param("Listen to this article 4 min", id="listen-widget"),
    pytest.param("Download the app", id="app-prompt"),
]


@pytest.fixture(scope="module")
def rules() -> CleanRules:
    return CleanRules.load()


def _cleaned(body: str, rules: CleanRules) -> str:
    doc = Document(id="t", source="t", media_type="text", body=body, metadata=Metadata())
    return clean(doc, rules).text


@pytest.mark.parametrize("line", CHROME)
def test_a_chrome_line_is_dropped_and_the_prose_kept(line: str, rules: CleanRules) -> None:
    text = _cleaned(f"{PROSE}\n\n{line}\n\n{AFTER}", rules)
    assert line not in text
    assert PROSE in text and AFTER in text


PROSE_KEPT = [
    # (a line that only looks like chrome: article text stays)
    pytest.param("Readers were asked to share their accounts of the night.", id="share-in-prose"),
    pytest.param("Aid agencies said 100% of the town's wells were dry.", id="percent-in-prose"),
    pytest.param("A convoy of 40 trucks reached the camp.", id="a-opens-a-sentence"),
]


@pytest.mark.parametrize("line", PROSE_KEPT)
def test_prose_that_resembles_chrome_is_kept(line: str, rules: CleanRules) -> None:
    assert line in _cleaned(f"{PROSE}\n\n{line}\n\n{AFTER}", rules)
