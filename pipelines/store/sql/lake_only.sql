-- Tables only the lake has (not the runs' staging files), created with the schema.
CREATE TABLE IF NOT EXISTS publication_lock (run_id VARCHAR NOT NULL, published_at TIMESTAMP NOT NULL);
COMMENT ON TABLE publication_lock IS 'Internal: one row every publication updates, so that of two publications committing at once DuckLake refuses the second, which retries on the newer lake (and resolves its entities again if the first touched the same names).';
INSERT INTO publication_lock SELECT 'none', now()::TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM publication_lock);
CREATE TABLE IF NOT EXISTS warehouse_schema (version VARCHAR NOT NULL, applied_at TIMESTAMP);
COMMENT ON TABLE warehouse_schema IS 'Versions of schema.sql and views.sql applied to the lake.';
