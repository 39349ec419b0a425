"""The only package that imports PySide6."""

from annotator.gui.app import create_main_window, run

__all__ = ["create_main_window", "run"]
