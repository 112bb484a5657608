
"""Tests for transmgmt.checks: every check on a broken and a correct example, the planted
corpus in all four report formats, baselines, waivers, glossaries and the CLI."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import attrs
import pytest
from check_corpus import GLOSSARY_CSV, PLANTED, clean_pair, planted_corpus
from conftest import SEEDS, run_jing
from lxml import etree

from transmgmt.checks import REGISTRY, Checker, Finding, check, load_glossary, render
from transmgmt.checks._glossary import GlossaryError
from transmgmt.cli import run
from transmgmt.errors import ModelError
from transmgmt.model import Paragraph, Waiver
from transmgmt.pipeline import ingest_to_tei
from transmgmt.tei import pair_from_tei, tei_bytes, write_tei
from transmgmt.validate import validate_tei

DATA = Path(__file__).parent / "data" / "checks"
INFO_ONLY = {"TM404", "TM405"}


def _cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", *map(str, args)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("planted")
    return folder, planted_corpus(folder)


@pytest.fixture(scope="module")
def findings(corpus: tuple[Path, dict[str, Path]]) -> list[Finding]:
    folder, _ = corpus
    return check(folder, glossary=folder / "glossary.csv")


def _serious(findings: list[Finding], name: str) -> list[str]:
    return [f.code for f in findings if Path(f.file or "").name == name and f.severity != "info"]


class TestPlantedCorpus:
    def test_every_check_has_a_planted_defect(self) -> None:
        """The planted corpus covers every registered code except the informational ones."""
        assert set(PLANTED) == set(REGISTRY) - INFO_ONLY

    @pytest.mark.parametrize("code", sorted(PLANTED))
    def test_defect_reported_exactly_once(self, code: str, findings: list[Finding]) -> None:
        """Each planted defect is reported once, under its own code, and nothing else."""
        assert _serious(findings, f"defect-{code}.tei.xml") == [code]

    def test_clean_articles_pass(self, findings: list[Finding]) -> None:
        """Realistic correct articles (dates, 万, %, ordinals, terms) get no finding at all."""
        assert [f for f in findings if "clean-" in (f.file or "")] == []

    def test_findings_name_file_line_article_and_unit(self, findings: list[Finding]) -> None:
        """A number finding points at the file, the line and the source sentence."""
        (finding,) = [f for f in findings if f.code == "TM501"]
        assert finding.file.endswith("defect-TM501.tei.xml")
        assert finding.line is not None
        assert finding.article == "defect-TM501"
        assert finding.unit == "zh-p2-s1"
        assert "source has 1244万 (12,440,000); translation has 12.4 million" in finding.message


class TestReports:
    @pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif"])
    def test_cli_reports_each_defect_once(
        self, fmt: str, corpus: tuple[Path, dict[str, Path]], tmp_path: Path
    ) -> None:
        """In every format the run fails (exit 1) and lists each planted defect once."""
        folder, _ = corpus
        out = tmp_path / f"report.{fmt}"
        code, _, err = _cli(
            folder, "--glossary", folder / "glossary.csv", "--format", fmt, "--output", out
        )
        assert code == 1, err
        data = out.read_bytes()
        if fmt == "text":
            pairs = [(line.split(":")[0], line.split()[1]) for line in data.decode().splitlines()]
        elif fmt == "json":
            pairs = [(f["file"], f["code"]) for f in json.loads(data)["findings"]]
        elif fmt == "junit":
            root = etree.fromstring(data)
            pairs = [
                (case.get("classname"), line.split()[1])
                for case in root.iter("testcase")
                for element in case
                if element.tag in ("failure", "system-out")
                for line in (element.text or "").splitlines()
            ]
        else:
            results = json.loads(data)["runs"][0]["results"]
            pairs = [
                (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
                for r in results
            ]
        serious = Counter((Path(file).name, c) for file, c in pairs if c not in INFO_ONLY)
        expected = Counter((f"defect-{c}.tei.xml", c) for c in PLANTED)
        assert serious == expected
        assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # atomic: no temp left

    def test_text_line_format(self) -> None:
        """Text lines read ``file:line: CODE severity [article/unit] message``."""
        f = Finding(
            "TM701",
            "warning",
            'doubled word "the the"',
            file="a.xml",
            line=3,
            article="art-1",
            unit="en-p1-s1",
        )
        assert render([f]) == b'a.xml:3: TM701 warning [art-1/en-p1-s1] doubled word "the the"\n'

    def test_junit_valid_against_xsd(self, shared: Path, findings: list[Finding]) -> None:
        """The JUnit report is valid against the Jenkins xUnit junit-10.xsd."""
        xsd = etree.XMLSchema(etree.parse(str(shared / "conformance" / "junit" / "junit-10.xsd")))
        articles = sorted({(f.file, f.article) for f in findings}, key=str)
        document = etree.fromstring(
            render(findings, "junit", articles=[*articles, ("ok.xml", "ok")])
        )
        assert xsd.validate(document), xsd.error_log
        assert document.find("testsuite").get("failures") != "0"

    def test_sarif_valid_against_schema(self, shared: Path, findings: list[Finding]) -> None:
        """The SARIF report is valid SARIF 2.1.0 (OASIS JSON schema)."""
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(
            (shared / "conformance" / "sarif" / "sarif-schema-2.1.0.json").read_text()
        )
        document = json.loads(render(findings, "sarif"))
        jsonschema.validate(document, schema)
        assert {r["ruleId"] for r in document["runs"][0]["results"]} >= set(PLANTED)

    def test_unknown_format_refused(self) -> None:
        """render() names the formats it knows."""
        with pytest.raises(ValueError, match="text, json, junit, sarif"):
            render([], "html")


class TestSeeds:
    def test_ingested_seeds_pass(self, tmp_path: Path) -> None:
        """The TEI of `transmgmt ingest seeds` passes; the only findings are the true
        "source pending" notes (the Chinese originals are not in seeds/)."""
        ingest_to_tei([SEEDS], tmp_path)
        code, out, err = _cli(tmp_path)
        assert code == 0, out + err
        assert {line.split()[1] for line in out.splitlines()} == {"TM405"}
        code, out, _ = _cli(tmp_path, "--fail-on", "warning")
        assert code == 0


class TestCli:
    def test_missing_path_is_usage_error(self, tmp_path: Path) -> None:
        """A missing path exits 2 with a message, no traceback."""
        code, _, err = _cli(tmp_path / "nope")
        assert code == 2
        assert "no such file" in err

    def test_unknown_code_is_usage_error(self, corpus: tuple[Path, dict[str, Path]]) -> None:
        """--select with an unknown code exits 2 and lists the known codes."""
        code, _, err = _cli(corpus[0], "--select", "TM999")
        assert code == 2
        assert "TM501" in err

    def test_bad_glossary_is_usage_error(
        self, corpus: tuple[Path, dict[str, Path]], tmp_path: Path
    ) -> None:
        """An unreadable glossary exits 2."""
        bad = tmp_path / "g.csv"
        bad.write_text("only-one-column\n", encoding="utf-8")
        code, _, err = _cli(corpus[0], "--glossary", bad)
        assert code == 2
        assert "g.csv:1" in err

    def test_fail_on_warning(self, corpus: tuple[Path, dict[str, Path]]) -> None:
        """A warning fails the run only with --fail-on warning."""
        warning_file = corpus[1]["TM701"]
        assert _cli(warning_file)[0] == 0
        assert _cli(warning_file, "--fail-on", "warning")[0] == 1

    def test_select_and_ignore(self, corpus: tuple[Path, dict[str, Path]]) -> None:
        """--select/--ignore take codes, prefixes and categories."""
        folder = corpus[0]
        _, out, _ = _cli(folder, "--select", "numbers", "--ignore", "TM502")
        assert {line.split()[1] for line in out.splitlines()} == {"TM501"}

    def test_progress_only_on_a_terminal(
        self, corpus: tuple[Path, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Progress goes to stderr for long runs only when stderr is a terminal."""
        import transmgmt.checks.cli as check_cli

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.setattr(check_cli, "_PROGRESS_MIN_FILES", 1)
        terminal, pipe = Terminal(), io.StringIO()
        run(["check", str(corpus[1]["TM701"])], stdout=io.StringIO(), stderr=terminal)
        run(["check", str(corpus[1]["TM701"])], stdout=io.StringIO(), stderr=pipe)
        assert "checked 1/1 files" in terminal.getvalue()
        assert "checked" not in pipe.getvalue().replace("files checked", "")

    def test_baseline_fails_only_on_new_findings(
        self, corpus: tuple[Path, dict[str, Path]], tmp_path: Path
    ) -> None:
        """After --write-baseline the archive passes; a new defect fails again."""
        folder = tmp_path / "archive"
        folder.mkdir()
        for code in ("TM501", "TM701"):
            (folder / corpus[1][code].name).write_bytes(corpus[1][code].read_bytes())
        baseline = tmp_path / "baseline.json"
        assert _cli(folder, "--write-baseline", baseline)[0] == 0
        assert _cli(folder, "--baseline", baseline)[0] == 0
        (folder / "new.tei.xml").write_bytes(corpus[1]["TM502"].read_bytes())
        code, out, _ = _cli(folder, "--baseline", baseline)
        assert code == 1
        assert [line.split()[1] for line in out.splitlines()] == ["TM502"]

    def test_bad_baseline_is_usage_error(
        self, corpus: tuple[Path, dict[str, Path]], tmp_path: Path
    ) -> None:
        """A file that is not a baseline exits 2."""
        bad = tmp_path / "b.json"
        bad.write_text("[]", encoding="utf-8")
        assert _cli(corpus[0], "--baseline", bad)[0] == 2

    def test_fingerprint_ignores_line(self) -> None:
        """Moving a finding to another line keeps its fingerprint; another unit changes it."""
        f = Finding("TM701", "warning", "doubled  word", file="a.xml", line=3, unit="en-p1")
        assert attrs.evolve(f, line=30).fingerprint() == f.fingerprint()
        assert attrs.evolve(f, message="doubled word").fingerprint() == f.fingerprint()
        assert attrs.evolve(f, unit="en-p2").fingerprint() != f.fingerprint()


class TestWaivers:
    def test_waiver_silences_its_finding(self) -> None:
        """A waiver with the finding's code and unit removes it; other codes stay."""
        pair = clean_pair(3)
        text = pair.translation.paragraphs[0].sentences[1].text
        sentence = attrs.evolve(pair.translation.paragraphs[0].sentences[1], text=f"The the {text}")
        paragraph = pair.translation.paragraphs[0]
        paragraph = attrs.evolve(
            paragraph,
            text=paragraph.text.replace(text, sentence.text),
            sentences=(paragraph.sentences[0], sentence),
        )
        translation = attrs.evolve(
            pair.translation, paragraphs=(paragraph, *pair.translation.paragraphs[1:])
        )
        broken = attrs.evolve(pair, translation=translation)
        assert [f.code for f in check(broken)] == ["TM701"]
        waived = attrs.evolve(broken, waivers=(Waiver("TM701", "en-p1-s2", "Quoted verbatim."),))
        assert check(waived) == []
        other = attrs.evolve(broken, waivers=(Waiver("TM702", "en-p1-s2", "Wrong code."),))
        assert [f.code for f in check(other)] == ["TM701"]

    def test_article_waiver_covers_the_article(self) -> None:
        """A waiver on the article id waives its code anywhere in the article."""
        pair = attrs.evolve(clean_pair(4), disclaimer=None)
        assert [f.code for f in check(pair)] == ["TM201"]
        assert (
            check(attrs.evolve(pair, waivers=(Waiver("TM201", pair.id, "No notice published."),)))
            == []
        )

    def test_waivers_round_trip_and_stay_valid(self, tmp_path: Path, jing: list[str]) -> None:
        """Waivers are kept in the TEI, valid against schemas/ and tei_all (jing)."""
        pair = attrs.evolve(
            clean_pair(5),
            waivers=(
                Waiver("TM501", "zh-p2-s1", "The figure was corrected on the English page."),
                Waiver("TM201", "art-00005", "No notice published."),
            ),
        )
        data = tei_bytes(pair)
        assert b'<note type="waiver" n="TM501" target="#zh-p2-s1">' in data
        assert pair_from_tei(data) == pair
        assert validate_tei(data).valid
        result = run_jing(jing, write_tei(pair, tmp_path / "w.tei.xml"))
        assert result.returncode == 0, result.stdout + result.stderr

    def test_waiver_without_disclaimer_is_valid(self) -> None:
        """notesStmt may hold waivers alone."""
        pair = attrs.evolve(
            clean_pair(5),
            disclaimer=None,
            waivers=(Waiver("TM201", "art-00005", "No notice published."),),
        )
        assert validate_tei(tei_bytes(pair)).valid

    def test_dangling_waiver_target_refused(self) -> None:
        """A waiver must point at the article or one of its units."""

        with pytest.raises(ModelError, match="neither the article id"):
            attrs.evolve(clean_pair(5), waivers=(Waiver("TM201", "zh-p9", "x"),))


class TestGlossary:
    def test_csv(self, tmp_path: Path) -> None:
        """CSV rows give the term and its renderings, header skipped."""
        path = tmp_path / "g.csv"
        path.write_text(GLOSSARY_CSV, encoding="utf-8")
        glossary = load_glossary(path)
        assert glossary.terms[0].source == "国家移民管理局"
        assert glossary.terms[0].renderings == ("National Immigration Administration", "NIA")

    def test_tbx(self) -> None:
        """A TBX-Basic file gives the same terms as the CSV."""
        glossary = load_glossary(DATA / "glossary.tbx")
        assert [(t.source, t.renderings) for t in glossary.terms] == [
            ("国家移民管理局", ("National Immigration Administration", "NIA")),
            ("国际移民组织", ("International Organization for Migration", "IOM")),
        ]

    def test_tbx_entities_not_resolved(self, tmp_path: Path) -> None:
        """A hostile TBX cannot read files through entities."""
        path = tmp_path / "evil.tbx"
        path.write_text(
            '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<tbx><text><body><conceptEntry><langSec xml:lang="zh"><termSec>'
            '<term>&x;</term></termSec></langSec><langSec xml:lang="en"><termSec>'
            "<term>y</term></termSec></langSec></conceptEntry></body></text></tbx>"
        )
        with pytest.raises(GlossaryError):
            load_glossary(path)

    def test_whole_words_only(self) -> None:
        """ "NIA" is not found inside "Tanzania"."""
        term = load_glossary(DATA / "glossary.tbx").terms[0]
        assert not term.rendered_in("Tanzania")
        assert term.rendered_in("the nia said")

    def test_tbx_glossary_flags_missing_term(self, corpus: tuple[Path, dict[str, Path]]) -> None:
        """The TBX glossary finds the planted missing term, and only it."""
        found = check(corpus[1]["TM601"], glossary=DATA / "glossary.tbx", select=["TM601"])
        assert [f.code for f in found] == ["TM601"]


def test_a_value_missing_twice_is_one_finding() -> None:
    """Two occurrences of one missing value in a link give one TM501 that counts them."""
    sentences = [
        ("对法国、德国等6国试行免签政策，6国入境人员达到21.4万人次。",
         "Visa-free entry is being tried for France, Germany and others; 214,000 entries "
         "were made."),
        ("会议于6月25日举行。", "The meeting was held on June 25."),
    ]
    pair = clean_pair(3, sentences=sentences, layout=[[0], [1]])
    numbers = [f.message for f in check(pair, select=["TM501"])]
    assert numbers == ["source has 6; the translation does not have it (2 times) "
                       "(zh-p1-s1 ↔ en-p1-s1)"]


def _pair_with(**changes: object) -> object:
    return attrs.evolve(clean_pair(7), **changes)


class TestCorrectVariants:
    """Correct forms the checks must not flag (the broken forms are in the planted corpus)."""

    @pytest.mark.parametrize(
        "notice",
        [
            "英文版仅供参考，以中文版为准。",
            "In case of any discrepancy, the Chinese version shall prevail.",
            "The English version is only for reference. Please refer to the authoritative "
            "Chinese version.",
        ],
    )
    def test_notices_naming_chinese(self, notice: str) -> None:
        """English and Chinese notices naming Chinese as authoritative pass TM202/TM203."""
        pair = clean_pair(7)
        pair = attrs.evolve(pair, disclaimer=attrs.evolve(pair.disclaimer, text=notice))
        assert check(pair, select=["authority"]) == []

    def test_traditional_text_tagged_traditional(self) -> None:
        """Traditional characters tagged zh-Hant pass TM302; tagged zh-Hans they do not."""
        pair = clean_pair(7)
        hant_text = "國家移民管理局將繼續為中外人員往來提供便利。"
        source = attrs.evolve(
            pair.source,
            lang="zh-Hant",
            title="國家移民管理局會見",
            paragraphs=(Paragraph(id="zh-p1", text=hant_text),),
        )
        translation = attrs.evolve(pair.translation, paragraphs=pair.translation.paragraphs[:1])
        disclaimer = attrs.evolve(pair.disclaimer, authoritative_lang="zh-Hant")
        good = attrs.evolve(
            pair,
            source=source,
            translation=translation,
            disclaimer=disclaimer,
            alignment=attrs.evolve(pair.alignment, paragraph_links=(), sentence_links=()),
        )
        assert check(good, select=["TM302"]) == []
        bad = attrs.evolve(
            good,
            source=attrs.evolve(source, lang="zh-Hans"),
            disclaimer=attrs.evolve(disclaimer, authoritative_lang="zh-Hans"),
        )
        assert [f.code for f in check(bad, select=["TM302"])] == ["TM302"]

    def test_padded_sentence_reported_once(self) -> None:
        """White space at the start of a sentence is one TM702 error, not a schema error too."""
        data = tei_bytes(clean_pair(7)).replace(b'<s xml:id="en-p2-s1">', b'<s xml:id="en-p2-s1"> ')
        checker = Checker()
        found = checker.check_bytes(data, "padded.xml")
        assert [(f.code, f.severity, f.unit) for f in found] == [("TM702", "error", "en-p2-s1")]

    def test_curly_quotes_and_had_had_pass(self) -> None:
        """English curly quotes and "had had" are correct English."""
        pair = clean_pair(7)
        paragraph = Paragraph(id="en-p9", text="He said “we had had talks” (in Beijing).")
        translation = attrs.evolve(
            pair.translation, paragraphs=(*pair.translation.paragraphs, paragraph)
        )
        assert check(attrs.evolve(pair, translation=translation), select=["typography"]) == []

    def test_latin_only_chinese_flagged(self) -> None:
        """A "Chinese" paragraph with no Chinese characters is a TM301 error."""
        pair = clean_pair(7)
        source = attrs.evolve(
            pair.source,
            paragraphs=(
                *pair.source.paragraphs,
                Paragraph(id="zh-p9", text="This paragraph was never translated."),
            ),
        )
        found = check(attrs.evolve(pair, source=source), select=["TM301"])
        assert [(f.code, f.severity, f.unit) for f in found] == [("TM301", "error", "zh-p9")]

    def test_english_source_flagged(self) -> None:
        """An English "authoritative source" with a Chinese translation is TM205."""
        pair = clean_pair(7)
        swapped = attrs.evolve(
            pair,
            source=attrs.evolve(
                pair.translation,
                paragraphs=tuple(
                    attrs.evolve(p, id=p.id.replace("en", "x"), sentences=())
                    for p in pair.translation.paragraphs
                ),
            ),
            translation=attrs.evolve(
                pair.source,
                paragraphs=tuple(attrs.evolve(p, sentences=()) for p in pair.source.paragraphs),
            ),
            disclaimer=None,
            alignment=attrs.evolve(pair.alignment, paragraph_links=(), sentence_links=()),
        )
        assert [f.code for f in check(swapped, select=["TM205"])] == ["TM205"]

    def test_length_ratio_prior_on_small_corpus(self) -> None:
        """With too few units to learn from, the documented prior still catches a gross outlier."""
        pair = clean_pair(7)
        sentences = list(pair.translation.paragraphs[1].sentences)
        short = attrs.evolve(sentences[0], text="Up.")
        paragraph = attrs.evolve(pair.translation.paragraphs[1], text="Up.", sentences=(short,))
        translation = attrs.evolve(
            pair.translation,
            paragraphs=(pair.translation.paragraphs[0], paragraph, pair.translation.paragraphs[2]),
        )
        found = check(attrs.evolve(pair, translation=translation), select=["TM403"])
        assert [f.code for f in found] == ["TM403"]
        assert "prior" in found[0].message
        assert check(pair, select=["TM403"]) == []


class TestApi:
    def test_checker_streams_and_counts(self, corpus: tuple[Path, dict[str, Path]]) -> None:
        """Checker.check_path works one file at a time; finish() adds the corpus checks."""
        checker = Checker()
        per_file = [f for path in sorted(corpus[0].glob("*.xml")) for f in checker.check_path(path)]
        corpus_level = checker.finish()
        assert checker.files_checked == len(list(corpus[0].glob("*.xml")))
        assert {f.code for f in corpus_level} == {"TM403", "TM602"}
        assert "TM403" not in {f.code for f in per_file}

    def test_worker_processes_give_the_same_findings(
        self, corpus: tuple[Path, dict[str, Path]], findings: list[Finding]
    ) -> None:
        """jobs=2 checks files in worker processes and reports exactly the same findings."""
        folder = corpus[0]
        assert check(folder, glossary=folder / "glossary.csv", jobs=2) == findings

    def test_unknown_select_raises(self) -> None:
        """An unknown code is a ValueError naming the known codes."""
        with pytest.raises(ValueError, match="TM501"):
            check(clean_pair(1), select=["TM000"])

    def test_registry_codes_are_stable(self) -> None:
        """Every check has a code, a name, a severity and a summary."""
        for code, entry in REGISTRY.items():
            assert code == entry.code
            assert entry.name
            assert entry.summary
            assert entry.severity in ("error", "warning", "info")
