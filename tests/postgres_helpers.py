"""Databases of the test session's own on the machine's PostgreSQL 15 (`.ci/run` starts it).

The session gets a fresh role `news_test_<pid>` and two databases it owns: one for a DuckLake catalog
(`postgres_lake_db`) and one for a Dagster instance's storage (`postgres_dagster_db`). They are dropped
when the session ends; ones left by a session that was killed are dropped by the next.

When PostgreSQL is not reachable the fixtures fail with the reason: CI must run these tests. Set
NEWS_SKIP_POSTGRES=1 to skip them instead. NEWS_TEST_PG_HOST / NEWS_TEST_PG_PORT move the server
(default 127.0.0.1:5432). Administration goes through `psql` as the `postgres` superuser (`su postgres`
when running as root, as CI does; otherwise `psql` with the caller's libpq settings, PGHOST, PGUSER...).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

HOST = os.environ.get("NEWS_TEST_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("NEWS_TEST_PG_PORT", "5432"))
PREFIX = "news_test_"
START_HINT = "start it: pg_ctlcluster 15 main start (as root; .ci/run does it)"


@dataclass(frozen=True)
class PgDatabase:
    """One database of the session, reachable over TCP with a password."""

    host: str
    port: int
    user: str
    password: str
    dbname: str

    @property
    def conninfo(self) -> str:
        """A libpq connection string, as NEWS_LAKE_CATALOG takes it after 'postgres:'."""
        return (
            f"dbname={self.dbname} host={self.host} port={self.port} "
            f"user={self.user} password={self.password}"
        )

    def dagster_env(self) -> dict[str, str]:
        """The DAGSTER_PG_* variables deploy/dagster.yaml reads."""
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USER": self.user,
            "DAGSTER_PG_PASSWORD": self.password,
            "DAGSTER_PG_DB": self.dbname,
        }

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of one query, on a connection of its own (psycopg2, which dagster-postgres uses too)."""
        import psycopg2

        con = psycopg2.connect(self.conninfo)
        try:
            with con.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            con.close()


@dataclass(frozen=True)
class PgRole:
    name: str
    password: str

    def database(self, dbname: str) -> PgDatabase:
        return PgDatabase(HOST, PORT, self.name, self.password, dbname)


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used for tests here, or None when it accepts connections."""
    missing = [tool for tool in ("psql", "pg_isready") if shutil.which(tool) is None]
    if missing:
        return f"PostgreSQL client tools are not installed ({', '.join(missing)} not found)"
    try:
        probe = subprocess.run(
            ["pg_isready", "-h", HOST, "-p", str(PORT), "-t", "5"],
            capture_output=True,
            text=True,
            timeout=15,
        )
    except subprocess.TimeoutExpired:
        return f"pg_isready -h {HOST} -p {PORT} did not answer within 15 s"
    if probe.returncode != 0:
        said = (probe.stdout + probe.stderr).strip()
        return f"PostgreSQL does not accept connections on {HOST}:{PORT} (pg_isready: {said})"
    return None


def admin_sql(sql: str) -> str:
    """Run SQL as the postgres superuser through psql; its unaligned output. Raises on any error."""
    psql = f"psql -X -q -A -t -v ON_ERROR_STOP=1 -p {PORT} -d postgres"
    command = ["su", "postgres", "-c", psql] if os.geteuid() == 0 else psql.split()
    done = subprocess.run(command, input=sql, capture_output=True, text=True, timeout=120, cwd="/")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_stale_roles() -> list[str]:
    """Drop the roles and databases of earlier test sessions whose process is gone."""
    stale = []
    for line in admin_sql(f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{PREFIX}%'").split():
        match = re.fullmatch(rf"{PREFIX}(\d+)", line.strip())
        if match and int(match.group(1)) != os.getpid() and not _pid_alive(int(match.group(1))):
            stale.append(line.strip())
    for role in stale:
        _drop_role(role)
    return stale


def _drop_role(role: str) -> None:
    owned = admin_sql(
        f"SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = '{role}'"
    ).split()
    statements = [f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE);' for db in owned]
    admin_sql("\n".join([*statements, f'DROP ROLE IF EXISTS "{role}";']))


def _unavailable(reason: str) -> None:
    if os.environ.get("NEWS_SKIP_POSTGRES") == "1":
        pytest.skip(f"{reason} (skipped: NEWS_SKIP_POSTGRES=1)")
    pytest.fail(
        f"{reason}; {START_HINT}, or set NEWS_SKIP_POSTGRES=1 to skip the PostgreSQL tests",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def postgres_role() -> Iterator[PgRole]:
    """A login role of this session's own, dropped (with its databases) when the session ends."""
    reason = postgres_unavailable()
    if reason:
        _unavailable(reason)
    role = PgRole(f"{PREFIX}{os.getpid()}", secrets.token_hex(16))
    try:
        drop_stale_roles()
        _drop_role(role.name)  # a role of a process that had the same pid
        admin_sql(f"CREATE ROLE \"{role.name}\" LOGIN PASSWORD '{role.password}';")
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not create a PostgreSQL role for the tests: {error}", pytrace=False)
    yield role
    _drop_role(role.name)


def _session_database(role: PgRole, purpose: str) -> Iterator[PgDatabase]:
    database = role.database(f"{role.name}_{purpose}")
    try:
        admin_sql(f'CREATE DATABASE "{database.dbname}" OWNER "{role.name}";')
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not create PostgreSQL database {database.dbname}: {error}", pytrace=False)
    yield database
    # FORCE: connections a test left open (the pipeline keeps the lake attached per process) end too
    admin_sql(f'DROP DATABASE IF EXISTS "{database.dbname}" WITH (FORCE);')


@pytest.fixture(scope="session")
def postgres_lake_db(postgres_role: PgRole) -> Iterator[PgDatabase]:
    """An empty database for a DuckLake catalog: NEWS_LAKE_CATALOG=postgres:<conninfo>."""
    yield from _session_database(postgres_role, "lake")


@pytest.fixture(scope="session")
def postgres_dagster_db(postgres_role: PgRole) -> Iterator[PgDatabase]:
    """An empty database for a Dagster instance's storage (the DAGSTER_PG_* of deploy/dagster.yaml)."""
    yield from _session_database(postgres_role, "dagster")
