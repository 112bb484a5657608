"""The static HTML view (transmgmt.view), in lxml and in a real headless Chromium."""

from __future__ import annotations

import struct
from pathlib import Path

import attrs
import lxml.html
import pytest
from browser import Chromium, find_chromium, hover_script
from hypothesis import given, settings
from interchange_samples import rich_pair
from strategies import pairs
from test_tei import sample_pair

from transmgmt.model import ArticlePair
from transmgmt.view import article_html, build_site, index_html


def _page(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(data)


class TestArticlePage:
    def test_both_sides_of_a_link_share_its_id(self) -> None:
        """A 1-2 link's Chinese sentence and both English sentences carry the link id."""
        page = _page(article_html(rich_pair()))
        assert [e.get("id") for e in page.xpath("//*[@data-link='l-zh-p1-s2']")] == [
            "zh-p1-s2", "en-p1-s2", "en-p1-s3"]
        assert "manual" in page.get_element_by_id("zh-p1-s2").get("title")

    def test_columns_say_who_is_authoritative_and_show_the_notice(self) -> None:
        """Source left marked authoritative, translation right, the notice under it."""
        page = _page(article_html(rich_pair()))
        source, translation = page.xpath("//main/section")
        assert (source.get("lang"), translation.get("lang")) == ("zh-Hans", "en")
        assert "Authoritative version" in source.xpath("string(.//*[@class='role role-source'])")
        notice = translation.xpath("aside[@class='disclaimer']")[0]
        assert notice.text_content() == rich_pair().disclaimer.text
        assert page.xpath("//body/@data-status") == ["approved"]
        assert page.xpath("//header//span[contains(@class,'badge')]/text()") == ["approved"]

    def test_text_is_escaped_and_kept_exactly(self) -> None:
        """Markup characters in the text stay text; the paragraph reads as in the model."""
        data = article_html(rich_pair())
        assert b"details &amp; &lt;more&gt;." in data
        page = _page(data)
        for doc in rich_pair().documents():
            for paragraph in doc.paragraphs:
                assert page.get_element_by_id(paragraph.id).text_content() == paragraph.text

    def test_pending_source_placeholder(self) -> None:
        """A pair whose source is pending says so in the source column."""
        pending = ArticlePair(id="p1", translation=rich_pair().translation,
                              disclaimer=rich_pair().disclaimer)
        page = _page(article_html(pending))
        assert "not in the archive yet" in page.xpath("string(//section[1])")
        assert page.xpath("//header//span[contains(@class,'badge')]/text()") == ["source pending"]


class TestIndexAndSite:
    def test_index_rows_carry_filter_data(self) -> None:
        """Each row has its status, languages and search text for the filters."""
        page = _page(index_html([sample_pair(), rich_pair()]))
        rows = page.xpath("//table[@id='articles']/tbody/tr")
        assert [(r.get("data-status"), r.get("data-langs")) for r in rows] == [
            ("current", "zh-Hans en"), ("approved", "zh-Hans en")]
        assert "nia issues new measures" in rows[1].get("data-search")
        assert page.xpath("//select[@id='filter-status']/option/@value")[1:] == [
            "source-pending", "translation-missing", "current", "outdated", "reviewed", "approved"]

    def test_site_files_and_static_package_data(self, tmp_path: Path) -> None:
        """build_site writes the static files from the package, the pages and the index."""
        written = build_site([sample_pair(), rich_pair()], tmp_path)
        assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
            "art-1.html", "art-2.html", "index.html", "static/view.css", "static/view.js"]
        assert b"mouseover" in (tmp_path / "static" / "view.js").read_bytes()
        assert not list(tmp_path.rglob("*.tmp"))


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    """A headless Chromium with a fresh profile; the browser tests skip without one."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of two aligned pairs and a pending one."""
    folder = tmp_path_factory.mktemp("site")
    pending = ArticlePair(id="art-9", translation=attrs.evolve(rich_pair().translation,
                                                               title="Pending Story"))
    build_site([sample_pair(), rich_pair(), pending], folder)
    return folder


class TestInBrowser:
    def test_hover_highlights_the_counterparts(self, chromium: Chromium, site: Path) -> None:
        """Hovering a Chinese sentence lights both English sentences of its 1-2 link."""
        result = chromium.probe(site / "art-2.html", hover_script("zh-p1-s2", "en-p1-s3"))
        assert result["problems"] == []
        assert "hl" in result["during"].split()
        assert sorted(result["lit"]) == ["en-p1-s2", "en-p1-s3", "zh-p1-s2"]
        assert "hl" not in result["after"].split()

    def test_hover_on_english_lights_the_chinese(self, chromium: Chromium, site: Path) -> None:
        """Links work both ways, and a hover does not light unrelated sentences."""
        result = chromium.probe(site / "art-2.html",
                                hover_script("en-p1-s1", "zh-p1-s1", release=False))
        assert sorted(result["lit"]) == ["en-p1-s1", "zh-p1-s1"]

    def test_page_loads_without_console_errors(self, chromium: Chromium, site: Path) -> None:
        """No uncaught error, failed resource or console.error on an article page."""
        result = chromium.probe(site / "art-1.html", "function (result) {}")
        assert result["problems"] == []
        assert "Uncaught" not in result["log"]

    def test_the_probe_sees_errors(self, chromium: Chromium, site: Path) -> None:
        """The error check can fail: a missing script is reported as a problem."""
        broken = site / "broken.html"
        broken.write_bytes((site / "art-1.html").read_bytes().replace(b"view.js", b"nope.js"))
        result = chromium.probe(broken, "function (result) {}")
        assert any("nope.js" in p for p in result["problems"])

    def test_index_filters(self, chromium: Chromium, site: Path) -> None:
        """Text search, status and language filters hide rows and update the count."""
        script = """function (result) {
          function visible() {
            var rows = document.querySelectorAll("#articles tbody tr");
            return Array.prototype.filter.call(rows, function (r) { return !r.hidden; })
              .map(function (r) { return r.cells[3].textContent; });
          }
          var text = document.getElementById("filter-text");
          text.value = "measures";
          text.dispatchEvent(new Event("input", {bubbles: true}));
          result.search = visible();
          result.count = document.getElementById("shown").textContent;
          text.value = "";
          text.dispatchEvent(new Event("input", {bubbles: true}));
          var status = document.getElementById("filter-status");
          status.value = "source-pending";
          status.dispatchEvent(new Event("change", {bubbles: true}));
          result.status = visible();
          status.value = "";
          var lang = document.getElementById("filter-lang");
          lang.value = "zh-Hans";
          lang.dispatchEvent(new Event("change", {bubbles: true}));
          result.lang = visible();
        }"""
        result = chromium.probe(site / "index.html", script)
        assert result["problems"] == []
        assert result["search"] == ["art-2"]
        assert result["count"] == "1 shown"
        assert result["status"] == ["art-9"]
        assert result["lang"] == ["art-1", "art-2"]

    def test_screenshot(self, chromium: Chromium, site: Path, tmp_path: Path) -> None:
        """A screenshot of an article page is a PNG of the requested size."""
        png = chromium.screenshot(site / "art-2.html", tmp_path / "art-2.png",
                                  width=1000, height=700)
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1000, 700)


class TestProperties:
    @settings(max_examples=30, deadline=None)
    @given(pairs())
    def test_any_pair_renders_its_text_and_links(self, pair: ArticlePair) -> None:
        """Every paragraph reads as in the model; every link id names a real link."""
        page = _page(article_html(pair))
        for doc in pair.documents():
            for paragraph in doc.paragraphs:
                assert page.get_element_by_id(paragraph.id).text_content() == paragraph.text
        link_ids = {link.id for link in pair.alignment.links()}
        assert set(page.xpath("//main//@data-link")) <= link_ids
        two_sided = {link.id for link in pair.alignment.links() if link.source and link.target}
        for ident in two_sided:
            sides = page.xpath(f"//main//*[@data-link='{ident}']/ancestor::section/@class")
            assert set(sides) == {"doc source", "doc translation"}
