"""A page's naive plain-text dump: the text a plain-text input would hold, for the dump path's rules.

Line 1 is the <title>; then the <body> text with scripts, styles and HTML comments left out. Block
elements become paragraphs separated by a blank line, <br> a line break; whitespace is collapsed except
inside <pre>. Headers, menus, comment threads and footers are all kept: the block classifier decides."""

from __future__ import annotations

import re

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SPACE = re.compile(r"[ \t\r\f\v\n\u00a0]+")
_PARA = "\x00"  # paragraph break marker while collecting
_BR = "\x01"  # line break marker


def _walk(el: object, out: list[str], pre: bool) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions have no str tag
    if tag and tag.lower() in _SKIP:
        if el.tail:
            out.append(el.tail if pre else _SPACE.sub(" ", el.tail))
        return
    tag = tag.lower()
    block = tag in _BLOCK
    if tag == "br":
        out.append(_BR)
    elif block:
        out.append(_PARA)
    if tag:
        inner_pre = pre or tag == "pre"
        if el.text:
            out.append(el.text.replace("\n", _BR) if inner_pre else _SPACE.sub(" ", el.text))
        for child in el:
            _walk(child, out, inner_pre)
        if block:
            out.append(_PARA)
    if el.tail:
        out.append(el.tail.replace("\n", _BR) if pre else _SPACE.sub(" ", el.tail))


_PARSER = None


def _parser() -> object:
    global _PARSER
    if _PARSER is None:
        import lxml.html

        _PARSER = lxml.html.HTMLParser(encoding="utf-8")
    return _PARSER


def naive_dump(html: str) -> str:
    """The page as one plain-text dump (title line, blank line, body paragraphs); '' when unparseable."""
    import lxml.html  # trafilatura's own dependency

    try:
        # bytes: a str that declares its encoding (<?xml ... encoding=?>) is refused as str
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_parser())
    except (ValueError, TypeError, lxml.etree.ParserError):
        return ""
    title_el = root.find(".//title")
    title = _SPACE.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    body = root.find("body")
    out: list[str] = []
    if body is not None:
        _walk(body, out, False)
    paras = []
    for para in "".join(out).split(_PARA):
        lines = [line.strip(" ") for line in para.split(_BR)]
        text = "\n".join(line for line in lines if line)
        if text:
            paras.append(text)
    return "\n\n".join(([title] if title else []) + paras) + "\n"
