"""Reports of findings: text, JSON, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lxml import etree

from transmgmt import __version__
from transmgmt.checks._finding import Finding, severity_rank
from transmgmt.checks._registry import REGISTRY

__all__ = ["FORMATS", "render"]

#: The report formats :func:`render` writes.
FORMATS = ("text", "json", "junit", "sarif")
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_INFORMATION_URI = "https://github.com/transmgmt/transmgmt"


def _where(finding: Finding) -> str:
    if finding.article and finding.unit:
        return f"[{finding.article}/{finding.unit}]"
    if finding.article or finding.unit:
        return f"[{finding.article or finding.unit}]"
    return ""


def _text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = _where(f)
        lines.append(
            f"{f.location()}: {f.code} {f.severity} {where + ' ' if where else ''}{f.message}"
        )
    return "".join(line + "\n" for line in lines)


def _json(findings: Sequence[Finding], summary: dict[str, object]) -> str:
    document = {
        "tool": "transmgmt",
        "version": __version__,
        "summary": summary,
        "findings": [f.to_dict() for f in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _junit(
    findings: Sequence[Finding], articles: Sequence[tuple[str | None, str | None]], fail_on: str
) -> bytes:
    by_case: dict[tuple[str | None, str | None], list[Finding]] = {}
    for key in articles:
        by_case.setdefault(key, [])
    for finding in findings:
        by_case.setdefault((finding.file, finding.article), []).append(finding)
    threshold = severity_rank(fail_on)
    suites = etree.Element("testsuites", name="transmgmt check")
    suite = etree.SubElement(suites, "testsuite", name="transmgmt check")
    failures = 0
    for (file, article), case_findings in by_case.items():
        case = etree.SubElement(
            suite, "testcase", name=article or file or "<pair>", classname=file or "<pair>"
        )
        failing = [f for f in case_findings if severity_rank(f.severity) >= threshold]
        if failing:
            failures += 1
            failure = etree.SubElement(
                case,
                "failure",
                type=failing[0].code,
                message=f"{len(failing)} finding(s) at or above {fail_on}",
            )
            failure.text = _text(failing)
        others = [f for f in case_findings if severity_rank(f.severity) < threshold]
        if others:
            etree.SubElement(case, "system-out").text = _text(others)
    for element in (suites, suite):
        element.set("tests", str(len(by_case)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sarif(findings: Sequence[Finding]) -> str:
    codes = sorted(REGISTRY)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": REGISTRY[code].name,
            "shortDescription": {"text": REGISTRY[code].summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[REGISTRY[code].severity]},
            "properties": {"category": REGISTRY[code].category},
        }
        for code in codes
    ]
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "partialFingerprints": {"transmgmtFingerprint/v1": f.fingerprint()},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        location: dict[str, object] = {}
        if f.file:
            physical: dict[str, object] = {"artifactLocation": {"uri": f.file}}
            if f.line:
                physical["region"] = {"startLine": f.line}
            location["physicalLocation"] = physical
        if f.article:
            name = f"{f.article}/{f.unit}" if f.unit else f.article
            location["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "element"}]
        if location:
            result["locations"] = [location]
        results.append(result)
    document = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "transmgmt",
                        "version": __version__,
                        "informationUri": _INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render(
    findings: Sequence[Finding],
    fmt: str = "text",
    *,
    articles: Sequence[tuple[str | None, str | None]] = (),
    fail_on: str = "error",
    summary: dict[str, object] | None = None,
) -> bytes:
    """Write *findings* as a report in *fmt* (one of :data:`FORMATS`), UTF-8 bytes.

    Args:
        findings: What to report.
        fmt: ``text`` (``file:line: CODE severity [article/unit] message``), ``json``,
            ``junit`` (one test case per article) or ``sarif`` (2.1.0).
        articles: ``(file, article)`` of every article checked, so that JUnit lists the
            passing ones too.
        fail_on: The severity from which a JUnit test case fails.
        summary: Extra counts for the JSON report.

    Raises:
        ValueError: If *fmt* is unknown.

    Example:
        >>> f = Finding("TM701", "warning", 'doubled word "the the"', file="a.xml", line=3,
        ...             article="art-1", unit="en-p1-s1")
        >>> render([f]).decode()
        'a.xml:3: TM701 warning [art-1/en-p1-s1] doubled word "the the"\\n'
    """
    if fmt == "text":
        return _text(findings).encode("utf-8")
    if fmt == "json":
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        return _json(findings, {**counts, **(summary or {})}).encode("utf-8")
    if fmt == "junit":
        return _junit(findings, articles, fail_on)
    if fmt == "sarif":
        return _sarif(findings).encode("utf-8")
    msg = f"report format must be one of {', '.join(FORMATS)}, got {fmt!r}"
    raise ValueError(msg)
