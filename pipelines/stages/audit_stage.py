"""Stage 4: before the suites, quarantine the run's documents whose own rows fail a per-document
expectation (pipelines/quality/document_rules.py), so the suites judge the rest of the batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb

from pipelines.quality import QualityConfig
from pipelines.quality.document_rules import failing_documents
from pipelines.store.database import statement
from pipelines.store.quarantine import withhold_documents

AUDIT_STAGE = "audit"


@dataclass
class AuditSummary:
    documents_checked: int = 0
    withheld: dict[str, str] = field(default_factory=dict)  # doc_id -> the expectations it failed
    quarantined: int = 0  # raw records withheld with them


def quarantine_failing_documents(
    con: duckdb.DuckDBPyConnection, run_id: str, config: QualityConfig, now: datetime | None = None
) -> AuditSummary:
    """Withhold the run's documents that fail a per-document expectation, with every row of theirs."""
    (checked,) = con.execute(statement("run_row_count", table="documents"), [run_id]).fetchone()
    summary = AuditSummary(documents_checked=int(checked))
    if not checked:
        return summary
    summary.withheld = failing_documents(con, run_id, config)
    when = now or datetime.now(UTC).replace(tzinfo=None)
    summary.quarantined = withhold_documents(con, summary.withheld, AUDIT_STAGE, run_id, when)
    return summary
