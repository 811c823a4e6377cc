"""The pure part of ``chime-proxy:shards``: the count's rule and the stable assignment."""

from __future__ import annotations

import collections

import pytest
from pulumi_chime_proxy.aws import settings
from pulumi_chime_proxy.kernel import shards


@pytest.mark.parametrize("raw, expected", [(None, 1), ("", 1), ("1", 1), ("4", 4), (" 8 ", 8),
                                           ("32", 32), (4, 4)])
def test_shard_count_accepts_1_to_32(raw: object, expected: int) -> None:
    assert shards.shard_count(raw) == expected


@pytest.mark.parametrize("raw", ["0", "33", "-1", "+2", "1.5", "two", "4e0", "99999999999999999999",
                                 "\u0664", "\uff14", "1 2", "9" * 5000, True, 2.0])
def test_shard_count_rejects_anything_else_naming_the_key(raw: object) -> None:
    with pytest.raises(ValueError, match=r"^chime-proxy:shards: must be an integer from 1 to 32"):
        shards.shard_count(raw)


def test_shard_of_is_stable_across_processes() -> None:
    # crc32 is fixed by the zlib format: these never change, whatever the Python version
    # or PYTHONHASHSEED, so a resource stays on its shard from run to run.
    assert [shards.shard_of(name, 4) for name in ("a", "session-0", "s00001")] == [3, 0, 2]


def test_one_shard_is_the_default_provider() -> None:
    assert {shards.shard_of(f"s{i}", 1) for i in range(100)} == {0}


def test_names_spread_evenly() -> None:
    counts = collections.Counter(shards.shard_of(f"s{i:05d}", 4) for i in range(1000))
    assert set(counts) == {0, 1, 2, 3}
    assert max(counts.values()) < 1.25 * min(counts.values())


def test_shard_providers_get_every_key_the_providers_read() -> None:
    read: list[str] = []

    def get(key: str) -> None:
        read.append(key)

    settings.settings_from_config(get)
    assert read and set(read) == set(settings.CONFIG_KEYS)
