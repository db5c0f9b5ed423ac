-- The published counts of the name keys asked (_asked: v), per name, label and written form.
SELECT name_key, name, label, written, sum(mentions) FROM lake.entity_name_counts
WHERE name_key IN (SELECT v FROM _asked) GROUP BY ALL
