"""Where deploy/ is, and the environment its configs read."""

from __future__ import annotations

import re
from pathlib import Path

from tests.postgres_helpers import PgDatabase

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CLUSTER = DEPLOY / "cluster"


def instance_env(dagster_db: PgDatabase, root: Path) -> dict[str, str]:
    """The variables deploy/dagster.yaml and deploy/cluster/dagster.yaml need, on the test database."""
    return {
        **dagster_db.dagster_env(),
        "DAGSTER_STORAGE_DIR": str(root / "dagster" / "storage"),
        "DAGSTER_COMPUTE_LOG_DIR": str(root / "dagster" / "logs"),
        "NEWS_RUN_IMAGE": "news-pipelines:test",
        "DAGSTER_DOCKER_NETWORK": "news",
    }


def env_example(*, commented: bool = True) -> dict[str, str]:
    """The variables deploy/env.example names, with their example values (commented=False: only those
    it sets, not the optional ones it shows commented out)."""
    pattern = r"#?\s*([A-Z][A-Z0-9_]*)=(.*)" if commented else r"([A-Z][A-Z0-9_]*)=(.*)"
    names = {}
    for line in (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(pattern, line.strip())
        if match:
            names[match.group(1)] = match.group(2).strip('"')
    return names
