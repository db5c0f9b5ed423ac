"""Bad files are rejected one by one, with a reason and their head bytes, while the good ones are read."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import tarfile
import zipfile
from pathlib import Path

from ingest_helpers import ARTICLE, HTML_PAGE, OTHER_ARTICLE, Project, build_warc

from pipelines.ingest import SourceSpec

TEXT = SourceSpec(name="desk", folder="raw/desk", format="text")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    + bytes(64)
)


def with_good_text(project: Project) -> None:
    project.write("desk", "a_good.txt", ARTICLE)
    project.write("desk", "z_good.md", OTHER_ARTICLE)


def assert_one_rejection(project: Project, spec: SourceSpec, good_texts: list[str], reason: str) -> object:
    raws, rejected = project.read(spec)
    assert sorted(r.text for r in raws) == sorted(good_texts)
    assert len(rejected) == 1, [r.reason for r in rejected]
    assert reason in rejected[0].reason.lower(), rejected[0].reason
    return rejected[0]


def test_empty_file(project: Project) -> None:
    with_good_text(project)
    project.write("desk", "m_empty.txt", b"")
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], "empty")
    assert rejection.path == "raw/desk/m_empty.txt"
    assert rejection.head_hex == ""
    assert rejection.byte_size == 0


def test_png_renamed_txt(project: Project) -> None:
    with_good_text(project)
    project.write("desk", "photo.txt", PNG)
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], "png")
    assert rejection.head_hex == PNG[:32].hex()
    assert rejection.byte_size == len(PNG)


def test_bytes_no_encoding_explains(project: Project) -> None:
    with_good_text(project)
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    project.write("desk", "noise.txt", noise)
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], "no encoding")
    assert rejection.head_hex == noise[:32].hex()


def test_control_characters_are_not_text(project: Project) -> None:
    with_good_text(project)
    data = b"header " + bytes([1, 2, 3, 4, 5, 6, 7]) * 30
    project.write("desk", "dump.txt", data)
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], "binary")
    assert rejection.head_hex == data[:32].hex()


def test_utf16_file_with_bom_is_read_not_refused(project: Project) -> None:
    with_good_text(project)
    text = "Zoë Müller reports from Zürich\r\nThe lake froze for the first time since 1963.\r\n"
    project.write("desk", "utf16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    raws, rejected = project.read(TEXT)
    assert rejected == []
    utf16 = next(r for r in raws if r.path.endswith("utf16.txt"))
    assert utf16.text == text.replace("\r\n", "\n")
    assert "utf-16" in utf16.encoding
    assert len(raws) == 3


def test_file_over_max_file_bytes(project: Project) -> None:
    with_good_text(project)
    big = ("A long article line that keeps going. " * 40).encode()
    project.write("desk", "big.txt", big)
    spec = SourceSpec(name="desk", folder="raw/desk", format="text", max_file_bytes=1000)
    rejection = assert_one_rejection(project, spec, [ARTICLE, OTHER_ARTICLE], "max_file_bytes")
    assert rejection.head_hex == big[:32].hex()
    assert rejection.byte_size == len(big)


def jsonl(*items: dict) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in items).encode()


WIRE = SourceSpec(name="wire", folder="raw/wire", format="jsonl", fields={"text": "body", "id": "id"})


def test_truncated_gz(project: Project) -> None:
    project.write("wire", "a.jsonl", jsonl({"id": "a1", "body": ARTICLE}))
    project.write("wire", "c.jsonl.gz", gzip.compress(jsonl({"id": "c1", "body": OTHER_ARTICLE})))
    whole = gzip.compress(jsonl(*({"id": f"b{i}", "body": ARTICLE * 3 + str(i)} for i in range(20))))
    truncated = whole[: len(whole) // 2]
    project.write("wire", "b.jsonl.gz", truncated)
    rejection = assert_one_rejection(project, WIRE, [ARTICLE, OTHER_ARTICLE], "truncated")
    assert rejection.path == "raw/wire/b.jsonl.gz"
    assert rejection.head_hex == truncated[:32].hex()


def test_jsonl_with_one_malformed_line(project: Project) -> None:
    bad_line = b'{"id": "x2", "body": "unterminated'
    data = (
        jsonl({"id": "x1", "body": ARTICLE}) + bad_line + b"\n" + jsonl({"id": "x3", "body": OTHER_ARTICLE})
    )
    project.write("wire", "day.jsonl", data)
    project.write(
        "wire", "other.jsonl", jsonl({"id": "y1", "body": "A third story about the ferry timetable."})
    )
    raws, rejected = project.read(WIRE)
    assert sorted(r.record for r in raws) == ["x1", "x3", "y1"]
    assert len(rejected) == 1
    assert rejected[0].record == "line 2"
    assert "line 2" in rejected[0].reason and "malformed json" in rejected[0].reason.lower()
    assert rejected[0].head_hex == bad_line[:32].hex()


WARC = SourceSpec(name="crawl", folder="raw/crawl", format="warc")
PAGE_BYTES = HTML_PAGE.encode()


def test_warc_response_without_html(project: Project) -> None:
    project.write(
        "crawl",
        "a.warc.gz",
        build_warc([("response", "https://x.example/a", PAGE_BYTES, "text/html", "200 OK")]),
    )
    project.write(
        "crawl",
        "b.warc",
        build_warc(
            [
                (
                    "response",
                    "https://x.example/b",
                    PAGE_BYTES.replace(b"Tuesday", b"Friday"),
                    "text/html",
                    "200 OK",
                ),
                ("response", "https://x.example/empty", b"", "text/html; charset=utf-8", "200 OK"),
            ],
            gzip=False,
        ),
    )
    raws, rejected = project.read(WARC)
    assert sorted(r.url for r in raws) == ["https://x.example/a", "https://x.example/b"]
    assert len(rejected) == 1
    assert "https://x.example/empty" in rejected[0].reason and "empty html" in rejected[0].reason.lower()
    assert rejected[0].head_hex == ""
    assert rejected[0].record.startswith("<urn:uuid:")


def test_truncated_warc_keeps_the_records_before_the_break(project: Project) -> None:
    pages = [
        ("response", f"https://x.example/{i}", PAGE_BYTES + b" " * i, "text/html", "200 OK") for i in range(3)
    ]
    whole = build_warc(pages)
    project.write("crawl", "cut.warc.gz", whole[: len(whole) - 40])
    raws, rejected = project.read(WARC)
    assert [r.url for r in raws] == ["https://x.example/0", "https://x.example/1"]
    assert len(rejected) == 1 and "truncated or corrupt warc" in rejected[0].reason.lower()


HTML = SourceSpec(name="web", folder="raw/web", format="html")


def test_html_page_with_no_text(project: Project) -> None:
    project.write("web", "a.html", HTML_PAGE)
    project.write("web", "b.htm", HTML_PAGE.replace("harbour wall", "sea wall"))
    scripts_only = (
        b"<html><head><title>Loading</title><script>var app = 1;</script></head>"
        b"<body> <script>boot()</script><style>p {}</style></body></html>"
    )
    project.write("web", "c.html", scripts_only)
    rejection = assert_one_rejection(
        project, HTML, [HTML_PAGE, HTML_PAGE.replace("harbour wall", "sea wall")], "no visible text"
    )
    assert rejection.path == "raw/web/c.html"
    assert rejection.head_hex == scripts_only[:32].hex()


def test_zip_member_escaping_the_archive(project: Project) -> None:
    with_good_text(project)
    evil = b"overwrite your shell profile"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "Inside the zip: a story about the night ferry.")
        archive.writestr("../../evil.txt", evil)
    project.write("desk", "bundle.zip", buffer.getvalue())
    rejection = assert_one_rejection(
        project, TEXT, [ARTICLE, OTHER_ARTICLE, "Inside the zip: a story about the night ferry."], "escapes"
    )
    assert rejection.record == "../../evil.txt"
    assert rejection.head_hex == evil.hex()
    assert not (project.root / "evil.txt").exists() and not (project.root.parent / "evil.txt").exists()


def test_tar_member_with_absolute_path(project: Project) -> None:
    with_good_text(project)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in [
            ("/etc/cron.d/job", b"* * * * * root true"),
            ("ok/story.md", b"A story from the tarball."),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    project.write("desk", "bundle.tar.gz", buffer.getvalue())
    rejection = assert_one_rejection(
        project, TEXT, [ARTICLE, OTHER_ARTICLE, "A story from the tarball."], "escapes"
    )
    assert rejection.record == "/etc/cron.d/job"
    assert rejection.head_hex == b"* * * * * root true".hex()


def test_symlink_outside_the_source_folder(project: Project, tmp_path: Path) -> None:
    with_good_text(project)
    secret = tmp_path / "outside.txt"
    secret.write_text("not part of any source")
    (project.folder("desk") / "link.txt").symlink_to(secret)
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], "outside the source folder")
    assert rejection.path == "raw/desk/link.txt"
    assert rejection.head_hex is None  # not followed, so nothing of the target is read


def test_a_wrong_extension_is_rejected_with_the_expected_ones(project: Project) -> None:
    with_good_text(project)
    project.write("desk", "scan.pdf", b"%PDF-1.7 ...")
    rejection = assert_one_rejection(project, TEXT, [ARTICLE, OTHER_ARTICLE], ".txt")
    assert "scan.pdf" in rejection.reason
    assert rejection.head_hex == b"%PDF-1.7 ...".hex()


def test_truncated_tar_gz(project: Project) -> None:
    with_good_text(project)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for i in range(5):
            data = (f"Story {i} from the tarball. " * 200).encode()
            info = tarfile.TarInfo(f"story_{i}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    cut = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    project.write("desk", "bundle.tar.gz", cut)
    raws, rejected = project.read(TEXT)
    # The members before the cut are kept (read front to back); the rest is one rejection, not lost silently.
    stories = [r.text for r in raws if r.record is not None]
    assert stories == [f"Story {i} from the tarball. " * 200 for i in range(len(stories))]
    assert len(stories) < 5
    assert len(rejected) == 1 and "truncated or corrupt archive" in rejected[0].reason
    assert rejected[0].head_hex == cut[:32].hex()
