-- Record the run's resolution. $1 = run_id, $2 = the alias table's hash, $3 = full or incremental,
-- $4 = the number of name keys resolved.
INSERT INTO entity_resolutions VALUES ($1, $2, $3, $4, now()::TIMESTAMP)
