from __future__ import annotations

import json
from pathlib import Path

from annotator.io.readers import InputProblem, RawArticle, read_inputs, split_metadata


def _read(*paths, source: str | None = None) -> tuple[list[RawArticle], list[InputProblem]]:
    items = list(read_inputs(paths, source=source))
    return ([i for i in items if isinstance(i, RawArticle)],
            [i for i in items if isinstance(i, InputProblem)])


def test_leading_date_line_and_dateline_become_the_published_date():
    text, meta = split_metadata(" date 2024-11-18 17.38 - lunedì 18 novembre 2024\n\nKremlin says no.")
    assert (text, meta["published"]) == ("Kremlin says no.", "2024-11-18")
    text, meta = split_metadata(" date 2024-11-18 Allowing Ukraine to strike, he said.")
    assert (text, meta["published"]) == ("Allowing Ukraine to strike, he said.", "2024-11-18")


def test_a_header_block_gives_title_source_url():
    text, meta = split_metadata("title: Port strike\nsource: Ledger\nurl: https://x.org/a\n\nBody text.")
    assert text == "Body text." and meta == {"title": "Port strike", "source": "Ledger",
                                             "url": "https://x.org/a"}


def test_seed_folder_reads_every_article_with_origin_and_source(seeds):
    articles, problems = _read(seeds)
    assert problems == [] and len(articles) == 5
    first = articles[0]
    # A file's name is no outlet: without a source line (or --source) there is none.
    assert first.origin == "000_d6d7279d007af1e5.txt" and first.source is None
    assert first.published == "2024-11-18" and not first.text.startswith(" date")
    assert articles[2].title.startswith("The Kremlin said any U.S. decision")  # not the cookie banner


def test_jsonl_prodigy_and_doccano_records(tmp_path: Path):
    path = tmp_path / "tasks.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": "Prodigy task.", "meta": {"source": "Wire", "url": "https://w/1"},
                    "_input_hash": 1, "spans": []}),
        json.dumps({"id": 7, "text": "Doccano task.", "label": [[0, 7, "ORG"]]}),
        json.dumps({"text": "Full record.", "title": "T", "source": "S", "published": "2024-01-02"}),
    ]), encoding="utf-8")
    articles, problems = _read(path)
    assert problems == []
    assert (articles[0].source, articles[0].url) == ("Wire", "https://w/1")
    assert articles[0].meta["imported_input_hash"] == 1 and articles[0].origin == "tasks.jsonl:1"
    assert articles[1].meta["imported_id"] == 7 and articles[1].source is None
    assert (articles[2].title, articles[2].published) == ("T", "2024-01-02")


def test_bad_jsonl_lines_are_reported_with_line_numbers_and_good_ones_kept(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps({"text": "Good one."}).encode(),
        b"{not json",
        json.dumps({"title": "no text"}).encode(),
        json.dumps(["a", "list"]).encode(),
        b'{"text": "bad \xff byte"}',
        json.dumps({"text": "   "}).encode(),
        json.dumps({"text": "x" * 1_000_001}).encode(),
        json.dumps({"text": "Good two 🚀."}).encode(),
    ]))
    articles, problems = _read(path)
    assert [a.text for a in articles] == ["Good one.", "Good two 🚀."]
    where = {p.where.rsplit(":", 1)[1]: p.message for p in problems}
    assert set(where) == {"2", "3", "4", "5", "6", "7"}
    assert "not JSON" in where["2"] and '"text"' in where["3"] and "object" in where["4"]
    assert "UTF-8" in where["5"] and '"text"' in where["6"] and "too long" in where["7"]


def test_bad_files_are_reported_and_good_ones_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Peskov said no.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("line one\ncaf\xe9".encode("latin-1"))
    (tmp_path / "control.txt").write_text("Bell\x07 and\x0b tab\tok.", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")  # ignored inside folders
    (tmp_path / "moved.txt").symlink_to(tmp_path / "gone.txt")  # a link to nothing
    (tmp_path / "folder.txt").mkdir()  # a folder with a file-like name is searched, not read
    articles, problems = _read(tmp_path)
    assert sorted(a.origin for a in articles) == ["control.txt", "good.txt"]
    control = next(a for a in articles if a.origin == "control.txt")
    assert control.text == "Bell and tab\tok." and "control character" in control.warnings[0]
    messages = {Path(p.where.split(":")[0]).name: (p.where, p.message) for p in problems}
    assert "empty" in messages["empty.txt"][1]
    assert "binary" in messages["binary.txt"][1]
    assert "UTF-8" in messages["latin1.txt"][1] and messages["latin1.txt"][0].endswith(":2")
    assert "does not exist" in messages["moved.txt"][1]
    assert sorted(messages) == ["binary.txt", "empty.txt", "latin1.txt", "moved.txt"]


def test_missing_paths_and_unsupported_files_are_reported(tmp_path: Path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    _, problems = _read(tmp_path / "nope", tmp_path / "a.pdf")
    assert ["no such file" in problems[0].message, "unsupported" in problems[1].message] == [True, True]


def test_html_main_text_is_extracted_offline(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Kremlin warns</title></head><body><nav>Home | World | Sport</nav>"
        "<article><h1>Kremlin warns US</h1><p>The Kremlin said on Monday that the decision would "
        "escalate tensions, and Peskov told reporters: “We will respond to this.” The statement "
        "came a day after the report.</p><p>Officials in Washington declined to comment on the "
        "matter when asked by reporters on Monday evening.</p></article>"
        "<footer>Cookie settings</footer></body></html>", encoding="utf-8")
    articles, problems = _read(page)
    assert problems == []
    assert "We will respond to this." in articles[0].text and "Cookie" not in articles[0].text
    assert articles[0].title == "Kremlin warns US"  # the headline, not the <title>


def test_the_outlet_comes_from_the_source_line_else_the_address_never_the_file_name(tmp_path: Path):
    (tmp_path / "story-041.txt").write_text("url: https://www.harbourwire.example/a/1\n\n"
                                            "The port said it would reopen.", encoding="utf-8")
    (tmp_path / "story-042.txt").write_text("The port said it would reopen on Monday.",
                                            encoding="utf-8")
    (tmp_path / "story-043.txt").write_text("source: Coastal Ledger\n\nThe port said it "
                                            "would stay shut.", encoding="utf-8")
    articles, problems = _read(tmp_path)
    assert problems == []
    assert [a.source for a in articles] == ["harbourwire.example", None, "Coastal Ledger"]
    given, _ = _read(tmp_path, source="Wire")
    assert {a.source for a in given} == {"Wire"}
