"""The code location for a cluster whose steps each run in a container of their own.

The same definitions as `pipelines.definitions`, with the `docker_executor` in place of the in-process
executor (for every job that does not name its own). Serve it with
`dagster code-server start -f deploy/cluster/definitions.py ...` (deploy/README.md); configure the
executor with deploy/cluster/run_config.yaml. Without this file, a cluster still runs each run in its
own container (DockerRunLauncher) with the steps in that container, as on one machine.
"""

from __future__ import annotations

import dagster as dg
from dagster_docker import docker_executor

from pipelines.definitions import build_definitions


def with_executor(defs: dg.Definitions, executor: dg.ExecutorDefinition) -> dg.Definitions:
    """The same definitions with another default executor."""
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        schedules=defs.schedules,
        sensors=defs.sensors,
        jobs=defs.jobs,
        resources=defs.resources,
        loggers=defs.loggers,
        metadata=defs.metadata,
        component_tree=defs.component_tree,
        executor=executor,
    )


defs = with_executor(build_definitions(), docker_executor)
