"""ArticleSource: one YAML file under pipelines/defs/sources/ makes a source with its own assets.

Each source becomes an asset group (raw_documents -> documents, blocks, comments -> sentences,
entity_mentions): the source's slice of each warehouse table, with a job, an optional cron schedule and
a new-files sensor. The quality suites run on the warehouse tables (pipelines/lib/warehouse.py).
Every asset of a source carries the tag news/source=<name>, by which the code location finds the sources
(pipelines/definitions.py), whatever their keys.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import yaml

from pipelines.ingest import SourceSpec, SourceSpecError, validate_spec
from pipelines.lib.batch_requests import batch_schedule, new_batches_sensor
from pipelines.lib.keys import BATCHES, STAGING, source_key
from pipelines.lib.resources import NlpResource, WarehouseResource
from pipelines.settings import WarehousePaths
from pipelines.stages.batches import read_batch
from pipelines.stages.clean_stage import clean_source
from pipelines.stages.ingest_stage import ingest_source
from pipelines.stages.nlp_stage import analyze_source
from pipelines.store.database import statement


class ArticleSourceScaffolder(dg.Scaffolder):
    """`dg scaffold defs pipelines.lib.ArticleSource sources/<name>` writes a ready-to-edit YAML."""

    def scaffold(self, request: dg.ScaffoldRequest) -> None:
        name = Path(request.target_path).name
        dg.scaffold_component(
            request, {"name": name, "folder": f"raw/{name}", "format": "text", "cron": "0 6 * * *"}
        )


SOURCE_FOLDER = "source_folder"  # raw_documents metadata: where the source's files are, for batch planning
SOURCE_TAG = "news/source"  # tag of every asset of a source; its value is the source's name
MAX_NAME_LENGTH = 63  # the longest tag value Dagster accepts


class SourceConfigError(ValueError):
    """A source YAML that cannot work; the message names the file and the field."""


@dg.scaffold_with(ArticleSourceScaffolder)
class ArticleSource(dg.Component, dg.Model, dg.Resolvable):
    """A folder of dumps under raw/, read in one format, loaded into the warehouse as its own assets."""

    name: str
    folder: str
    format: str = "text"
    fields: dict[str, str] | None = None
    cron: str | None = None
    max_file_bytes: int = 25_000_000
    max_archive_bytes: int = 200_000_000
    allow_outside_raw: bool = False
    description: str | None = None

    def spec(self) -> SourceSpec:
        return SourceSpec(
            name=self.name,
            folder=self.folder,
            format=self.format,
            fields=self.fields,
            max_file_bytes=self.max_file_bytes,
            max_archive_bytes=self.max_archive_bytes,
            allow_outside_raw=self.allow_outside_raw,
            cron=self.cron,
        )

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        yaml_path = context.path / "defs.yaml" if context.path.is_dir() else context.path
        spec = self.spec()
        try:
            validate_spec(spec, WarehousePaths.from_env().project_dir)
        except SourceSpecError as error:
            raise SourceConfigError(f"{yaml_path}: field '{error.field}': {error}") from error
        if len(self.name) > MAX_NAME_LENGTH:  # Dagster would refuse the news/source tag, naming neither
            raise SourceConfigError(
                f"{yaml_path}: field 'name': {self.name!r} is longer than {MAX_NAME_LENGTH} characters"
            )
        duplicate = _other_source_with_name(context.defs_module_path, yaml_path, self.name)
        if duplicate is not None:
            raise SourceConfigError(
                f"{yaml_path}: field 'name': source name '{self.name}' is already used by {duplicate}"
            )
        try:
            return build_source_defs(spec, self.description)
        except dg.DagsterInvalidDefinitionError as error:  # Dagster's own cron check, named file and field
            if spec.cron and "cron" in str(error):
                raise SourceConfigError(
                    f"{yaml_path}: field 'cron': {spec.cron!r} is not a cron line Dagster accepts "
                    "(5 fields: minute hour day month weekday, e.g. '0 6 * * *')"
                ) from error
            raise


def _other_source_with_name(defs_dir: Path, own_yaml: Path, name: str) -> Path | None:
    """Another ArticleSource YAML in the defs folder declaring the same source name, if any."""
    for path in sorted(defs_dir.rglob("defs.yaml")):
        if path.resolve() == own_yaml.resolve():
            continue
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        is_source = str(document.get("type", "")).endswith("ArticleSource")
        if is_source and (document.get("attributes") or {}).get("name") == name:
            return path
    return None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _preview(con: duckdb.DuckDBPyConnection, name: str, params: list[object]) -> dg.MetadataValue:
    """The rows of a preview statement (pipelines/store/sql/<name>.sql) as a table for the UI."""
    frame = con.execute(statement(name), params).df()
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else "(no new rows)")


def _row_count(con: duckdb.DuckDBPyConnection, table: str, source: str) -> int:
    """The source's rows of a table with a source column once this run is published (lake + staged).

    Tables keyed by doc_id alone would need a join with every document of the source, whose cost grows
    with the warehouse; their assets report the rows of the run, and warehouse/<table> the total.
    """
    (count,) = con.execute(statement("source_row_count", table=table), [source]).fetchone()
    return int(count)


def source_tags(source: str) -> dict[str, str]:
    """The tags of every asset of a source."""
    return {SOURCE_TAG: source}


def build_source_defs(spec: SourceSpec, description: str | None = None) -> dg.Definitions:
    """The assets, job, schedule and sensor of one source."""
    src = spec.name
    about = description or f"Article source '{src}': {spec.format} dumps in {spec.folder}."
    tags = source_tags(src)

    @dg.asset(
        key=source_key(src, "raw_documents"),
        group_name=src,
        deps=[STAGING],
        kinds={"duckdb"},
        partitions_def=BATCHES,
        tags=tags,
        metadata={SOURCE_FOLDER: spec.folder},
        description=f"{about} The batch's new or changed files, decoded; unreadable ones go to "
        "ingest_errors.",
    )
    def raw_documents(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        batch = read_batch(warehouse.paths, context.partition_key)
        files = batch.files.get(src, [])
        with warehouse.connect(context.run.run_id) as con:
            summary = ingest_source(
                con, spec, warehouse.paths.project_dir, context.run.run_id, _now(), only=files
            )
            total = _row_count(con, "raw_documents", src)
            errors = _preview(con, "preview_ingest_errors", [src, context.run.run_id])
        return dg.MaterializeResult(
            metadata={
                "batch_files": len(files),
                "files_read": summary.records_read,
                "files_skipped_already_seen": summary.already_seen,
                "files_rejected": summary.rejected,
                "records_skipped": summary.skipped_records,
                "megabytes_read": round(summary.bytes_read / 1e6, 3),
                "rejected_this_run": errors,
                "dagster/row_count": int(total),
            }
        )

    @dg.multi_asset(
        name=f"{src}__clean",
        group_name=src,
        partitions_def=BATCHES,
        specs=[
            dg.AssetSpec(
                source_key(src, "documents"),
                deps=[source_key(src, "raw_documents")],
                kinds={"duckdb"},
                tags=tags,
                description="Articles: metadata and body text, boilerplate removed.",
            ),
            dg.AssetSpec(
                source_key(src, "blocks"),
                deps=[source_key(src, "raw_documents")],
                kinds={"duckdb"},
                tags=tags,
                description="Every block of every raw document with its kind and the rule that decided.",
            ),
            dg.AssetSpec(
                source_key(src, "comments"),
                deps=[source_key(src, "raw_documents")],
                kinds={"duckdb"},
                tags=tags,
                description="Reader comments found under the articles.",
            ),
        ],
    )
    def clean(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: NlpResource
    ) -> Iterator[dg.MaterializeResult]:
        with warehouse.connect(context.run.run_id) as con:
            summary = clean_source(con, src, context.run.run_id, _now(), workers=nlp.workers)
            preview = _preview(con, "preview_documents", [src, context.run.run_id])
            removed = _preview(con, "preview_removed_blocks", [src, context.run.run_id])
            documents = _row_count(con, "documents", src)
        yield dg.MaterializeResult(
            asset_key=source_key(src, "documents"),
            metadata={
                "new_documents": summary.documents,
                "near_duplicates": summary.near_duplicates,
                "preview": preview,
                "dagster/row_count": documents,
            },
        )
        yield dg.MaterializeResult(
            asset_key=source_key(src, "blocks"),
            metadata={
                "new_blocks": summary.blocks,
                "blocks_removed": summary.blocks_removed,
                "removed_preview": removed,
            },
        )
        yield dg.MaterializeResult(
            asset_key=source_key(src, "comments"),
            metadata={"new_comments": summary.comments},
        )

    @dg.multi_asset(
        name=f"{src}__nlp",
        group_name=src,
        partitions_def=BATCHES,
        specs=[
            dg.AssetSpec(
                source_key(src, "sentences"),
                deps=[source_key(src, "documents"), source_key(src, "blocks")],
                kinds={"duckdb", "spacy"},
                tags=tags,
                description="Sentences of the body text with character offsets.",
            ),
            dg.AssetSpec(
                source_key(src, "entity_mentions"),
                deps=[source_key(src, "documents"), source_key(src, "blocks")],
                kinds={"duckdb", "spacy"},
                tags=tags,
                description="Named-entity mentions with offsets, sentence and label.",
            ),
        ],
    )
    def nlp(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: NlpResource
    ) -> Iterator[dg.MaterializeResult]:
        with warehouse.connect(context.run.run_id) as con:
            summary = analyze_source(con, src, context.run.run_id, lambda: nlp.analyzer)
        yield dg.MaterializeResult(
            asset_key=source_key(src, "sentences"),
            metadata={
                "documents_analyzed": summary.documents,
                "new_sentences": summary.sentences,
                "duplicate_sentences": summary.duplicate_sentences,
            },
        )
        yield dg.MaterializeResult(
            asset_key=source_key(src, "entity_mentions"),
            metadata={"new_mentions": summary.mentions},
        )

    job = dg.define_asset_job(
        f"{src}_job",
        selection=dg.AssetSelection.groups(src, "warehouse"),
        description=f"Load a batch of new files of source '{src}', resolve entities, audit and publish.",
    )
    folders = {src: spec.folder}
    schedules = [batch_schedule(f"{src}_schedule", spec.cron, job.name, folders)] if spec.cron else []
    sensor = new_batches_sensor(
        f"{src}_new_files",
        job.name,
        folders,
        f"Every minute: new or changed files in {spec.folder} become batches, one {job.name} run each.",
    )
    return dg.Definitions(
        assets=[raw_documents, clean, nlp],
        jobs=[job],
        schedules=schedules,
        sensors=[sensor],
    )
