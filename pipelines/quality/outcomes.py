"""What a quality check returns: one outcome per expectation, grouped into the suite of a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation evaluated on the run's rows: what was seen, and some offending rows if it failed."""

    table: str
    expectation: str  # e.g. "expect_column_values_to_be_unique(doc_id)" or "sql:doc_id_resolves"
    success: bool
    observed_value: str
    offending_rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SuiteOutcome:
    """Every expectation of one table's suite; the check passes only when each of them held."""

    table: str
    outcomes: list[ExpectationOutcome]
    data_docs_index: Path | None = None  # index.html of the Data Docs site, when it was built

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]
