-- One evaluated expectation of a run.
INSERT INTO dq_results (run_id, table_name, expectation, success, observed_value, details, checked_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
