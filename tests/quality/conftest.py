"""Fixtures for the quality tests: the project's gate configuration."""

from __future__ import annotations

import pytest

from pipelines.quality import QualityConfig, load_quality_config


@pytest.fixture(scope="session")
def config() -> QualityConfig:
    return load_quality_config()
