"""Cleaning: raw article text or HTML to body text, metadata, classified blocks and comments."""

from .blocks import (
    block_fingerprint,
    distinct_fingerprints,
    document_fingerprints,
    line_fingerprints,
    recurring_among,
    recurring_fingerprints,
    split_blocks,
)
from .cleaner import clean_text
from .html import clean_html
from .records import KEPT_KINDS, Block, CleanDocument, Comment

__all__ = [
    "KEPT_KINDS",
    "Block",
    "CleanDocument",
    "Comment",
    "block_fingerprint",
    "clean_html",
    "clean_text",
    "distinct_fingerprints",
    "document_fingerprints",
    "line_fingerprints",
    "recurring_among",
    "recurring_fingerprints",
    "split_blocks",
]
