"""Moses-style parallel text export (transmgmt.interchange.moses)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from interchange_samples import rich_pair
from strategies import pairs
from test_tei import sample_pair

from transmgmt.errors import InterchangeError
from transmgmt.interchange import LinkFilter
from transmgmt.interchange.moses import write_moses
from transmgmt.model import ArticlePair


class TestMoses:
    def test_files_line_up(self, tmp_path: Path) -> None:
        """Line n of corpus.zh translates line n of corpus.en; the TSV describes it."""
        names = [p.name for p in write_moses([sample_pair(), rich_pair()], tmp_path)]
        assert names == ["corpus.zh", "corpus.en", "corpus.tsv"]
        zh = (tmp_path / "corpus.zh").read_text("utf-8").splitlines()
        en = (tmp_path / "corpus.en").read_text("utf-8").splitlines()
        tsv = (tmp_path / "corpus.tsv").read_text("utf-8").splitlines()
        assert tsv[0] == "article_id\tlink_id\ttype\tscore\tstatus"
        assert len(zh) == len(en) == len(tsv) - 1 == 5
        assert zh[3] == "措施自7月1日起施行。"
        assert en[3] == "They take effect on July 1. Applicants benefit."
        assert tsv[4] == "art-2\tl-zh-p1-s2\t1-2\t\tmanual"

    def test_filters(self, tmp_path: Path) -> None:
        """min-score keeps manual links and good auto links; approved-only drops art-1."""
        write_moses([sample_pair(), rich_pair()], tmp_path,
                    LinkFilter(min_score=0.5, approved_only=True))
        rows = (tmp_path / "corpus.tsv").read_text("utf-8").splitlines()[1:]
        assert [r.split("\t")[1] for r in rows] == ["l-zh-p1-s1", "l-zh-p1-s2"]

    def test_mixed_primary_languages_refused(self, tmp_path: Path) -> None:
        """Two source languages cannot share one corpus file."""
        other = attrs.evolve(rich_pair("art-9"), disclaimer=None,
                             source=attrs.evolve(rich_pair().source, lang="ja"))
        with pytest.raises(InterchangeError, match="several languages"):
            write_moses([rich_pair(), other], tmp_path)

    @settings(max_examples=30, deadline=None)
    @given(pairs())
    def test_one_pair_per_line_property(self, pair: ArticlePair) -> None:
        """Whatever the texts hold, every file has one line per two-sided sentence link."""
        import tempfile

        folder = Path(tempfile.mkdtemp())
        write_moses([pair], folder)
        expected = sum(1 for link in pair.alignment.sentence_links if link.source and link.target)
        counts = [len((folder / n).read_bytes().split(b"\n")) - 1
                  for n in ("corpus.zh", "corpus.en", "corpus.tsv")]
        assert counts == [expected, expected, expected + 1]
