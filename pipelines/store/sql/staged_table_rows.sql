-- One staging table's name and row count; publish_run unions one such select per table it publishes.
SELECT '{table}', count(*) FROM main.{table}
