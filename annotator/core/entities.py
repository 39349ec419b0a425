"""Entity types an annotator can give from the keyboard (``E`` then a letter), and what a
correction does to an article's entities. Plain data; storage applies it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.models import Entity


@dataclass(frozen=True)
class EntityType:
    key: str  # spaCy's (OntoNotes) label: PERSON
    letter: str  # the palette's key
    description: str


# spaCy's English pipelines' types (OntoNotes 5), the common ones first.
ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType("PERSON", "P", "person"),
    EntityType("ORG", "O", "organisation: company, agency, institution"),
    EntityType("GPE", "G", "country, city, state"),
    EntityType("NORP", "N", "nationality, religious or political group"),
    EntityType("LOC", "L", "location that is not a country or city: region, sea"),
    EntityType("FAC", "F", "facility: building, airport, bridge"),
    EntityType("EVENT", "V", "event: war, summit, storm"),
    EntityType("PRODUCT", "R", "product: vehicle, weapon, food"),
    EntityType("LAW", "A", "law or treaty"),
    EntityType("WORK_OF_ART", "W", "title of a book, song, film"),
    EntityType("LANGUAGE", "U", "language"),
    EntityType("DATE", "D", "date or period"),
    EntityType("TIME", "T", "time of day"),
    EntityType("MONEY", "M", "money"),
    EntityType("PERCENT", "C", "percentage"),
    EntityType("QUANTITY", "Q", "measurement: weight, distance"),
    EntityType("CARDINAL", "I", "number that is none of the above"),
    EntityType("ORDINAL", "H", "ordinal: first, second"),
)
REMOVE_LETTER = "X"

Span = tuple[int, int, str]


def span(entity: Entity) -> Span:
    return (entity.start, entity.end, entity.label)


def at(entities: Iterable[Entity], position: int) -> Entity | None:
    """The entity covering character ``position``, if any."""
    return next((e for e in entities if e.start <= position < e.end), None)


def retype(entities: Iterable[Entity], start: int, end: int,
           label: str | None) -> tuple[list[Span], list[Span]]:
    """(remove, add) that make ``start``–``end`` one entity of type ``label`` (None: no
    entity there): every entity it overlaps goes, so a selection wider or narrower than an
    entity extends or shrinks it."""
    remove = [span(e) for e in entities if e.start < end and start < e.end]
    add = [(start, end, label)] if label else []
    return remove, add
