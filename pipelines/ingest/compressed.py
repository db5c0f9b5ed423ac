"""Gzip payloads opened in memory, with a ceiling so a small bomb cannot fill it."""

from __future__ import annotations

import gzip
import io
import zlib

# A news dump compresses 3-10x; a member that inflates more than this past the file limit is refused.
INFLATE_FACTOR = 20
_CHUNK = 1 << 20


class CompressedError(ValueError):
    """Compressed data that is truncated, corrupt or too large once inflated."""


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """The inflated bytes of a gzip file; CompressedError if truncated, corrupt or over max_bytes inflated.

    Inflated a megabyte at a time: a bomb is refused once past max_bytes, never allocated beyond it.
    """
    inflated = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read1(_CHUNK):
                inflated += chunk
                if len(inflated) > max_bytes:
                    raise CompressedError(f"inflates to more than {max_bytes:,} bytes")
    except EOFError as error:
        raise CompressedError(f"truncated gzip data ({error})") from error
    except (OSError, zlib.error) as error:
        raise CompressedError(f"corrupt gzip data ({error})") from error
    return bytes(inflated)
