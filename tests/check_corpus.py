
"""Realistic aligned article pairs for the check tests and the benchmark.

:func:`clean_pair` builds a Chinese/English pair in the style of NIA news pages
(dates, 万 counts, percentages, ordinals, anniversaries), segmented and aligned, that
every check passes; :func:`planted_corpus` writes clean pairs plus one file per defect
kind, each with exactly one defect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
from babel.dates import format_date

from transmgmt.model import (
    Alignment,
    ArticlePair,
    Disclaimer,
    Document,
    Link,
    Paragraph,
    Revision,
    Sentence,
)
from transmgmt.tei import tei_bytes

UTC = dt.timezone.utc
NOTICE = (
    "Notice: The English version is only for reference. To learn more, please refer to "
    "the authoritative Chinese version."
)
GLOSSARY_CSV = (
    "source,target,alternatives\n"
    "国家移民管理局,National Immigration Administration,NIA\n"
    "国际移民组织,International Organization for Migration,IOM\n"
)
_NAMES = [
    ("许甘露", "Xu Ganlu"),
    ("刘海涛", "Liu Haitao"),
    ("王志忠", "Wang Zhizhong"),
    ("陈春华", "Chen Chunhua"),
    ("李旭东", "Li Xudong"),
]
_ORDINALS_ZH = "一二三四五六七八九十"
_ORDINALS_EN = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]
_CITIES = [("广州", "Guangzhou"), ("上海", "Shanghai"), ("深圳", "Shenzhen"), ("昆明", "Kunming")]


def _sentences(i: int) -> list[tuple[str, str]]:
    """The (Chinese, English) sentence pairs of article *i*, numbers varied with *i*."""
    day = dt.date(2021, 1 + i % 12, 1 + (i * 7) % 28)
    month_en = format_date(day, "MMMM", locale="en")
    zh_name, en_name = _NAMES[i % len(_NAMES)]
    count = 1000 + (i * 37) % 8000  # 万 persons
    percent = f"{1 + (i * 13) % 40}.{i % 10}"
    ordinal = i % 10
    experts = 40 + i % 60
    city_zh, city_en = _CITIES[i % len(_CITIES)]
    anniversary = 20 + i % 80
    return [
        (
            f"{day.month}月{day.day}日，国家移民管理局副局长{zh_name}在北京会见了国际移民组织驻华代表。",
            f"On {month_en} {day.day}, {en_name}, Deputy Commissioner of the National Immigration "
            f"Administration (NIA), met with the chief representative of the IOM in China in "
            "Beijing.",
        ),
        (
            "双方就深化移民领域合作交换了意见。",
            "The two sides exchanged views on deepening cooperation in immigration.",
        ),
        (
            f"今年1至{day.month}月，全国移民管理机构共查验出入境人员{count}万人次，同比增长{percent}%。",
            f"From January to {month_en} this year, immigration authorities nationwide inspected "
            f"{count / 100:g} million inbound and outbound trips, up {percent} percent year on "
            "year.",
        ),
        (
            f"第{_ORDINALS_ZH[ordinal]}届国际移民研究高峰论坛在{city_zh}举行，"
            f"约{experts}名专家学者参加。",
            f"The {_ORDINALS_EN[ordinal]} International Migration Research Summit Forum was held "
            f"in {city_en}, with around {experts} experts and scholars attending.",
        ),
        (
            f"今年是中国与国际移民组织建立正式关系{anniversary}周年。",
            f"This year marks the {anniversary}th anniversary of official relations between China "
            f"and the IOM.",
        ),
        (
            "国家移民管理局将继续为中外人员往来提供便利。",
            "The NIA will continue to facilitate the exchange of people between China and other "
            "countries.",
        ),
    ]


# Paragraph layout: sentence indexes per paragraph.
_LAYOUT = [[0, 1], [2], [3, 4, 5]]


@attrs.frozen
class Edit:
    """What to change in a clean article to plant a defect."""

    sentences: dict[int, tuple[str | None, str | None]] = attrs.field(factory=dict)


def clean_pair(
    i: int,
    *,
    article_id: str | None = None,
    sentences: list[tuple[str, str]] | None = None,
    layout: list[list[int]] | None = None,
    disclaimer: str | None = NOTICE,
    source_lang: str = "zh-Hans",
    en_gap: str = " ",
    source_title: str | None = None,
    aligned: bool = True,
    extra_source: str | None = None,
    extra_target: str | None = None,
) -> ArticlePair:
    """A realistic aligned pair that passes every check (unless told otherwise)."""
    pairs = sentences if sentences is not None else _sentences(i)
    layout = layout or _LAYOUT
    day = dt.date(2021, 1 + i % 12, 1 + (i * 7) % 28)
    zh_paragraphs, en_paragraphs = [], []
    sentence_links = []
    for p_number, indexes in enumerate(layout, 1):
        zh_s = [
            Sentence(id=f"zh-p{p_number}-s{k}", text=pairs[j][0]) for k, j in enumerate(indexes, 1)
        ]
        en_s = [
            Sentence(id=f"en-p{p_number}-s{k}", text=pairs[j][1]) for k, j in enumerate(indexes, 1)
        ]
        zh_paragraphs.append(
            Paragraph(
                id=f"zh-p{p_number}", text="".join(s.text for s in zh_s), sentences=tuple(zh_s)
            )
        )
        en_paragraphs.append(
            Paragraph(
                id=f"en-p{p_number}", text=en_gap.join(s.text for s in en_s), sentences=tuple(en_s)
            )
        )
        sentence_links += [Link((z.id,), (e.id,), 0.9) for z, e in zip(zh_s, en_s, strict=True)]
    paragraph_links = [
        Link((z.id,), (e.id,), 0.95)
        for z, e in zip(zh_paragraphs, en_paragraphs, strict=True)
    ]
    if extra_source is not None:
        ident = f"zh-p{len(zh_paragraphs) + 1}"
        zh_paragraphs.append(Paragraph(id=ident, text=extra_source))
        paragraph_links.append(Link((ident,), (), 0.3))
    if extra_target is not None:
        ident = f"en-p{len(en_paragraphs) + 1}"
        en_paragraphs.append(Paragraph(id=ident, text=extra_target))
        paragraph_links.append(Link((), (ident,), 0.3))
    zh = Document(
        lang=source_lang,
        title=source_title or f"国家移民管理局会见国际移民组织代表（{i}）",
        paragraphs=tuple(zh_paragraphs),
        publisher="国家移民管理局",
        event_date=day,
    )
    en = Document(
        lang="en",
        title=f"NIA Meets IOM Representative ({i})",
        paragraphs=tuple(en_paragraphs),
        event_date=day,
    )
    alignment = (
        Alignment(
            paragraph_links=tuple(paragraph_links),
            sentence_links=tuple(sentence_links),
            method="test",
        )
        if aligned
        else Alignment()
    )
    return ArticlePair(
        id=article_id or f"art-{i:05d}",
        source=zh,
        translation=en,
        disclaimer=None
        if disclaimer is None
        else Disclaimer(
            text=disclaimer, lang="en", authoritative_lang=source_lang, reference_lang="en"
        ),
        alignment=alignment,
        revisions=(
            Revision(
                when=dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC),
                who="transmgmt",
                kind="ingest",
                status="current",
            ),
        ),
        translated_from=zh.digest,
    )


def _swap(
    i: int, index: int, zh: str | None = None, en: str | None = None
) -> list[tuple[str, str]]:
    pairs = _sentences(i)
    old_zh, old_en = pairs[index]
    pairs[index] = (zh if zh is not None else old_zh, en if en is not None else old_en)
    return pairs


def _xml(pair: ArticlePair) -> bytes:
    return tei_bytes(pair)


def _replace(pair: ArticlePair, old: bytes, new: bytes) -> bytes:
    data = tei_bytes(pair)
    assert old in data, old
    return data.replace(old, new, 1)


#: One defect per code: the code → a function of the article number giving TEI bytes.
PLANTED: dict[str, Callable[[int], bytes]] = {
    "TM100": lambda i: _xml(clean_pair(i))[:-40],
    "TM101": lambda i: _replace(clean_pair(i), b'type="source"', b'type="original"'),
    "TM102": lambda i: _replace(
        clean_pair(i),
        b'<bibl xml:id="bibl-translation" type="reference" xml:lang="en">',
        b'<bibl xml:id="bibl-translation" type="reference" xml:lang="en-GB">',
    ),
    "TM103": lambda i: _replace(clean_pair(i), b'<s xml:id="zh-p1-s2">', b'<s xml:id="zh-p1-s1">'),
    "TM104": lambda i: _replace(
        clean_pair(i), b'target="#zh-p2 #en-p2"', b'target="#zh-p9 #en-p2"'
    ),
    "TM105": lambda i: _replace(
        clean_pair(i), b'target="#zh-p2 #en-p2"', b'target="#en-p2 #zh-p2"'
    ),
    "TM106": lambda i: _replace(
        clean_pair(i), b'<p xml:id="en-p2">', b'<p xml:id="en-p2"><s xml:id="en-p2-s0"> </s>'
    ),
    "TM107": lambda i: _replace(
        clean_pair(i), b'<idno type="transmgmt">', b'<idno type="transmgmt">x'
    ),
    "TM201": lambda i: _xml(clean_pair(i, disclaimer=None)),
    "TM202": lambda i: _xml(clean_pair(i, disclaimer="This translation is for reference only.")),
    "TM203": lambda i: _xml(
        clean_pair(
            i,
            disclaimer=(
                "The English version is only for reference. In case of any discrepancy, the "
                "English "
                "version shall prevail."
            ),
        )
    ),
    "TM204": lambda i: _xml(
        clean_pair(
            i,
            aligned=False,
            extra_target=(
                "The English version is only for reference. Please refer to the Chinese version."
            ),
        )
    ),
    "TM205": lambda i: _xml(
        clean_pair(i, source_title="国家移民管理局会见国际移民组织代表（译文）")
    ),
    "TM301": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                5,
                zh="国家移民管理局将继续为中外人员往来提供服务。",
                en="The NIA (国家移民管理局) will continue to serve the exchange of people between "
                "China and other countries.",
            ),
        )
    ),
    "TM302": lambda i: _xml(
        clean_pair(
            i,
            source_lang="zh-Hant",
            disclaimer=(
                "The English version is only for reference; the Chinese version shall prevail."
            ),
        )
    ),
    "TM401": lambda i: _xml(clean_pair(i, extra_source="国家移民管理局有关负责人出席了会见。")),
    "TM402": lambda i: _xml(
        clean_pair(i, extra_target="Officials of the NIA attended the meeting.")
    ),
    "TM403": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                5,
                zh="国家移民管理局将继续为中外人员往来提供更多便利和更加优质高效的服务。",
                en="The NIA will help.",
            ),
        )
    ),
    "TM501": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                2,
                zh="今年以来，全国移民管理机构共查验出入境人员1244万人次。",
                en="Since the beginning of this year, immigration authorities nationwide have "
                "inspected "
                "12.4 million inbound and outbound trips.",
            ),
        )
    ),
    "TM502": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                0,
                zh="6月25日，国家移民管理局副局长许甘露在北京会见了国际移民组织驻华代表。",
                en="On June 26, Xu Ganlu, Deputy Commissioner of the National Immigration "
                "Administration "
                "(NIA), met with the chief representative of the IOM in China in Beijing.",
            ),
        )
    ),
    "TM601": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                5,
                zh="国家移民管理局还将进一步加强移民领域国际合作。",
                en="The immigration agency will further strengthen international cooperation on "
                "migration.",
            ),
        )
    ),
    "TM602": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i, 1, en="Both sides discussed how to deepen their cooperation on immigration."
            ),
        )
    ),
    "TM701": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                1,
                zh="双方就深化出入境管理合作交换了意见。",
                en="The two sides exchanged views on the the deepening of cooperation in exit and "
                "entry "
                "administration.",
            ),
        )
    ),
    "TM702": lambda i: _replace(
        clean_pair(i), b'</s> <s xml:id="en-p1-s2">', b'</s>  <s xml:id="en-p1-s2">'
    ),
    "TM703": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                5,
                zh="国家移民管理局将继续为中外人员往来提供优质服务。",
                en="The NIA (National Immigration Administration will continue to provide quality "
                "services for the exchange of people between China and other countries.",
            ),
        )
    ),
    "TM704": lambda i: _xml(
        clean_pair(
            i,
            sentences=_swap(
                i,
                1,
                zh="双方就深化移民管理合作交换了意见。",
                en="The two sides exchanged views on deepening cooperation in immigration "
                "management。",
            ),
        )
    ),
}


def planted_corpus(folder: Path, *, clean: int = 12) -> dict[str, Path]:
    """Write *clean* clean articles and one article per planted defect; return code → file."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(clean):
        (folder / f"clean-{i:03d}.tei.xml").write_bytes(tei_bytes(clean_pair(i)))
    files = {}
    for n, (code, make) in enumerate(PLANTED.items()):
        path = folder / f"defect-{code}.tei.xml"
        data = make(100 + n)
        if code not in ("TM100", "TM103", "TM107"):
            data = data.replace(f"art-{100 + n:05d}".encode(), f"defect-{code}".encode())
        path.write_bytes(data)
        files[code] = path
    (folder / "glossary.csv").write_text(GLOSSARY_CSV, encoding="utf-8")
    return files
