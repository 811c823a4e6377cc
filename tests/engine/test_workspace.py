"""How the engine is driven: the refresh parallelism rule (pure)."""

from __future__ import annotations

import pytest
from pulumi_chime_proxy.engine.workspace import refresh_parallelism


@pytest.mark.parametrize("count, expected", [(0, 1), (1, 1), (9, 9), (1003, 1003)])
def test_refresh_hands_out_every_read_at_once(count: int, expected: int) -> None:
    assert refresh_parallelism(count, {}) == expected


@pytest.mark.parametrize("value", ["4", "1000", "0"])
def test_the_users_pulumi_parallel_wins(value: str) -> None:
    assert refresh_parallelism(500, {"PULUMI_PARALLEL": value}) is None


def test_a_blank_pulumi_parallel_is_not_a_choice() -> None:
    assert refresh_parallelism(12, {"PULUMI_PARALLEL": " "}) == 12
