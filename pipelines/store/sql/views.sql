-- Views for analysis, documented with COMMENT ON. Recreated on every writable open of the warehouse.
-- A document's day is its publication date, or the day it was first read when the dump states none.

CREATE OR REPLACE VIEW document_days AS
SELECT doc_id, source, coalesce(published_date, CAST(ingested_at AS DATE)) AS day
FROM documents;
COMMENT ON VIEW document_days IS 'The day each document counts for: published_date, else the day it was first read.';

CREATE OR REPLACE VIEW entity_sentence_pairs AS
SELECT a.entity_id AS entity_a, b.entity_id AS entity_b, a.doc_id, a.sentence_index
FROM entity_mentions a
JOIN entity_mentions b
  ON a.doc_id = b.doc_id AND a.sentence_index = b.sentence_index AND a.entity_id < b.entity_id
GROUP BY ALL;
COMMENT ON VIEW entity_sentence_pairs IS 'One row per pair of distinct entities mentioned in the same sentence (entity_a < entity_b).';

CREATE OR REPLACE VIEW entity_cooccurrence_sentences AS
SELECT p.entity_a, ea.canonical_name AS name_a, p.entity_b, eb.canonical_name AS name_b,
       count(*) AS sentences, count(DISTINCT p.doc_id) AS documents
FROM entity_sentence_pairs p
JOIN entities ea ON ea.entity_id = p.entity_a
JOIN entities eb ON eb.entity_id = p.entity_b
GROUP BY ALL;
COMMENT ON VIEW entity_cooccurrence_sentences IS 'How often two entities appear in the same sentence, and in how many documents.';

CREATE OR REPLACE VIEW entity_cooccurrence_documents AS
WITH doc_entities AS (SELECT DISTINCT doc_id, entity_id FROM entity_mentions)
SELECT a.entity_id AS entity_a, ea.canonical_name AS name_a, b.entity_id AS entity_b,
       eb.canonical_name AS name_b, count(*) AS documents
FROM doc_entities a
JOIN doc_entities b ON a.doc_id = b.doc_id AND a.entity_id < b.entity_id
JOIN entities ea ON ea.entity_id = a.entity_id
JOIN entities eb ON eb.entity_id = b.entity_id
GROUP BY ALL;
COMMENT ON VIEW entity_cooccurrence_documents IS 'How many documents mention both entities.';

CREATE OR REPLACE VIEW entity_mentions_daily AS
SELECT m.entity_id, e.canonical_name, e.label, dd.source, dd.day,
       count(*) AS mentions, count(DISTINCT m.doc_id) AS documents
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN document_days dd USING (doc_id)
GROUP BY ALL;
COMMENT ON VIEW entity_mentions_daily IS 'Mentions of each entity per source per day.';

CREATE OR REPLACE VIEW source_top_entities AS
SELECT dd.source, m.entity_id, e.canonical_name, e.label,
       count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,
       rank() OVER (PARTITION BY dd.source ORDER BY count(*) DESC) AS rank_in_source
FROM entity_mentions m
JOIN entities e USING (entity_id)
JOIN document_days dd USING (doc_id)
GROUP BY dd.source, m.entity_id, e.canonical_name, e.label;
COMMENT ON VIEW source_top_entities IS 'Entities of each source ranked by mentions (rank 1 = most mentioned).';

CREATE OR REPLACE VIEW sentence_entities AS
SELECT s.doc_id, s.sentence_index, dd.source, dd.day, s.text AS sentence, s.is_duplicate,
       list(DISTINCT e.canonical_name ORDER BY e.canonical_name) AS entities
FROM sentences s
JOIN document_days dd USING (doc_id)
LEFT JOIN entity_mentions m USING (doc_id, sentence_index)
LEFT JOIN entities e USING (entity_id)
GROUP BY ALL;
COMMENT ON VIEW sentence_entities IS 'Each sentence with its source, day and the canonical names of the entities it mentions.';

CREATE OR REPLACE VIEW quarantined_now AS
SELECT q.*
FROM quarantine q
WHERE NOT EXISTS (SELECT 1 FROM raw_documents r
                  WHERE r.raw_id = q.raw_id
                     OR (r.source = q.source AND r.path = q.path AND r.record IS NOT DISTINCT FROM q.record
                         AND r.ingested_at > q.quarantined_at))
QUALIFY row_number() OVER (PARTITION BY q.raw_id ORDER BY q.quarantined_at DESC) = 1;
COMMENT ON VIEW quarantined_now IS 'Raw records still in quarantine: their latest quarantine row, unless the record (or a newer version of its file) has loaded since. `python -m pipelines.run --retry-quarantine` retries them.';
