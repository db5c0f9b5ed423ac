"""Decoding: a BOM decides, then a declared charset, then UTF-8, then detection; binary is never 'text'."""

from __future__ import annotations

import codecs

import pytest

from pipelines.ingest import UndecodableError, decode_bytes

SAMPLE = "Zoë met the mayor of Zürich at the café; “it was cold”, she said — 12 °C.\n" * 4


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_a_bom_decides_and_is_dropped(bom: bytes, codec: str, label: str) -> None:
    text, encoding = decode_bytes(bom + SAMPLE.encode(codec))
    assert text == SAMPLE
    assert label in encoding and "bom" in encoding


def test_plain_utf8_without_bom() -> None:
    assert decode_bytes(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")


def test_legacy_encodings_are_detected_and_said_so() -> None:
    russian = "Правительство объявило о новых мерах поддержки фермеров в засушливых районах страны. " * 5
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian
    assert "detected" in encoding


def test_a_declared_charset_is_used_when_it_fits() -> None:
    text, encoding = decode_bytes("Café “déjà vu”".encode("cp1252"), declared="windows-1252")
    assert text == "Café “déjà vu”"
    assert encoding == "cp1252 (declared)"


def test_latin1_declarations_mean_windows_1252_as_in_browsers() -> None:
    text, _ = decode_bytes("“quoted”".encode("cp1252"), declared="ISO-8859-1")
    assert text == "“quoted”"


def test_a_wrong_declaration_falls_back_to_utf8() -> None:
    text, encoding = decode_bytes(SAMPLE.encode("utf-8"), declared="no-such-charset")
    assert (text, encoding) == (SAMPLE, "utf-8")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "png"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"abc\x00def\x00" * 10, "binary"),
    ],
)
def test_binary_data_is_refused_with_its_kind(data: bytes, why: str) -> None:
    with pytest.raises(UndecodableError, match=f"(?i){why}"):
        decode_bytes(data)


def test_a_broken_utf16_body_behind_a_bom_is_refused() -> None:
    with pytest.raises(UndecodableError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone high surrogate
