-- The evaluated expectations of one suite (_dq_rows), kept in the lake at once: quality history
-- outlives a failed audit.
INSERT INTO lake.dq_results (run_id, table_name, expectation, success, observed_value, details, checked_at)
SELECT run_id, table_name, expectation, success, observed_value, details, checked_at FROM _dq_rows
