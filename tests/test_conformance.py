"""Every TEI file transmgmt writes is valid against the official TEI P5 tei_all schema.

Checked with lxml (schema compiled once per session) and with the reference validator
jing. Skipped only when ../shared, which holds tei_all.rng, is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, run_jing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import pairs
from test_tei import sample_pair

from transmgmt.model import ArticlePair
from transmgmt.pipeline import ingest_to_tei
from transmgmt.tei import tei_bytes, write_tei


def _lxml_errors(schema: etree.RelaxNG, data: bytes) -> str:
    ok = schema.validate(etree.fromstring(data).getroottree())
    return "" if ok else str(schema.error_log)


def test_seed_output_is_valid_tei_all(
    tmp_path: Path, tei_all: etree.RelaxNG, jing: list[str]
) -> None:
    """The main job's output on seeds/ is valid against tei_all (lxml and jing)."""
    outcomes = ingest_to_tei([SEEDS], tmp_path)
    files = [o.output for o in outcomes if o.output]
    assert len(files) == 2
    for path in files:
        assert _lxml_errors(tei_all, path.read_bytes()) == ""
    result = run_jing(jing, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_pair_is_valid_tei_all(
    tmp_path: Path, tei_all: etree.RelaxNG, jing: list[str]
) -> None:
    """A full pair (both texts, sentences, links, history) is valid against tei_all."""
    path = write_tei(sample_pair(), tmp_path / "sample.tei.xml")
    assert _lxml_errors(tei_all, path.read_bytes()) == ""
    result = run_jing(jing, path)
    assert result.returncode == 0, result.stdout + result.stderr


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pair=pairs())
def test_any_pair_is_valid_tei_all(pair: ArticlePair, tei_all: etree.RelaxNG) -> None:
    """Whatever the model holds exports to TEI valid against tei_all."""
    assert _lxml_errors(tei_all, tei_bytes(pair)) == ""


@settings(
    max_examples=1,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(batch=st.lists(pairs(), min_size=12, max_size=12))
def test_generated_pairs_pass_jing(
    batch: list[ArticlePair], tmp_path_factory: pytest.TempPathFactory, jing: list[str]
) -> None:
    """A batch of generated pairs also passes jing (one Java start for all files)."""
    folder = tmp_path_factory.mktemp("jing")
    files = [write_tei(p, folder / f"{i}.xml") for i, p in enumerate(batch)]
    result = run_jing(jing, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_aligned_seed_pair_is_valid_tei_all(
    tmp_path: Path, tei_all: etree.RelaxNG, jing: list[str]
) -> None:
    """A seed English page with a Chinese page, aligned by ingest, is valid tei_all TEI."""
    from test_cli import ZH_PAGE

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "story.zh.txt").write_text(ZH_PAGE, encoding="utf-8")
    (pages / "story.en.txt").write_bytes((SEEDS / "000_b36e647bb89e86f8.txt").read_bytes())
    [outcome] = ingest_to_tei([pages], tmp_path / "out")
    assert outcome.pair is not None and outcome.pair.alignment.sentence_links
    path = outcome.output
    assert path is not None
    assert _lxml_errors(tei_all, path.read_bytes()) == ""
    result = run_jing(jing, path)
    assert result.returncode == 0, result.stdout + result.stderr
