"""The only package that imports PySide6."""

from annotator.gui.app import create_main_window, run
from annotator.gui.platform import platform_problem

__all__ = ["create_main_window", "platform_problem", "run"]
