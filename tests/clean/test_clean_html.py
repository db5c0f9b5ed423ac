"""HTML through trafilatura, then the block classifier; and the command line."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.clean import clean_html, clean_text
from pipelines.clean.__main__ import main

PARAGRAPHS = [
    "The city's oldest bridge will close for repairs next month, the transport department said on Monday, "
    "and drivers should expect long detours through the eastern districts until the work is finished.",
    "Engineers found cracks in two of the supporting arches during an inspection in the spring. The repairs "
    "are expected to take about six months and will cost the city around twelve million euros.",
    "Local shop owners said they were worried about losing customers while the bridge is closed, but most "
    "agreed that the work could not wait any longer after the inspection report was published.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Old bridge to close for repairs - City Herald</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Old bridge to close for repairs</h1>
<p class="byline">By Lena Fischer</p>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Council elections announced</a></li>
<li><a href="/b">New park opens in the harbour</a></li></ul></aside>
<div id="comments" class="comments">
<h3>2 Comments</h3>
<div class="comment">
<p>Finally! That bridge has been shaking every time a bus goes over it for years now.</p></div>
<div class="comment">
<p>Six months of detours is going to be painful for everyone who lives on the east side.</p></div>
</div>
<footer><p>&copy; 2023 City Herald. All rights reserved.</p></footer>
</body></html>
"""


def test_html_keeps_the_article_paragraphs() -> None:
    doc = clean_html(PAGE, url="https://herald.example/bridge")
    for p in PARAGRAPHS:
        assert p in doc.body_text
    for junk in ("Home", "Most read", "Council elections", "Finally!", "All rights reserved"):
        assert junk not in doc.body_text
    assert doc.url == "https://herald.example/bridge"
    assert doc.title and "Old bridge to close for repairs" in doc.title


def test_html_offsets_point_into_the_extracted_text() -> None:
    doc = clean_html(PAGE)
    assert doc.source_text is not None
    for b in doc.blocks:
        assert doc.source_text[b.raw_start : b.raw_end] == b.text
        if b.kept:
            assert doc.body_text[b.body_start : b.body_end] == b.text


def test_html_comments_are_not_body() -> None:
    doc = clean_html(PAGE)
    texts = " ".join(c.text for c in doc.comments)
    assert "Finally!" in texts
    assert "Six months of detours" in texts
    assert all(doc.blocks[c.block_index].kind == "comment" for c in doc.comments)


def test_plain_text_has_no_source_text() -> None:
    assert (
        clean_text(
            "Title\n\nA line of text that is long enough to be read as a paragraph of prose."
        ).source_text
        is None
    )


def test_cli_writes_body_and_json(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    raw = "A short story\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nComments are closed.\n"
    (src / "story.txt").write_text(raw, encoding="utf-8")
    (src / "page.html").write_text(PAGE, encoding="utf-8")
    assert main([str(src), str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["story.json", "story.txt"]
    doc = clean_text(raw)
    assert (out / "story.txt").read_text(encoding="utf-8") == doc.body_text
    data = json.loads((out / "story.json").read_text(encoding="utf-8"))
    assert data["title"] == "A short story"
    assert [b["kind"] for b in data["blocks"]] == ["title", "body", "body", "body", "comments_meta"]
    assert all(b["reason"] for b in data["blocks"])
    assert data["comments"] == []

    assert main([str(src), str(out / "html"), "--format", "html"]) == 0
    html_doc = json.loads((out / "html" / "page.json").read_text(encoding="utf-8"))
    assert html_doc["source_text"]
    assert PARAGRAPHS[0] in (out / "html" / "page.txt").read_text(encoding="utf-8")


TUTORIAL = [
    "This guide shows how to start the small web server that ships with the toolkit and how to read "
    "what it prints while it runs, step by step, on a fresh machine.",
    "First create an empty folder for the project and change into it before running the command below.",
    "server ready on port 8080",
    "Then open a second terminal, stop the server with the usual key combination and start it again to "
    "see that the same line is printed every time it comes up.",
    "server ready on port 8080",
    "That line is all you need to check: when it is missing, the configuration file has an error in it.",
]

TUTORIAL_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Starting the toolkit server - Docs Corner</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/guides">Guides</a></li></ul></nav>
<article>
<h1>Starting the toolkit server</h1>
<p>March 4, 2021</p>
{"".join(f"<p>{p}</p>" for p in TUTORIAL)}
</article>
<footer><p>&copy; 2021 Docs Corner.</p></footer>
</body></html>
"""


def test_html_keeps_a_short_line_the_article_shows_twice() -> None:
    # the extractor already left the page furniture out: a short line repeated inside the article (a
    # command's output) is the article's, both times
    doc = clean_html(TUTORIAL_PAGE)
    for p in TUTORIAL:
        assert p in doc.body_text
    assert doc.body_text.count("server ready on port 8080") == 2
    assert "Guides" not in doc.body_text


def test_html_keeps_the_articles_date_line() -> None:
    doc = clean_html(TUTORIAL_PAGE)
    assert "March 4, 2021" in doc.body_text
    assert TUTORIAL[0] in doc.body_text


def test_html_drops_a_long_paragraph_shown_twice_once() -> None:
    quote = (
        "Every part of the old bridge has to be checked twice before the city lets a single bus cross it "
        "again, the chief engineer said."
    )
    page = PAGE.replace(f"<p>{PARAGRAPHS[1]}</p>", f"<p>{PARAGRAPHS[1]}</p><p>{quote}</p><p>{quote}</p>")
    doc = clean_html(page)
    assert doc.body_text.count(quote) == 1
    for p in PARAGRAPHS:
        assert p in doc.body_text
