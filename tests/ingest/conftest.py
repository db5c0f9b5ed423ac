"""Fixtures for the ingest tests: a throw-away project folder under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)
