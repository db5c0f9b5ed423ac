-- How many publications the search index has not seen yet (in the index's own file, the lake attached).
SELECT publications_since FROM search_index_freshness
