-- Undoing a publication: delete, by {key}, the rows of {table} it inserted or updated (the old versions
-- are written back after). $1 = the table's name, $2 = the publication's snapshot.
DELETE FROM {lake}.{table}
WHERE ({key}) IN (
    SELECT ({key}) FROM {lake}.table_changes($1, $2, $2) WHERE change_type IN ('insert', 'update_postimage')
)
