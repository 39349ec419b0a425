"""A small benchmark harness: medians of repeated runs, compared side by side as ratios.

This machine is shared and noisy, so every figure is reported next to a baseline measured
in the same run, interleaved, and the ratio is what docs/performance.md records.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Timing:
    name: str
    runs: int
    median_ms: float
    p90_ms: float
    min_ms: float

    def __str__(self) -> str:
        return (f"{self.name:<44} median {self.median_ms:9.3f} ms   p90 {self.p90_ms:9.3f} ms"
                f"   min {self.min_ms:9.3f} ms   ({self.runs} runs)")


def measure(name: str, func: Callable[[], object], *, runs: int = 50, warmup: int = 3) -> Timing:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return _timing(name, samples)


def compare(candidate: tuple[str, Callable[[], object]], baseline: tuple[str, Callable[[], object]],
            *, runs: int = 50, warmup: int = 3) -> tuple[Timing, Timing, float]:
    """Interleave candidate and baseline runs so machine noise hits both alike."""
    for _ in range(warmup):
        candidate[1]()
        baseline[1]()
    a, b = [], []
    for _ in range(runs):
        for func, samples in ((candidate[1], a), (baseline[1], b)):
            start = time.perf_counter()
            func()
            samples.append((time.perf_counter() - start) * 1000)
    ta, tb = _timing(candidate[0], a), _timing(baseline[0], b)
    return ta, tb, ta.median_ms / tb.median_ms


def report(*timings: Timing, ratio: float | None = None, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps({"timings": [asdict(t) for t in timings], "ratio": ratio}))
        return
    for t in timings:
        print(t)
    if ratio is not None:
        print(f"{'ratio (candidate / baseline)':<44} {ratio:9.2f}")


def _timing(name: str, samples: list[float]) -> Timing:
    samples = sorted(samples)
    p90 = samples[min(len(samples) - 1, int(len(samples) * 0.9))]
    return Timing(name, len(samples), statistics.median(samples), p90, samples[0])
