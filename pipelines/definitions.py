"""The Dagster code location: every source YAML under defs/ plus the shared warehouse assets."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from pipelines.components.article_source import SOURCE_FOLDER, build_source_defs
from pipelines.defs.warehouse import build_warehouse_defs
from pipelines.ingest import SourceSpec


def build_definitions(extra_sources: Sequence[SourceSpec] = ()) -> dg.Definitions:
    """The source YAMLs' definitions (plus any sources given in code), wired to the warehouse assets."""
    loaded = dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        *(build_source_defs(spec) for spec in extra_sources),
    )
    return dg.Definitions.merge(
        loaded, build_warehouse_defs(source_folders(loaded)), dg.Definitions(executor=dg.in_process_executor)
    )


def source_folders(defs: dg.Definitions) -> dict[str, str]:
    """Each source's folder under the project, as its raw_documents asset declares it."""
    return {
        spec.key.path[0]: str(spec.metadata[SOURCE_FOLDER])
        for spec in defs.resolve_all_asset_specs()
        if spec.key.path[-1] == "raw_documents" and SOURCE_FOLDER in spec.metadata
    }


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
