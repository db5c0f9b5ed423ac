-- Which published name keys carry one of the link keys asked (_asked: v).
SELECT DISTINCT name_key FROM lake.entity_key_links WHERE link IN (SELECT v FROM _asked)
