"""GX Data Docs for the run's validations: static HTML under a folder, so a check can link to it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.quality.gx_suites import GX_LOCK, gx_context

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuiteValidationResult

_SITES: dict[Path, str] = {}


def data_docs_index_path(data_docs_dir: Path) -> Path:
    """Where the site's index.html is (or will be) once a check has built Data Docs into data_docs_dir."""
    return Path(data_docs_dir).resolve() / "index.html"


def _site_for(data_docs_dir: Path) -> str:
    """The context's docs site writing into data_docs_dir, added on first use."""
    directory = Path(data_docs_dir).resolve()
    if directory not in _SITES:
        name = f"warehouse_{len(_SITES) + 1}"
        gx_context().add_data_docs_site(
            name,
            {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(directory),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        _SITES[directory] = name
    return _SITES[directory]


def build_data_docs(data_docs_dir: Path, results: list[ExpectationSuiteValidationResult]) -> Path:
    """Render only these validation results (and their suites) plus the index; return index.html."""
    context = gx_context()
    wanted = {(str(result.meta["run_id"]), result.suite_name) for result in results}
    identifiers = [
        key
        for key in context.validation_results_store.list_keys()
        if (str(key.run_id), key.expectation_suite_identifier.name) in wanted
    ]
    context.build_data_docs(site_names=[_site_for(data_docs_dir)], resource_identifiers=identifiers)
    return data_docs_index_path(data_docs_dir)


def build_run_data_docs(data_docs_dir: Path, run_id: str) -> Path:
    """Render every validation this process ran for a run, in one pass (cheaper than one per suite)."""
    with GX_LOCK:
        context = gx_context()
        identifiers = [
            key for key in context.validation_results_store.list_keys() if key.run_id.run_name == run_id
        ]
        context.build_data_docs(site_names=[_site_for(data_docs_dir)], resource_identifiers=identifiers)
    return data_docs_index_path(data_docs_dir)
