-- Full-text search over the published sentences (BM25), in its own DuckDB file derived from the lake
-- (DuckDB's fts index cannot be built on a DuckLake table). $1 = the lake snapshot it is built from.
-- Query it with: SELECT * FROM (SELECT *, fts_main_sentence_search.match_bm25(sentence_key, 'Putin Kim')
--   AS score FROM sentence_search) WHERE score IS NOT NULL ORDER BY score DESC;
CREATE OR REPLACE TABLE sentence_search AS
SELECT doc_id || ':' || sentence_index AS sentence_key, doc_id, sentence_index, text
FROM lake.sentences
WHERE NOT is_duplicate;
COMMENT ON TABLE sentence_search IS 'Sentences indexed for full-text search with BM25 (DuckDB fts); duplicates left out. Use fts_main_sentence_search.match_bm25(sentence_key, query). Rebuilt by the warehouse/search_index asset: see search_index_freshness.';
COMMENT ON COLUMN sentence_search.sentence_key IS 'doc_id:sentence_index, the key the fts index uses.';
COMMENT ON COLUMN sentence_search.doc_id IS 'Document of the sentence.';
COMMENT ON COLUMN sentence_search.sentence_index IS 'sentences.sentence_index.';
COMMENT ON COLUMN sentence_search.text IS 'Sentence text.';
PRAGMA create_fts_index('sentence_search', 'sentence_key', 'text', overwrite = 1);
CREATE OR REPLACE TABLE search_index_status AS
SELECT now()::TIMESTAMP AS built_at, CAST($1 AS BIGINT) AS lake_snapshot, count(*) AS sentences
FROM sentence_search;
COMMENT ON TABLE search_index_status IS 'When the search index was built and from which lake snapshot.';
CREATE OR REPLACE VIEW search_index_freshness AS
SELECT s.built_at, s.lake_snapshot, s.sentences,
       (SELECT count(*) FROM ducklake_snapshots('lake') p
        WHERE p.snapshot_id > s.lake_snapshot
          AND (p.commit_message LIKE 'publish %' OR p.commit_message LIKE 'rollback %')) AS publications_since
FROM search_index_status s;
COMMENT ON VIEW search_index_freshness IS 'How fresh the search index is: built when, from which lake snapshot, and how many publications (or rollbacks) the lake has had since (0 = up to date).';
