-- How many documents of a source the run staged. $1 = source, $2 = run_id.
SELECT count(*) FROM documents WHERE source = $1 AND run_id = $2
