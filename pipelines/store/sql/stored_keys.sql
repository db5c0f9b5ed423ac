-- Which of the keys asked (_keys: key), raw_ids or error_ids, a source already has, published or staged
-- by the run. $1 = source.
SELECT key FROM _keys WHERE key IN (
    SELECT raw_id FROM lake.raw_documents WHERE source = $1
    UNION ALL SELECT error_id FROM lake.ingest_errors WHERE source = $1
    UNION ALL SELECT raw_id FROM raw_documents WHERE source = $1
    UNION ALL SELECT error_id FROM ingest_errors WHERE source = $1)
