"""HTML pages: decoded by the charset they declare, head metadata kept, pages without visible text refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import lxml.etree

from pipelines.ingest.decode import UndecodableError, bom_encoding, decode_bytes
from pipelines.ingest.metadata import clean_string, parse_authors, parse_published
from pipelines.ingest.origin import Origin
from pipelines.ingest.records import RawRecord, RejectedRecord

HTML_EXTENSIONS = (".html", ".htm")

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_INVISIBLE = ("script", "style", "noscript", "template")
_TITLE = lxml.etree.XPath("string((//title)[1])")
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)


@dataclass(frozen=True)
class PageHints:
    """Metadata known from outside the page (JSON Lines fields, WARC headers); the head fills the gaps."""

    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    charset: str | None = None  # e.g. the HTTP Content-Type charset of a WARC response


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv=Content-Type> near its top."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return match[1].decode("ascii") if match else None


def read_html(data: bytes, origin: Origin, hints: PageHints = PageHints()) -> RawRecord | RejectedRecord:
    """An html record with url/title/published from the head where present, or a rejection with its reason."""
    if not data.strip():
        return origin.reject("empty HTML (no bytes)" if not data else "empty HTML (only whitespace)", data)
    declared = None if bom_encoding(data) else hints.charset or meta_charset(data)
    try:
        text, encoding = decode_bytes(data, declared=declared)
    except UndecodableError as error:
        return origin.reject(f"not readable as HTML: {error}", data)
    return html_record(text, encoding, data, origin, hints)


def html_record(
    text: str, encoding: str, data: bytes, origin: Origin, hints: PageHints = PageHints()
) -> RawRecord | RejectedRecord:
    """An html record from an already decoded page (e.g. a JSON Lines field); refused if it shows no text."""
    try:
        tree = lxml.etree.fromstring(text.encode("utf-8"), parser=_PARSER)
    except (lxml.etree.LxmlError, ValueError) as error:
        return origin.reject(f"HTML could not be parsed: {error}", data)
    if tree is None or not _has_visible_text(tree):
        return origin.reject("HTML page has no visible text (empty body, or only scripts/styles)", data)
    head = _head_metadata(tree)
    return origin.accept(
        data,
        format="html",
        text=text,
        encoding=encoding,
        url=hints.url or head.url,
        title=hints.title or head.title,
        authors=hints.authors or head.authors,
        published=head.published or hints.published,
    )


_PARSER = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def _has_visible_text(tree: lxml.etree._Element) -> bool:
    """Whether the body shows any text once scripts and styles are gone (their tails stay: those show)."""
    body = tree.find("body")
    if body is None:
        return False
    lxml.etree.strip_elements(body, *_INVISIBLE, with_tail=False)
    return any(fragment.strip() for fragment in body.itertext())


def _head_metadata(tree: lxml.etree._Element) -> PageHints:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    title = clean_string(metas.get("og:title")) or clean_string(_TITLE(tree))
    published = next(
        (d for key in _PUBLISHED_KEYS if (d := parse_published(metas.get(key))) is not None), None
    )
    return PageHints(
        url=clean_string(canonical) or clean_string(metas.get("og:url")),
        title=title,
        authors=parse_authors(metas.get("author")),
        published=published,
    )
