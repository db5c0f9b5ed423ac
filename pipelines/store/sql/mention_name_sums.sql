-- Every mention, published or staged, summed per (name, label, written form): what a full resolution
-- reads, so that Python holds distinct names only.
SELECT name, label, text, count(*) FROM (
    SELECT name, label, text FROM lake.entity_mentions
    UNION ALL SELECT name, label, text FROM entity_mentions
) GROUP BY ALL
