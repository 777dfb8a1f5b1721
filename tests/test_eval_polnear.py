"""The PolNeAR attribution score: the brat reader, who a Source names, the four figures, the
mapping of cleaned offsets back to the file, and a run on a few real dev articles.

The small article below is written for these tests; only the last test reads PolNeAR itself,
from ../shared, and it skips when the corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.evaluate.polnear import (
    NumberCredit,
    PolnearArticle,
    PredictedAttribution,
    innermost_content,
    is_named,
    load_split,
    name_words,
    origin_matches,
    parse_ann,
    score_article,
    source_names,
)
from claimledger.evaluate.polnear_run import OffsetMap, place_attribution

POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear" / "dev"

TEXT = (
    "Harbour Board Says Ferry Fares Will Rise\n"
    "\n"
    "Mayor Ilse Brandt said the ferry carried 4,200 riders last week.\n"
    "\n"
    "She added that 300 of them paid nothing.\n"
    "\n"
    "Officials said fares would rise by 12 percent. The pier holds 80 boats.\n"
)


def _at(needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _ann() -> str:
    """Three attributions: a named mayor, a pronoun for her, and unnamed officials; the third
    content is in two pieces and its .ann copy of the text is written over two lines."""
    lines = []
    spans = {
        "T1": ("Source", [_at("Mayor Ilse Brandt")]),
        "T2": ("Cue", [_at("said")]),
        "T3": ("Content", [_at("the ferry carried 4,200 riders last week")]),
        "T4": ("Source", [_at("She")]),
        "T5": ("Cue", [_at("added")]),
        "T6": ("Content", [_at("300 of them paid nothing")]),
        "T7": ("Source", [_at("Officials")]),
        "T8": ("Cue", [_at("said", 1)]),
        "T9": ("Content", [_at("fares would rise"), _at("by 12 percent")]),
    }
    for ident, (label, pieces) in spans.items():
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        covered = " ".join(TEXT[s:e] for s, e in pieces)
        if ident == "T9":
            covered = covered.replace(" by", "\nby")
        lines.append(f"{ident}\t{label} {offsets}\t{covered}")
    lines += [
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
        "E3\tAttribution:T8 Cue:T8 Source:T7 Content:T9",
        "#1\tAnnotatorNotes T9\ta note that is not a span",
    ]
    return "\n".join(lines) + "\n"


def _article() -> PolnearArticle:
    return PolnearArticle("ferry", TEXT, parse_ann(_ann(), TEXT))


def test_parse_ann_reads_spans_roles_and_split_pieces():
    attributions = {a.id: a for a in parse_ann(_ann(), TEXT)}
    assert sorted(attributions) == ["E1", "E2", "E3"]
    first = attributions["E1"]
    assert first.source is not None and first.source.text == "Mayor Ilse Brandt"
    assert first.cue is not None and first.cue.text == "said"
    assert [c.text for c in first.content] == ["the ferry carried 4,200 riders last week"]
    third = attributions["E3"]
    assert len(third.content[0].pieces) == 2
    assert third.content[0].text == "fares would rise by 12 percent"
    assert third.cue is not None and third.cue.start == _at("said", 1)[0]


def test_parse_ann_keeps_an_attribution_without_source_and_a_second_content():
    text = "Rates rise, the memo says, and costs fall."
    ann = (
        "T1\tCue 17 21\tsays\n"
        "T2\tContent 0 10\tRates rise\n"
        "T3\tContent 31 41\tcosts fall\n"
        "T4\tSource 11 19\tthe memo\n"
        "E1\tAttribution-no-source:T1 Content:T2 Cue:T1 Content2:T3\n"
    )
    (only,) = parse_ann(ann, text)
    assert only.source is None
    assert [c.text for c in only.content] == ["Rates rise", "costs fall"]


def test_named_sources_pronouns_and_descriptions():
    article = _article()
    names = source_names(article)
    assert names["E1"].status == "named"
    assert names["E2"].status == "resolved" and names["E2"].name == "Mayor Ilse Brandt"
    assert names["E3"].status == "unnamed"  # a generic noun for who spoke
    # a capital that only opens the sentence, the word also written in lower case, is no name
    assert not is_named("Riders", "Riders said so. The riders left.", 0)
    assert is_named("Brandt", "Brandt said so. The riders left.", 0)
    assert not is_named("the Harbour Board chairman", TEXT, 0)  # capitals qualify a common noun
    assert is_named("a report by Harbour Monthly", TEXT, 0)


def test_name_words_drop_titles_possessives_and_case():
    assert name_words("Sen. Brandt's office") == {"brandt", "office"}
    assert origin_matches("brandt", "Mayor Ilse Brandt")
    assert not origin_matches("the harbour board", "Mayor Ilse Brandt")
    assert not origin_matches(None, "Mayor Ilse Brandt")


def test_innermost_content_prefers_the_nested_report():
    text = "Ana said Ben told her 40 boats sank."
    ann = (
        "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 35\tBen told her 40 boats sank\n"
        "T4\tSource 9 12\tBen\nT5\tCue 13 17\ttold\nT6\tContent 22 35\t40 boats sank\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nE2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
    )
    article = PolnearArticle("nested", text, parse_ann(ann, text))
    found = innermost_content(article, 22, 24)
    assert found is not None and found.id == "E2"


def test_score_article_counts_the_four_figures():
    article = _article()
    numbers = [
        NumberCredit(*_at("4,200"), "4,200", origin="Ilse Brandt", attributed_to="Ilse Brandt"),
        NumberCredit(*_at("300"), "300", origin=None),  # inside, no origin
        NumberCredit(*_at("12 percent"), "12", origin="officials", attributed_to="officials"),
        NumberCredit(*_at("80"), "80", origin="officials", attributed_to="officials"),  # outside, credited
    ]
    predicted = [
        PredictedAttribution("Ilse Brandt", "said", _at("Ilse Brandt"), _at("said")),
        PredictedAttribution("officials", "said", _at("Officials"), _at("said", 1)),
        PredictedAttribution("pier", "holds", _at("The pier"), _at("holds")),
    ]
    result = score_article(article, numbers, predicted)
    by_text = {n.number_text: n for n in result.numbers}
    assert by_text["4,200"].attribution == "E1" and by_text["4,200"].matched is True
    assert by_text["300"].source_status == "resolved" and by_text["300"].matched is False
    assert by_text["12"].source_status == "unnamed" and by_text["12"].matched is None
    assert not by_text["80"].inside
    # sources: "Officials" exact; "Ilse Brandt" overlaps "Mayor Ilse Brandt"; "She" missed
    assert (result.sources.gold, result.sources.predicted) == (3, 3)
    assert (result.sources.exact, result.sources.overlap) == (1, 2)
    assert (result.cues.exact, result.cues.overlap) == (2, 2)
    assert {m.text for m in result.sources.misses} == {"She", "The pier"}

    from claimledger.evaluate.polnear_report import PolnearReport

    report = PolnearReport((result,))
    assert (report.inside_with_origin.part, report.inside_with_origin.whole) == (2, 3)
    assert (report.named_matched.part, report.named_matched.whole) == (1, 2)
    assert (report.outside_left.part, report.outside_left.whole) == (0, 1)
    figures = report.to_json()
    assert figures["source_spans"]["exact"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert "numbers inside attributions with an origin" in report.render()


def test_offset_map_points_back_past_dropped_and_trimmed_lines():
    original = "Title here\n\n  The army said 40 died.\u200b\nRead more\n\nMore text 7."
    cleaned = "Title here\n\nThe army said 40 died.\n\nMore text 7."
    offsets = OffsetMap(cleaned, original)
    start = cleaned.index("40")
    span = offsets.span(start, start + 2)
    assert span is not None and original[span[0] : span[1]] == "40"
    start = cleaned.index("7.")
    span = offsets.span(start, start + 1)
    assert span is not None and original[span[0] : span[1]] == "7"


def test_offset_map_aligns_a_line_changed_inside():
    original = "A\u200bB said 12 left.\n"
    cleaned = "AB said 12 left."
    offsets = OffsetMap(cleaned, original)
    start = cleaned.index("12")
    span = offsets.span(start, start + 2)
    assert span is not None and original[span[0] : span[1]] == "12"


@pytest.mark.model
def test_place_attribution_finds_a_cue_in_any_form_beside_an_according_to(pipeline):
    import datetime as dt

    from claimledger.model import Article, Metadata

    # "stressing" is no listed form of "stress": the lexicon's lemma test, not its word list,
    # says it is the cue, so the according-to phrase is not taken for it
    text = "The fire chief was stressing that 40 homes burned, according to the radio station."
    article = Article(id="p" * 32, source="test", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))
    item = pipeline.extractor.analyser.analyse_many([article])[0].sentences[0]
    source, cue = place_attribution(item, pipeline.resources.lexicon)
    assert source is not None and cue is not None
    assert (text[source[0] : source[1]], text[cue[0] : cue[1]]) == ("fire chief", "stressing")


def test_load_split_pairs_texts_with_annotations(tmp_path: Path):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "ferry_news.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "ferry_news_ab12.ann").write_text(_ann(), encoding="utf-8")
    (split / "text" / "unannotated.txt").write_text("Nothing here.", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\ndev\tferry_news\tharbour\t2016-05-04\n",
        encoding="utf-8",
    )
    (article,) = load_split(split)
    assert article.name == "ferry_news" and len(article.attributions) == 3
    assert article.outlet == "harbour" and str(article.published) == "2016-05-04"


@pytest.mark.skipif(not (POLNEAR_DEV / "text").is_dir(), reason="../shared/corpus/polnear is not present")
def test_eval_polnear_on_real_dev_articles():
    from claimledger.cli import app

    result = CliRunner().invoke(app, ["eval-polnear", str(POLNEAR_DEV), "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 3 and report["attributions"] > 0
    assert report["source_spans"]["gold"] > 0 and report["cue_spans"]["predicted"] > 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (POLNEAR_DEV / "text").glob("*.txt")}
    for article in report["per_article"]:
        text = texts[article["name"]]
        for number in article["numbers"]:
            # each claim's number, mapped back from the cleaned text, lies where the file has it
            assert number["number_text"] in text[number["start"] : number["end"]]
    for key in ("inside_with_origin", "named_sources_matched", "outside_left_to_article"):
        assert 0.0 <= report[key]["share"] <= 1.0


def test_eval_polnear_rejects_a_missing_folder(tmp_path: Path):
    from claimledger.cli import app

    result = CliRunner().invoke(app, ["eval-polnear", str(tmp_path / "absent")])
    assert result.exit_code == 2
