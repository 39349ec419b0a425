"""How far a project has got: per annotator done / assigned, labels per label and per
outlet, labels per hour, and agreement per outlet week by week (plain data; storage
counts, the window and ``annotator stats`` show it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any


@dataclass(frozen=True)
class AnnotatorProgress:
    name: str
    labelled: int  # statements this annotator has labelled
    assigned: int  # statements in the articles assigned to them (0: nothing assigned)
    done: int  # of those, labelled

    @property
    def share(self) -> float | None:
        return self.done / self.assigned if self.assigned else None


@dataclass(frozen=True)
class WeekAgreement:
    week: str  # ISO week of the newest vote: "2026-W49"
    statements: int  # labelled by two or more
    agreed: int  # of which every vote is the same

    @property
    def percent(self) -> float:
        return self.agreed / self.statements if self.statements else 0.0


@dataclass(frozen=True)
class ProjectProgress:
    annotators: tuple[AnnotatorProgress, ...] = ()
    per_label: dict[str, int] = field(default_factory=dict)
    per_outlet: dict[str, dict[str, int]] = field(default_factory=dict)  # outlet: label: n
    per_hour: tuple[tuple[datetime, int], ...] = ()  # label changes per hour, oldest first
    agreement: dict[str, tuple[WeekAgreement, ...]] = field(default_factory=dict)  # by outlet

    def hours(self, last: int = 48) -> list[tuple[datetime, int]]:
        """The ``last`` hours up to the newest labelled one, each with its count (zeros in
        between filled in)."""
        if not self.per_hour:
            return []
        counts = dict(self.per_hour)
        end = self.per_hour[-1][0]
        return [(end - timedelta(hours=i), counts.get(end - timedelta(hours=i), 0))
                for i in range(last - 1, -1, -1)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotators": [{"name": a.name, "labelled": a.labelled, "assigned": a.assigned,
                            "done": a.done} for a in self.annotators],
            "labels_per_label": dict(self.per_label),
            "labels_per_outlet": {k: dict(v) for k, v in self.per_outlet.items()},
            "labels_per_hour": [{"hour": h.isoformat().replace("+00:00", "Z"), "labels": n}
                                for h, n in self.per_hour],
            "agreement_per_outlet": {
                outlet: [{"week": w.week, "statements": w.statements, "agreed": w.agreed,
                          "percent": round(w.percent, 4)} for w in weeks]
                for outlet, weeks in self.agreement.items()},
        }


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.astimezone(timezone.utc).isocalendar()
    return f"{year}-W{week:02d}"


def week_agreement(votes: list[tuple[int, str | None, str, datetime]],
                   ) -> dict[str, tuple[WeekAgreement, ...]]:
    """(statement, outlet, label, when) of every vote on statements two or more labelled →
    per outlet, per week of each statement's newest vote: how many, how many agreed."""
    by_statement: dict[int, tuple[str, set[str], datetime]] = {}
    for statement_id, outlet, label, when in votes:
        name, labels, newest = by_statement.get(statement_id, (outlet or "(no outlet)", set(),
                                                               when))
        labels.add(label)
        by_statement[statement_id] = (name, labels, max(newest, when))
    table: dict[str, dict[str, list[int]]] = {}
    for name, labels, newest in by_statement.values():
        cell = table.setdefault(name, {}).setdefault(iso_week(newest), [0, 0])
        cell[0] += 1
        cell[1] += len(labels) == 1
    return {name: tuple(WeekAgreement(week, n, agreed) for week, (n, agreed) in sorted(weeks.items()))
            for name, weeks in sorted(table.items())}
