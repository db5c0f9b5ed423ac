-- Name keys and link keys this run resolved that a run published after this run's resolution basis
-- also touched: this run's entities would be computed from stale counts (or make two entities of one
-- name). Non-zero means resolve again before publishing.
WITH later AS (
    SELECT substr(commit_message, length('publish ') + 1) AS run_id
    FROM lake.snapshots()
    WHERE snapshot_id > (SELECT max(snapshot_id) FROM main.resolution_basis)
      AND commit_message LIKE 'publish %'
)
SELECT count(*) FROM (
    SELECT name_key FROM lake.entity_keys
    WHERE run_id IN (SELECT run_id FROM later) AND name_key IN (SELECT name_key FROM main.entity_keys)
    UNION ALL
    SELECT link FROM lake.entity_key_links
    WHERE run_id IN (SELECT run_id FROM later) AND link IN (SELECT link FROM main.entity_key_links)
)
