-- Whether the lake holds any mention at all: 1 or 0.
SELECT count(*) FROM (SELECT 1 FROM lake.entity_mentions LIMIT 1)
