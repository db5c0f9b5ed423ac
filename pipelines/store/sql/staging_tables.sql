-- Tables only a run's staging file has, beside the schema.sql tables that hold the run's new rows.
CREATE TABLE IF NOT EXISTS retired_entities (entity_id VARCHAR NOT NULL);
COMMENT ON TABLE retired_entities IS 'Entities that this run''s resolution merged into others: deleted from the lake at publication.';
CREATE TABLE IF NOT EXISTS mention_name_keys (name VARCHAR NOT NULL, name_key VARCHAR);
COMMENT ON TABLE mention_name_keys IS 'A full resolution''s name key of every mention name: published mentions get theirs at publication.';
CREATE TABLE IF NOT EXISTS resolution_basis (snapshot_id BIGINT NOT NULL);
COMMENT ON TABLE resolution_basis IS 'The lake snapshot this run''s entity resolution read: a publication after it that touched the same names makes the resolution stale.';
CREATE TABLE IF NOT EXISTS near_duplicate_basis (snapshot_id BIGINT NOT NULL);
COMMENT ON TABLE near_duplicate_basis IS 'The lake snapshot each cleaning step of this run looked for near-duplicates in: documents published after it are looked at again before publication.';
CREATE TABLE IF NOT EXISTS recounted_entities (entity_id VARCHAR NOT NULL);
COMMENT ON TABLE recounted_entities IS 'Touched entities whose counts this run computed from all their mentions (their published entity_sources rows are replaced); the others had the run''s mentions added.';
