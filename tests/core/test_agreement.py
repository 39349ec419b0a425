"""Agreement figures equal the reference implementations on the same data."""

from __future__ import annotations

import math
import random

import pytest

from annotator.core import agreement as ag

krippendorff = pytest.importorskip("krippendorff")
metrics = pytest.importorskip("sklearn.metrics")

LABELS = ["warning", "claim", "denial", "report"]


def _reference_alpha(units: dict, annotators: list[str]) -> float:
    import numpy as np

    index = {label: i for i, label in enumerate(LABELS)}
    data = np.full((len(annotators), len(units)), np.nan)
    for j, votes in enumerate(units.values()):
        for i, a in enumerate(annotators):
            if a in votes:
                data[i, j] = index[votes[a]]
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


def _random_units(seed: int, n: int = 300, annotators: int = 3, missing: float = 0.3) -> dict:
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(annotators)]
    units = {}
    for u in range(n):
        truth = rng.choice(LABELS)
        votes = {a: (truth if rng.random() < 0.7 else rng.choice(LABELS))
                 for a in names if rng.random() > missing}
        units[u] = votes
    return units


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_the_krippendorff_package_with_missing_votes(seed):
    units = ag.multiply_labelled(_random_units(seed))
    expected = _reference_alpha(units, ["a0", "a1", "a2"])
    assert ag.krippendorff_alpha(units) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_kappa_equals_scikit_learn_for_every_pair(seed):
    units = ag.multiply_labelled(_random_units(seed))
    report = ag.report(units)
    for pair in report.pairs:
        shared = [(v[pair.a], v[pair.b]) for v in units.values() if pair.a in v and pair.b in v]
        xs, ys = zip(*shared)
        assert pair.kappa == pytest.approx(metrics.cohen_kappa_score(xs, ys), abs=1e-9)
        assert pair.statements == len(shared)


def test_all_agree():
    units = {1: {"a": "claim", "b": "claim"}, 2: {"a": "denial", "b": "denial"}}
    report = ag.report(units)
    assert report.percent == 1.0 and report.alpha == pytest.approx(1.0)
    assert report.pairs[0].kappa == pytest.approx(metrics.cohen_kappa_score(
        ["claim", "denial"], ["claim", "denial"]))
    assert report.per_label == {"claim": 1.0, "denial": 1.0}


def test_only_one_label_used_gives_undefined_not_made_up_numbers():
    units = {1: {"a": "claim", "b": "claim"}, 2: {"a": "claim", "b": "claim"}}
    report = ag.report(units)
    assert report.percent == 1.0 and report.alpha is None and report.pairs[0].kappa is None
    assert math.isnan(metrics.cohen_kappa_score(["claim"] * 2, ["claim"] * 2))
    with pytest.raises(ValueError):
        _reference_alpha(units, ["a", "b"])


def test_missing_votes_and_single_votes_are_left_out():
    units = {1: {"a": "claim"}, 2: {"a": "claim", "b": "denial"}, 3: {}}
    report = ag.report(units)
    assert report.statements == 1 and report.votes == 2 and report.percent == 0.0
    assert ag.report({}).percent is None and ag.report({}).alpha is None


def test_confusion_matrix_and_per_label_agreement():
    units = {1: {"a": "claim", "b": "denial"}, 2: {"a": "claim", "b": "claim"},
             3: {"a": "report", "b": "report", "c": "claim"}}
    matrix = ag.confusion_matrix(units)
    assert matrix["claim"]["denial"] == matrix["denial"]["claim"] == 1
    assert matrix["claim"]["claim"] == 1 and matrix["report"]["report"] == 1
    assert matrix["claim"]["report"] == matrix["report"]["claim"] == 2
    per_label = ag.per_label_agreement(units)
    assert per_label["denial"] == 0.0 and per_label["report"] == pytest.approx(1 / 2)


def test_breakdown_by_outlet():
    units = {1: {"a": "claim", "b": "claim"}, 2: {"a": "claim", "b": "denial"}}
    report = ag.report(units, sources={1: "Wire", 2: "Post"})
    assert [(g.name, g.statements, g.percent) for g in report.by_source] == [
        ("Post", 1, 0.0), ("Wire", 1, 1.0)]
