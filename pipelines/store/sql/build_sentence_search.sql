-- Full-text search over sentences (BM25), rebuilt before each publication.
-- Query it with: SELECT * FROM (SELECT *, fts_main_sentence_search.match_bm25(sentence_key, 'Putin Kim')
--   AS score FROM sentence_search) WHERE score IS NOT NULL ORDER BY score DESC;
CREATE OR REPLACE TABLE sentence_search AS
SELECT doc_id || ':' || sentence_index AS sentence_key, doc_id, sentence_index, text
FROM sentences
WHERE NOT is_duplicate;
COMMENT ON TABLE sentence_search IS 'Sentences indexed for full-text search with BM25 (DuckDB fts); duplicates left out. Use fts_main_sentence_search.match_bm25(sentence_key, query).';
COMMENT ON COLUMN sentence_search.sentence_key IS 'doc_id:sentence_index, the key the fts index uses.';
COMMENT ON COLUMN sentence_search.doc_id IS 'Document of the sentence.';
COMMENT ON COLUMN sentence_search.sentence_index IS 'sentences.sentence_index.';
COMMENT ON COLUMN sentence_search.text IS 'Sentence text.';
PRAGMA create_fts_index('sentence_search', 'sentence_key', 'text', overwrite = 1);
