-- The tables of an attached legacy warehouse file. $1 = the alias it is attached as.
SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main'
