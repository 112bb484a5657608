"""Drive a headless Chromium from the tests: no driver, no network, stdlib only.

Chromium's ``--dump-dom`` prints the DOM after the page's ``load`` event, so a test
page carries a small probe script that acts on the page (dispatches a mouseover,
types into a filter) on ``load`` and writes what it saw as JSON into ``<pre
id="probe">``; a guard script placed first in ``<head>`` records uncaught errors,
failed resource loads and ``console.error`` calls. ``--screenshot`` takes the PNGs.

Regenerate the screenshots in ``docs/`` with ``python tests/browser.py docs``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import lxml.html
from lxml import etree

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

GUARD = """
window.__problems = [];
window.addEventListener("error", function (e) {
  window.__problems.push("error: " + (e.message || (e.target && (e.target.src || e.target.href))));
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.__problems.push("rejection: " + e.reason);
});
(function () {
  var original = console.error;
  console.error = function () {
    window.__problems.push("console.error: " + Array.prototype.join.call(arguments, " "));
    return original.apply(console, arguments);
  };
}());
"""

PROBE = """
window.addEventListener("load", function () {
  var result = {steps: []};
  try { (%s)(result); } catch (e) { window.__problems.push("probe: " + e); }
  result.problems = window.__problems;
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
"""


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on PATH, if any."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """A headless Chromium with a throw-away profile."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.executable = executable
        self.profile = profile

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [self.executable, *FLAGS, f"--user-data-dir={self.profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)

    def dump_dom(self, page: Path) -> tuple[str, str]:
        """The DOM after load, and Chromium's log (console messages are in it)."""
        done = self._run("--virtual-time-budget=3000", "--dump-dom", page.resolve().as_uri())
        return done.stdout, done.stderr

    def probe(self, page: Path, script: str) -> dict:
        """Run *script* (a JS function of ``result``) on *page* after load; its JSON result.

        The page is copied next to itself with the guard and the probe injected, so
        relative links to ``static/`` still resolve.
        """
        root = lxml.html.fromstring(page.read_bytes())
        guard = etree.Element("script")
        guard.text = GUARD
        root.find("head").insert(0, guard)
        probe = etree.SubElement(root.find("body"), "script")
        probe.text = PROBE % script
        copy = page.with_name(f"_probe-{page.name}")
        copy.write_bytes(etree.tostring(root, method="html", encoding="UTF-8",
                                        doctype="<!DOCTYPE html>"))
        dom, log = self.dump_dom(copy)
        found = lxml.html.fromstring(dom).get_element_by_id("probe", None) if dom else None
        if found is None:
            msg = f"the probe did not run on {page.name}; chromium said:\n{log[-2000:]}"
            raise AssertionError(msg)
        result = json.loads(found.text_content())
        result["log"] = log
        return result

    def screenshot(self, page: Path, png: Path, *, width: int = 1280, height: int = 900) -> Path:
        """Save a PNG of *page* at the given window size."""
        done = self._run(f"--window-size={width},{height}", "--virtual-time-budget=3000",
                         f"--screenshot={png.resolve()}", page.resolve().as_uri())
        if not png.is_file():
            msg = f"no screenshot of {page.name}; chromium said:\n{done.stderr[-2000:]}"
            raise AssertionError(msg)
        return png


HOVER = """function (result) {
  var from = document.getElementById(%(source)s), to = document.getElementById(%(target)s);
  from.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  result.during = to.className;
  result.lit = Array.prototype.map.call(document.querySelectorAll(".hl"), function (e) {
    return e.id; });
  %(release)s
  result.after = to.className;
}"""


def hover_script(source: str, target: str, *, release: bool = True) -> str:
    """A probe that hovers *source* and reports *target*'s classes (then leaves it)."""
    leave = 'from.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));' if release else ""
    return HOVER % {"source": json.dumps(source), "target": json.dumps(target), "release": leave}


def make_docs(repo: Path) -> None:
    """Write docs/seeds-view.png and docs/pair-view.png (see the module docstring)."""
    sys.path[:0] = [str(repo), str(repo / "tests")]
    from interchange_samples import rich_pair

    from transmgmt.interchange import read_archive
    from transmgmt.pipeline import ingest_to_tei
    from transmgmt.view import build_site

    executable = find_chromium()
    if executable is None:
        sys.exit("chromium is not installed")
    work = Path(tempfile.mkdtemp())
    browser = Chromium(executable, work / "profile")
    ingest_to_tei([repo / "seeds"], work / "tei")
    build_site(read_archive(work / "tei"), work / "seeds")
    article = sorted((work / "seeds").glob("art-000*.html"))[0]
    browser.screenshot(article, repo / "docs" / "seeds-view.png", height=1640)
    build_site([rich_pair()], work / "pair")
    page = work / "pair" / "art-2.html"
    # Hover one sentence (left lit) so the picture shows the highlight.
    lit = page.with_name("lit.html")
    root = lxml.html.fromstring(page.read_bytes())
    etree.SubElement(root.find("body"), "script").text = (
        'window.addEventListener("load", function () { document.getElementById("zh-p1-s2")'
        '.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); });')
    lit.write_bytes(etree.tostring(root, method="html", encoding="UTF-8",
                                   doctype="<!DOCTYPE html>"))
    browser.screenshot(lit, repo / "docs" / "pair-view.png", height=760)
    browser.screenshot(work / "seeds" / "index.html", work / "seeds-index.png", height=400)
    print(f"wrote docs/seeds-view.png, docs/pair-view.png; also {work / 'seeds-index.png'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["docs"]:
        make_docs(Path(__file__).resolve().parent.parent)
    else:
        sys.exit(__doc__)
