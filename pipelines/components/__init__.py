"""Dagster components of the project: ArticleSource is the one asset factory behind every source YAML."""

from pipelines.components.article_source import ArticleSource

__all__ = ["ArticleSource"]
