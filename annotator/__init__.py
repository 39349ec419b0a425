"""annotator: label statements in news articles as warning, claim, denial or report."""

__version__ = "0.1.0"
