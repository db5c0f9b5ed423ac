-- Expire the snapshots older than $2 days (time travel and rollback reach no further). $1 = the lake's alias.
CALL ducklake_expire_snapshots($1, older_than => now() - to_days(CAST($2 AS INTEGER)))
