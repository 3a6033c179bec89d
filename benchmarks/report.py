"""Timings, figures with their targets, and how a run is printed and saved."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    """Durations in seconds of repeated runs of one thing."""

    samples: tuple[float, ...]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]

    def text(self) -> str:
        return f"p50 {ms(self.p50)}  p95 {ms(self.p95)}"

    def as_json(self) -> dict:
        return {"n": len(self.samples), "p50_ms": round(self.p50 * 1000, 2),
                "p95_ms": round(self.p95 * 1000, 2),
                "min_ms": round(min(self.samples) * 1000, 2),
                "max_ms": round(max(self.samples) * 1000, 2)}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(function: Callable[[], object], repeat: int, *, before=None) -> Timing:
    """Run ``function`` ``repeat`` times; ``before`` runs untimed ahead of each run."""
    samples = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return Timing(tuple(samples))


def interleaved(functions: dict[str, Callable[[], object]], repeat: int, *,
                before=None) -> dict[str, Timing]:
    """Like ``timed`` for several functions, taking turns so a change of machine load
    weighs on all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            if before:
                before(name)
            start = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - start)
    return {name: Timing(tuple(values)) for name, values in samples.items()}


@dataclass
class Row:
    section: str
    name: str
    value: str
    target: str = ""
    met: bool | None = None
    data: dict = field(default_factory=dict)


@dataclass
class Report:
    """The figures of one run, in the order they were taken."""

    rows: list[Row] = field(default_factory=list)
    context: dict = field(default_factory=dict)

    def add(self, section: str, name: str, value: str, *, target: str = "",
            met: bool | None = None, **data) -> None:
        self.rows.append(Row(section, name, value, target, met, data))
        print(f"  {name}: {value}" + (f"  [{target}: {_met(met)}]" if target else ""),
              flush=True)

    def timing(self, section: str, name: str, timing: Timing, *, target: str = "",
               met: bool | None = None, **data) -> None:
        self.add(section, name, timing.text(), target=target, met=met,
                 **timing.as_json(), **data)

    def table(self) -> str:
        widths = [max(len(row.name) for row in self.rows), 30, 44]
        lines = [f"{'figure':<{widths[0]}}  {'value':<{widths[1]}}  "
                 f"{'target':<{widths[2]}}  met"]
        section = None
        for row in self.rows:
            if row.section != section:
                section = row.section
                lines.append(f"-- {section}")
            lines.append(f"{row.name:<{widths[0]}}  {row.value:<{widths[1]}}  "
                         f"{row.target:<{widths[2]}}  {_met(row.met) if row.target else ''}")
        return "\n".join(lines)

    def save(self, directory: Path) -> list[Path]:
        """latest.json and runs/<time>.json in ``directory``; return both paths."""
        payload = {"context": self.context, "figures": [
            {"section": row.section, "name": row.name, "value": row.value,
             "target": row.target, "met": row.met, **row.data} for row in self.rows]}
        text = json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"
        runs = directory / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        paths = [directory / "latest.json", runs / f"{stamp}.json"]
        for path in paths:
            path.write_text(text)
        return paths


def _met(met: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "-"}[met]
