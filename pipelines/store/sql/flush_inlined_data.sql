-- Write the rows DuckLake inlined in its catalog (small inserts) to Parquet files. $1 = the lake's alias.
CALL ducklake_flush_inlined_data($1)
