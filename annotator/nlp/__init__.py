"""The only package that imports spaCy: pipeline loading, entities, statements."""

from annotator.nlp.pipeline import DEFAULT_MODEL, ModelError, Pipeline, load_pipeline

__all__ = ["DEFAULT_MODEL", "ModelError", "Pipeline", "analyse", "load_pipeline"]


def analyse(doc):  # type: ignore[no-untyped-def]
    """(entities, statements) of a parsed doc, ready for an ArticleDraft."""
    from annotator.nlp.detect import entities, statements

    return entities(doc), statements(doc)
