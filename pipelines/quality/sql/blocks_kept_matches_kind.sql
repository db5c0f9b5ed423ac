-- Blocks of the run whose kept flag disagrees with their kind ($kept_kinds are the kinds that are kept).
SELECT b.doc_id, b.block_index, b.kind, b.kept
FROM blocks AS b
WHERE b.run_id = $run_id
  AND b.kept <> list_contains($kept_kinds, b.kind)
