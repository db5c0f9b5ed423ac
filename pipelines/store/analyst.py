"""`make sql`: the DuckDB CLI on the published lake, read-only, every table and view by its plain name,
with the search index and a line saying how fresh it is. open_analyst does the same from Python."""

from __future__ import annotations

import sys
from pathlib import Path

from pipelines.settings import WarehousePaths
from pipelines.store.extensions import load_statements
from pipelines.store.lake import LAKE, attach_statement, catalog_extension


def cli_init_sql(paths: WarehousePaths) -> str:
    """The statements the CLI runs first (its -init file)."""
    lines = [
        ".bail on",
        load_statements("fts", "ducklake", catalog_extension(paths.catalog)),
        attach_statement(paths, read_only=True) + ";",
        f"SET search_path = '{'search' if paths.search.exists() else 'memory'}.main,{LAKE}.main';",
        ".bail off",
    ]
    if paths.search.exists():
        lines.append("SELECT * FROM search_index_freshness;")
    return "\n".join(lines) + "\n"


def cli_database_arguments(paths: WarehousePaths) -> list[str]:
    """The database the CLI opens: the search index read-only, else memory (which cannot be read-only;
    the lake is attached read-only either way)."""
    return ["-readonly", str(paths.search)] if paths.search.exists() else [":memory:"]


def main() -> int:
    """Write the init file and print the CLI's database arguments (the search index, else memory)."""
    paths = WarehousePaths.from_env()
    if paths.catalog.startswith("sqlite:") and not Path(paths.catalog.split(":", 1)[1]).exists():
        print(f"The lake does not exist yet ({paths.catalog}): run 'make run' first.", file=sys.stderr)
        return 1
    init = paths.warehouse_dir / ".analyst.sql"
    init.write_text(cli_init_sql(paths), encoding="utf-8")
    print(" ".join(cli_database_arguments(paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
