"""Text identity: articles are identified by a hash of their normalised text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, unified line breaks, runs of white space folded to one space, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the same article imported twice hashes alike."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
