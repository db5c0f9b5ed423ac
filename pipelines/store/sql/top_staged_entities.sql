-- Which entities the run rewrote have the most mentions (the first 15, for the UI).
SELECT canonical_name, label, mention_count, document_count, source_count
FROM entities ORDER BY mention_count DESC LIMIT 15
