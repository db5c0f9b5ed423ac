"""The project's Dagster builders, which Dagster does not load by itself: ArticleSource, the component
behind every source YAML (`type: pipelines.lib.ArticleSource`), the warehouse assets and their suite
checks, the batch sensors and schedules, and the batch runner of `make run`. pipelines/defs/ holds only
what Dagster loads; pipelines/definitions.py puts the two together.

ArticleSource is imported on first use, so that importing pipelines.lib.runner or pipelines.lib.keys
does not import the component and every stage with it (`make run` starts its check worker before it
imports Dagster).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.lib.article_source import ArticleSource

__all__ = ["ArticleSource"]


def __getattr__(name: str) -> object:
    if name == "ArticleSource":
        from pipelines.lib.article_source import ArticleSource

        return ArticleSource
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
