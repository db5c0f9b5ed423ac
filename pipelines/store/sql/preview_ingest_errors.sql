-- Which files of a source the run rejected, and why (the first 20, for the UI). $1 = source, $2 = run_id.
SELECT path, record, reason FROM ingest_errors WHERE source = $1 AND run_id = $2 LIMIT 20
