-- Publications still in force, newest first: publish snapshots not undone by a rollback snapshot.
-- A message is a prefix and a run_id: $1 = the publish prefix ('publish '), $2 = the rollback one.
WITH tagged AS (
    SELECT snapshot_id, snapshot_time, commit_message FROM {lake}.snapshots()
    WHERE commit_message LIKE $1 || '%' OR commit_message LIKE $2 || '%'
)
SELECT p.snapshot_id, substr(p.commit_message, length($1) + 1), p.snapshot_time
FROM tagged p
WHERE p.commit_message LIKE $1 || '%'
  AND NOT EXISTS (
      SELECT 1 FROM tagged r
      WHERE r.commit_message = $2 || substr(p.commit_message, length($1) + 1)
  )
ORDER BY p.snapshot_id DESC
