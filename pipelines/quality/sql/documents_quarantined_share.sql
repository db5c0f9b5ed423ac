-- The documents the run quarantined for the first time, when they are more than $max_share_quarantined
-- of the run's documents plus them: one bad article is withheld, a share of them means something
-- systemic broke. A record an earlier run quarantined that fails again at a retry does not count.
WITH new_quarantine AS (
    SELECT q.* FROM quarantine AS q
    WHERE q.run_id = $run_id
      AND NOT EXISTS (SELECT 1 FROM lake.quarantine AS l WHERE l.raw_id = q.raw_id)
),
counts AS (
    SELECT (SELECT count(DISTINCT doc_id) FROM new_quarantine) AS quarantined,
           (SELECT count(*) FROM documents WHERE run_id = $run_id) AS documents
)
SELECT q.doc_id, q.source, q.path, q.record, q.stage, q.reason,
       round(c.quarantined / (c.quarantined + c.documents), 4) AS share_quarantined
FROM new_quarantine AS q, counts AS c
WHERE c.quarantined > $max_share_quarantined * (c.quarantined + c.documents)
