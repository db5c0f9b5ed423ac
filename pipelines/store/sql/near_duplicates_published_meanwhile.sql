-- Staged documents without a near-duplicate link that nearly repeat (MinHash Jaccard >= $threshold) a
-- document another run published since this run cleaned them (batches side by side), each with the
-- oldest such document: the link the cleaning step would have made had it been published then. Only the
-- publications after the cleaning's snapshot (near_duplicate_basis) are read: the cost follows them.
WITH later AS (
    SELECT substr(commit_message, length('publish ') + 1) AS run_id
    FROM lake.snapshots()
    WHERE snapshot_id > (SELECT min(snapshot_id) FROM main.near_duplicate_basis)
      AND commit_message LIKE 'publish %'
),
mine AS (
    SELECT d.doc_id, s.minhash, b.band
    FROM main.documents AS d
    JOIN main.document_signatures AS s USING (doc_id)
    JOIN main.document_bands AS b USING (doc_id)
    WHERE d.near_duplicate_of IS NULL
),
candidates AS (
    SELECT DISTINCT m.doc_id, m.minhash, lb.doc_id AS other
    FROM mine AS m
    JOIN lake.document_bands AS lb ON lb.band = m.band AND lb.doc_id <> m.doc_id
    WHERE lb.run_id IN (SELECT run_id FROM later)
),
near AS (
    SELECT c.doc_id, c.other, ld.ingested_at
    FROM candidates AS c
    JOIN lake.document_signatures AS ls ON ls.doc_id = c.other
    JOIN lake.documents AS ld ON ld.doc_id = c.other
    WHERE list_sum(list_transform(range(1, len(c.minhash) + 1),
                                  lambda i: (c.minhash[i] = ls.minhash[i])::INTEGER))
          >= $threshold * len(c.minhash)
)
SELECT doc_id, arg_min(other, (ingested_at, other)) AS original
FROM near
GROUP BY doc_id
ORDER BY doc_id
