-- The rows of a published table that a publication deleted or updated, as they were before it: what
-- undoing it writes back. $1 = the table's name, $2 = the publication's snapshot.
SELECT {columns} FROM {lake}.table_changes($1, $2, $2) WHERE change_type IN ('delete', 'update_preimage')
