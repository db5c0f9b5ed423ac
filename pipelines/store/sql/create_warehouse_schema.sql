-- The lake's record of the schema versions applied (a hash of its SQL), read before applying one.
CREATE TABLE IF NOT EXISTS warehouse_schema (version VARCHAR NOT NULL, applied_at TIMESTAMP)
