-- Whether this schema version was applied to the lake already: 1 or 0. $1 = the version.
SELECT count(*) FROM warehouse_schema WHERE version = $1
