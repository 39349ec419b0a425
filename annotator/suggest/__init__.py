"""Label suggestions learnt from the project's labels (scikit-learn; no Qt, SQL or spaCy)."""

from annotator.suggest.model import (
    ALGORITHM,
    SuggestionModel,
    cross_validate,
    fit,
    signals,
)

__all__ = ["ALGORITHM", "SuggestionModel", "cross_validate", "fit", "signals"]
