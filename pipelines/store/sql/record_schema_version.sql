-- Record a schema version as applied, in the snapshot that applies it. $1 = the version.
INSERT INTO warehouse_schema VALUES ($1, now()::TIMESTAMP)
