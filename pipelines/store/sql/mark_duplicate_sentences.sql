-- Media Cloud's rule: a sentence that already appeared in another document of the same source within
-- the seven days before is boilerplate that slipped through; flag it so counts are not inflated.
-- The run's sentences get a fingerprint row, then are compared with the fingerprints the source
-- published in their window (never the old sentence texts). $1 = source, $2 = run_id.
INSERT INTO sentence_fingerprints (source, day, fingerprint, doc_id, sentence_index, run_id)
SELECT d.source, coalesce(d.published_date, CAST(d.ingested_at AS DATE)), left(md5(s.text), 16),
       s.doc_id, s.sentence_index, s.run_id
FROM sentences s
JOIN documents d USING (doc_id)
WHERE d.source = $1 AND s.run_id = $2;

WITH cur AS (
    SELECT fingerprint, day, doc_id, sentence_index FROM sentence_fingerprints
    WHERE source = $1 AND run_id = $2
),
window_bounds AS (SELECT min(day) - INTERVAL 7 DAY AS lo, max(day) AS hi FROM cur),
prev AS (
    SELECT f.fingerprint, f.day, f.doc_id
    FROM lake.sentence_fingerprints f, window_bounds w
    WHERE f.source = $1 AND f.day BETWEEN w.lo AND w.hi
      AND f.fingerprint IN (SELECT fingerprint FROM cur)
    UNION ALL
    SELECT fingerprint, day, doc_id FROM sentence_fingerprints WHERE source = $1
),
flagged AS (
    SELECT DISTINCT cur.doc_id, cur.sentence_index
    FROM cur
    JOIN prev
      ON prev.fingerprint = cur.fingerprint
     AND prev.doc_id <> cur.doc_id
     AND prev.day BETWEEN cur.day - INTERVAL 7 DAY AND cur.day
     AND (prev.day < cur.day OR (prev.day = cur.day AND prev.doc_id < cur.doc_id))
)
UPDATE sentences
SET is_duplicate = true
FROM flagged
WHERE sentences.doc_id = flagged.doc_id AND sentences.sentence_index = flagged.sentence_index;
