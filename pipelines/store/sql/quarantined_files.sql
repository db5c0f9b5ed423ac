-- Which files (source, path) have a record in quarantine now; with $version (a code version), only
-- those with a record quarantined under another version.
SELECT DISTINCT source, path FROM quarantined_now
WHERE $version IS NULL OR code_version IS DISTINCT FROM $version ORDER BY source, path
