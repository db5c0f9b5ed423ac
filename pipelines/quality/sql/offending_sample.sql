-- A rule's offending rows (its query is put in place of the braced name rule below), at most $max_rows
-- of them in a stable order, each with the count of all of them. A scalar count over a materialised CTE, not
-- count(*) OVER (): DuckDB 1.5's parallel window operator can fail with an internal error that invalidates the
-- whole database.
WITH offending AS MATERIALIZED (SELECT * FROM ({rule}) AS rule_rows)
SELECT *, (SELECT count(*) FROM offending) AS offending_count FROM offending
ORDER BY ALL LIMIT $max_rows
