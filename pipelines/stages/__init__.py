"""One plain function per pipeline stage: read from the working warehouse, call the packages, write back.

The Dagster assets call exactly one of these each; tests call them without Dagster.
"""
