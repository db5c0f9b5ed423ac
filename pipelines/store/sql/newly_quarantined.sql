-- How many documents the run quarantined for the first time (a record already quarantined by an earlier
-- run that fails again at a retry is not new evidence), and how many documents it staged.
SELECT
    (SELECT count(DISTINCT q.doc_id) FROM quarantine AS q
     WHERE NOT EXISTS (SELECT 1 FROM lake.quarantine AS l WHERE l.raw_id = q.raw_id)) AS quarantined,
    (SELECT count(*) FROM documents) AS documents
