"""The Dagster code location: every source YAML under defs/ plus the shared warehouse assets."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from pipelines.ingest import SourceSpec
from pipelines.lib.article_source import SOURCE_FOLDER, SOURCE_TAG, build_source_defs
from pipelines.lib.warehouse import build_warehouse_defs


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
    """Each source's folder under the project: the sources are the values of the news/source tag on the
    assets, the folder is the metadata of the one asset of each that reads the files (raw_documents)."""
    sources: set[str] = set()
    folders: dict[str, str] = {}
    for spec in defs.resolve_all_asset_specs():
        source = spec.tags.get(SOURCE_TAG)
        if source is None:
            continue
        sources.add(source)
        if SOURCE_FOLDER not in spec.metadata:
            continue
        folder = str(spec.metadata[SOURCE_FOLDER])
        if folders.setdefault(source, folder) != folder:
            raise ValueError(f"source {source!r} declares two folders: {folders[source]!r} and {folder!r}")
    missing = sources - set(folders)
    if missing:
        raise ValueError(f"sources without a {SOURCE_FOLDER} metadata entry: {', '.join(sorted(missing))}")
    return dict(sorted(folders.items()))


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
