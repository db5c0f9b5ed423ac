-- How many sentences the search index holds (in the index's own file).
SELECT sentences FROM search_index_status
