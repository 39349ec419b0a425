"""Runtime assets, found through importlib.resources (works from wheels and editable installs)."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def resource(name: str) -> Traversable:
    """A file under the project's ``resources/`` folder, e.g. ``resource("guidelines.md")``."""
    return resources.files("annotator.resources").joinpath(name)


def schema(name: str) -> Traversable:
    """A JSON Schema under ``schemas/``, e.g. ``schema("statement.schema.json")``."""
    return resources.files("annotator.schemas").joinpath(name)
