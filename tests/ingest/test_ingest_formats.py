"""Each format yields the records a user expects: text, metadata, addresses and skip counts."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import tarfile
import zipfile
from datetime import date

from ingest_helpers import ARTICLE, HTML_PAGE, OTHER_ARTICLE, Project, build_warc

from pipelines.ingest import RawRecord, ReadStats, SourceSpec

TEXT = SourceSpec(name="desk", folder="raw/desk", format="text")


def test_text_files_in_sorted_order_with_relative_paths_and_lf_line_ends(project: Project) -> None:
    project.write("desk", "b/2.txt", OTHER_ARTICLE.replace("\n", "\r\n"))
    project.write("desk", "a.md", ARTICLE.replace("\n", "\r"))
    project.write("desk", "b/1.txt", "Short note on the ferry timetable.")
    raws, rejected = project.read(TEXT)
    assert rejected == []
    assert [r.path for r in raws] == ["raw/desk/a.md", "raw/desk/b/1.txt", "raw/desk/b/2.txt"]
    assert raws[0].text == ARTICLE and raws[2].text == OTHER_ARTICLE
    assert all(r.format == "text" and r.record is None for r in raws)
    assert raws[2].byte_size == len(OTHER_ARTICLE.replace("\n", "\r\n").encode())


def test_same_bytes_give_same_ids_on_a_rerun(project: Project) -> None:
    project.write("desk", "a.txt", ARTICLE)
    first, _ = project.read(TEXT)
    second, _ = project.read(TEXT)
    assert [r.raw_id for r in first] == [r.raw_id for r in second]
    assert first[0].content_hash == second[0].content_hash


def test_hidden_files_are_skipped_and_counted(project: Project) -> None:
    project.write("desk", "a.txt", ARTICLE)
    project.write("desk", ".DS_Store", b"\x00\x00\x00\x01Bud1")
    project.write("desk", ".git/config", "[core]")
    stats = ReadStats()
    raws, rejected = project.read(TEXT, stats)
    assert (len(raws), len(rejected)) == (1, 0)
    assert {s.why for s in stats.skipped} == {"hidden file", "hidden folder"}
    assert (stats.files, stats.records, stats.rejected) == (1, 1, 0)


HTML = SourceSpec(name="web", folder="raw/web", format="html")


def test_html_metadata_from_the_head_and_charset_from_meta(project: Project) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Café owners protest | Valmont Weekly</title>"
        '<meta property="og:title" content="Café owners protest">'
        '<link rel="canonical" href="https://valmont.example/cafe">'
        '<meta property="article:published_time" content="2024-04-02T08:00:00+02:00">'
        '<meta name="author" content="Anaïs Rocheleau">'
        "</head><body><p>“We are not against benches,” said the owner of the Café du Pont.</p></body></html>"
    )
    project.write("web", "cafe.html", page.encode("cp1252"))
    raws, rejected = project.read(HTML)
    assert rejected == []
    (record,) = raws
    assert record.format == "html"
    assert record.text == page
    assert "cp1252" in record.encoding
    assert record.url == "https://valmont.example/cafe"
    assert record.title == "Café owners protest"
    assert record.published == date(2024, 4, 2)
    assert record.authors == ("Anaïs Rocheleau",)


def test_html_without_metadata_leaves_fields_empty(project: Project) -> None:
    project.write("web", "plain.htm", "<p>Just a paragraph about the harbour.</p>")
    (record,), _ = project.read(HTML)
    assert (record.url, record.title, record.published, record.authors) == (None, None, None, ())


WIRE_FIELDS = {
    "text": "body",
    "title": "headline",
    "authors": "byline",
    "published": "meta.published_at",
    "url": "link",
    "id": "id",
}


def test_jsonl_maps_fields_and_names_records_by_id_or_line(project: Project) -> None:
    lines = [
        {
            "id": "W-1",
            "body": ARTICLE,
            "headline": "Harbour wall",
            "byline": ["Jo Example", "Sam Other"],
            "meta": {"published_at": "2024-05-01T06:00:00Z"},
            "link": "https://wire.example/w1",
        },
        {"body": OTHER_ARTICLE, "byline": "Kim Writer", "meta": {"published_at": "not a date"}},
        {"id": "W-3", "headline": "no body here"},
    ]
    data = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    project.write("wire", "day.jsonl", codecs.BOM_UTF8 + data.encode())
    spec = SourceSpec(name="wire", folder="raw/wire", format="jsonl", fields=WIRE_FIELDS)
    raws, rejected = project.read(spec)
    first, second = raws
    assert (first.record, first.text, first.title, first.url) == (
        "W-1",
        ARTICLE,
        "Harbour wall",
        lines[0]["link"],
    )
    assert first.authors == ("Jo Example", "Sam Other") and first.published == date(2024, 5, 1)
    assert (second.record, second.authors, second.published, second.title) == (
        "line 2",
        ("Kim Writer",),
        None,
        None,
    )
    assert all(r.format == "text" for r in raws)
    assert len(rejected) == 1 and rejected[0].record == "line 3" and "'body'" in rejected[0].reason


def test_jsonl_html_field_goes_to_the_html_cleaner(project: Project) -> None:
    data = json.dumps({"content": HTML_PAGE, "u": "https://site.example/a"}) + "\n"
    project.write("feed", "feed.jsonl.gz", gzip.compress(data.encode()))
    spec = SourceSpec(name="feed", folder="raw/feed", format="jsonl", fields={"html": "content", "url": "u"})
    (record,), rejected = project.read(spec)
    assert rejected == []
    assert (record.format, record.text, record.url, record.title) == (
        "html",
        HTML_PAGE,
        "https://site.example/a",
        "Harbour wall",
    )


WARC = SourceSpec(name="crawl", folder="raw/crawl", format="warc")


def test_warc_keeps_html_200_responses_and_counts_the_rest(project: Project) -> None:
    page = HTML_PAGE.encode()
    warc = build_warc(
        [
            ("request", "https://x.example/a", b"GET /a HTTP/1.1\r\n\r\n", "", ""),
            ("response", "https://x.example/a", page, "text/html; charset=UTF-8", "200 OK"),
            ("response", "https://x.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png", "200 OK"),
            ("response", "https://x.example/gone", page, "text/html", "404 Not Found"),
            ("metadata", "https://x.example/a", b"outlinks: none", "", ""),
        ],
        date="2024-06-10T08:00:00Z",
    )
    project.write("crawl", "crawl.warc.gz", warc)
    stats = ReadStats()
    raws, rejected = project.read(WARC, stats)
    assert rejected == []
    (record,) = raws
    assert (record.format, record.text, record.url) == ("html", HTML_PAGE, "https://x.example/a")
    assert record.published == date(2024, 6, 10)
    assert record.record.startswith("<urn:uuid:")
    skipped = {s.why: s.count for s in stats.skipped}
    assert skipped == {
        "warcinfo record": 1,
        "request record": 1,
        "metadata record": 1,
        "response not HTML (image/png)": 1,
        "HTML response with HTTP status 404": 1,
    }
    assert all(s.path == "raw/crawl/crawl.warc.gz" for s in stats.skipped)


def test_archive_members_are_read_by_extension_with_member_path_as_record(project: Project) -> None:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("day2/story.txt", OTHER_ARTICLE)
        archive.writestr("day1/story.md", ARTICLE)
        archive.writestr("__MACOSX/day1/._story.md", b"\x00\x05\x16\x07")
        archive.writestr("day1/", b"")
    project.write("desk", "bundle.zip", zipped.getvalue())
    stats = ReadStats()
    raws, rejected = project.read(TEXT, stats)
    assert rejected == []
    assert [(r.path, r.record, r.text) for r in raws] == [
        ("raw/desk/bundle.zip", "day1/story.md", ARTICLE),
        ("raw/desk/bundle.zip", "day2/story.txt", OTHER_ARTICLE),
    ]
    assert [s.why for s in stats.skipped] == ["hidden or metadata archive member"]


def test_jsonl_inside_a_tarball_names_member_and_line(project: Project) -> None:
    data = (json.dumps({"body": ARTICLE}) + "\n" + "{oops\n").encode()
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w:gz") as archive:
        info = tarfile.TarInfo("./may/day.jsonl")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("may/latest.jsonl")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    project.write("wire", "may.tgz", tarred.getvalue())
    spec = SourceSpec(name="wire", folder="raw/wire", format="jsonl", fields={"text": "body"})
    raws, rejected = project.read(spec)
    assert [(r.record, r.text) for r in raws] == [("may/day.jsonl::line 1", ARTICLE)]
    assert sorted(r.record for r in rejected) == ["may/day.jsonl::line 2", "may/latest.jsonl"]
    assert any("links are not followed" in r.reason for r in rejected)


def test_a_symlink_inside_the_folder_is_read(project: Project) -> None:
    target = project.write("desk", "a.txt", ARTICLE)
    (project.folder("desk") / "b.txt").symlink_to(target)
    raws, rejected = project.read(TEXT)
    assert rejected == []
    assert [r.path for r in raws] == ["raw/desk/a.txt", "raw/desk/b.txt"]
    assert isinstance(raws[1], RawRecord) and raws[1].doc_id == raws[0].doc_id
