-- The column names of a table in column order. $1 = table, $2 = database (NULL: the default one).
SELECT column_name FROM duckdb_columns()
WHERE table_name = $1 AND database_name = coalesce($2, current_database()) AND schema_name = 'main'
ORDER BY column_index
