"""The ``--sweep`` chart: median up and refresh time against N, one line per variant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def sweep_series(blocks: Sequence[Mapping[str, Any]], metric: str) -> dict[str, list[tuple[int, float]]]:
    """``{variant: [(n, median), ...]}`` for the N values where ``metric`` was measured."""
    series: dict[str, list[tuple[int, float]]] = {}
    for block in sorted(blocks, key=lambda b: b["n"]):
        for variant, meds in block["medians"].items():
            value = meds.get(metric)
            if value is not None:
                series.setdefault(variant, []).append((int(block["n"]), float(value)))
    return series


def plot_sweep(blocks: Sequence[Mapping[str, Any]], path: Path, title: str) -> Path:
    """Write a PNG with two panels (refresh, up); returns ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5))
    for ax, metric, label in ((axes[0], "refresh_s", "pulumi refresh"), (axes[1], "up_s", "pulumi up")):
        for variant, points in sweep_series(blocks, metric).items():
            xs, ys = zip(*points, strict=False)
            ax.plot(xs, ys, marker="o", label=variant)
        ax.set_title(label)
        ax.set_xlabel("N sessions")
        ax.set_ylabel("median wall time (s)")
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
