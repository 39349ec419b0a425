"""The only package that imports spaCy: pipeline loading, entities, statements."""

from annotator.nlp.pipeline import DEFAULT_MODEL, ModelError, Pipeline, load_pipeline

__all__ = ["DEFAULT_MODEL", "ModelError", "Pipeline", "analyse", "load_pipeline"]


def analyse(doc, given_entities=None):  # type: ignore[no-untyped-def]
    """(entities, statements) of a parsed doc, ready for an ArticleDraft. ``given_entities``
    (EntitySpans a file brought, CoNLL's say) replace the pipeline's before detection, so
    speakers are found among them."""
    from annotator.nlp.detect import entities, statements

    if given_entities is not None:
        from spacy.util import filter_spans

        spans = [doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
                 for e in given_entities]
        doc.ents = filter_spans([s for s in spans if s is not None])
    return entities(doc), statements(doc)
