"""Asset keys shared by every source's assets and the warehouse assets: the graph's fixed points."""

import dagster as dg

STAGING = dg.AssetKey(["warehouse", "staging"])
QUARANTINE = dg.AssetKey(["warehouse", "quarantine"])
ENTITIES = dg.AssetKey(["warehouse", "entities"])
PUBLISHED = dg.AssetKey(["warehouse", "published"])
# the published asset's metadata entry: per source, the new documents, sentences and mentions the lake got
PUBLISHED_BY_SOURCE = "published_by_source"
SEARCH_INDEX = dg.AssetKey(["warehouse", "search_index"])
MAINTENANCE = dg.AssetKey(["warehouse", "lake_maintenance"])
# One partition per batch of new files (pipelines/stages/batches.py): planned by make run and the
# new-files sensors, each loaded, audited and published by a run of its own, retried alone when it fails.
BATCHES = dg.DynamicPartitionsDefinition(name="batches")
SOURCE_TABLES = ("raw_documents", "documents", "blocks", "comments", "sentences", "entity_mentions")


def table_key(table: str) -> dg.AssetKey:
    """A whole warehouse table across sources, e.g. warehouse/sentences; its quality suite hangs here."""
    return dg.AssetKey(["warehouse", table])


def source_key(source: str, table: str) -> dg.AssetKey:
    """A source's asset for one table: e.g. world_desk/sentences."""
    return dg.AssetKey([source, table])
