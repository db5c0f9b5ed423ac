"""The deploy/ tests run against the machine's PostgreSQL, in databases of the session's own."""

from tests.postgres_helpers import postgres_dagster_db, postgres_lake_db, postgres_role

__all__ = ["postgres_dagster_db", "postgres_lake_db", "postgres_role"]
