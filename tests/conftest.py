"""One spaCy model per test session: loading it is the slow part."""

from __future__ import annotations

import pytest

from pipelines.nlp import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()
