-- Merge the small Parquet files of each table into fewer, larger ones. $1 = the lake's alias.
CALL ducklake_merge_adjacent_files($1)
