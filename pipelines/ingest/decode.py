"""Bytes to text without silent guessing: a BOM, a declared charset, UTF-8, then a detector, in that order."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le (bom)"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be (bom)"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8 (bom)"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le (bom)"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be (bom)"),
)

# Magic numbers of binary files people drop next to articles, for a reason a person understands.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# C0 controls other than tab, line feed, form feed and carriage return, plus DEL: absent from real text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_MAX_STRAY_RATIO = 0.01  # up to 1% of the characters: dropped as stray, the article kept; more: binary

# WHATWG: a page labelled Latin-1 or ASCII is decoded as windows-1252 by every browser.
_DECLARED_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252", "iso8859_1": "cp1252"}


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can stand behind."""


def head_hex(data: bytes, size: int = 32) -> str:
    """The first bytes in hex, so a rejected file can be recognised without opening it."""
    return data[:size].hex()


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets mean the same thing whatever system wrote the file."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def binary_kind(data: bytes) -> str | None:
    """Name the binary format the bytes start with, if they carry a well-known magic number."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """(codec, description) when the bytes start with a Unicode byte-order mark."""
    for bom, codec, description in _BOMS:
        if data.startswith(bom):
            return codec, description
    return None


def _python_codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().strip("'\"").lower()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name.startswith(("utf_16", "utf_32")):
        return "utf-8"  # WHATWG: a page that can declare itself in ASCII is not UTF-16
    return _DECLARED_ALIASES.get(name, name)


def _ascii_compatible(codec: str, data: bytes) -> bytes | None:
    """The bytes, when the codec keeps ASCII controls as single bytes (not UTF-16/32); else None."""
    return None if codec.replace("-", "_").startswith(("utf_16", "utf_32")) else data


def _control_count(text: str, data: bytes | None) -> int:
    if data is not None:  # ASCII-compatible encoding: count control bytes in C, much faster than a regex
        return len(data) - len(data.translate(None, _CONTROL_BYTES))
    return len(_CONTROL_CHARS.findall(text))


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a document's bytes and say how: (text, e.g. "utf-8", "utf-16-le (bom)", "cp1252 (detected)").

    Raises UndecodableError for binary data or bytes no encoding explains. Line ends are not touched here.
    """
    bom = bom_encoding(data)
    if bom is not None:
        codec, description = bom
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            raise UndecodableError(
                f"starts with a {description} byte-order mark but is not {codec}: {error}"
            ) from error
        return _checked(text, description)

    kind = binary_kind(data)
    if kind is not None:
        raise UndecodableError(f"binary file ({kind}), not text")

    wide = _wide_encoding(data)
    if wide is not None:
        try:
            return _checked(data.decode(wide), f"{wide} (detected, no bom)")
        except (UnicodeDecodeError, UndecodableError):
            pass  # zeros where UTF-16/32 has them, but not text in it: judge it as bytes below

    if declared:
        codec = _python_codec(declared)
        if codec is not None:
            try:
                return _checked(data.decode(codec), f"{codec} (declared)", _ascii_compatible(codec, data))
            except (UnicodeDecodeError, UndecodableError):
                pass  # a wrong declaration is common; fall through to UTF-8 and detection

    try:
        return _checked(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError:
        pass

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UndecodableError("bytes are not UTF-8 and no encoding explains them (charset-normalizer)")
    return _checked(str(best), f"{best.encoding} (detected)", _ascii_compatible(best.encoding, data))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where its zero bytes fall: ASCII letters in UTF-16-LE read 'a\\0b\\0'.

    Only a clear pattern counts (most high bytes zero, almost no low byte zero), so binary data with a few
    NULs is not taken for text.
    """
    sample = data[:_WIDE_SAMPLE]
    if b"\x00" not in sample:
        return None
    for width, codecs_by_zeros in ((4, _UTF32_ZEROS), (2, _UTF16_ZEROS)):
        if len(data) % width or len(sample) < width * 4:
            continue
        units = len(sample) // width
        zero_share = [sample[lane : units * width : width].count(0) / units for lane in range(width)]
        for codec, zero_lanes in codecs_by_zeros:
            if all(
                (share >= _WIDE_ZERO_SHARE) if lane in zero_lanes else (share <= _WIDE_STRAY_SHARE)
                for lane, share in enumerate(zero_share)
                if lane in zero_lanes or lane in (0, width - 1)
            ):
                return codec
    return None


_WIDE_SAMPLE = 4096
_WIDE_ZERO_SHARE = 0.7
_WIDE_STRAY_SHARE = 0.05
_UTF32_ZEROS = (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1)))
_UTF16_ZEROS = (("utf-16-le", (1,)), ("utf-16-be", (0,)))


def _checked(text: str, description: str, data: bytes | None = None) -> tuple[str, str]:
    """Refuse decoded text that is really binary; drop a few stray NUL or control characters, and say so.

    data is given when its bytes map 1:1 to ASCII controls (a faster count). The note goes in the
    description, which raw_documents keeps as the record's encoding.
    """
    controls = _control_count(text, data)
    if controls == 0:
        return text, description
    if controls > max(1, len(text) * _MAX_STRAY_RATIO):
        raise UndecodableError(f"binary content: control characters in text decoded as {description}")
    kept = _CONTROL_CHARS.sub("", text)
    return kept, f"{description}; {controls} stray NUL/control character(s) dropped"
