"""The benchmark end to end at tiny N: every variant, every field, nothing left behind.

No timed assertions: only that the figures exist and the emulator is empty afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from chime_proxy_dev import provision
from chime_proxy_dev.bench import cli, scenarios
from chime_proxy_dev.bench import emulator_process as emu
from pulumi_chime_proxy.emulator.admin_client import AdminClient

pytestmark = pytest.mark.engine

ENGINE_FIELDS = ("up_s", "refresh_s", "destroy_s", "refresh_provider_peak_rss_kib",
                 "refresh_emulator_calls", "refresh_emulator_rps", "state_bytes",
                 "state_bytes_per_session", "stack_trace_bytes_per_session",
                 "provider_field_bytes", "provider_secret", "provider_copies",
                 "up_provider_cpu_ms_per_session", "refresh_provider_cpu_ms_per_session")


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    with emu.emulator_process() as url:
        yield url


def test_bench_n5_all_variants(tmp_path: Path, emulator_url: str) -> None:
    out = tmp_path / "refresh.json"
    result = cli.run_bench(cli.Options(n=5, repeat=1, out=out, endpoint=emulator_url))
    written = json.loads(out.read_text())
    assert written["options"]["variants"] == ["ours", "ours_secret", "floor", "naive", "cli"]
    (block,) = written["results"]
    assert block["n"] == 5
    for variant in ("ours", "ours_secret", "floor", "naive"):
        (sample,) = block["samples"][variant]
        missing = [f for f in ENGINE_FIELDS if sample.get(f) is None]
        assert not missing, f"{variant} lacks {missing}"
        assert sample["provider_copies"] == 2
    assert block["samples"]["ours"][0]["provider_secret"] is False  # as shipped
    assert block["samples"]["ours_secret"][0]["provider_secret"] is True
    assert block["samples"]["ours"][0]["refresh_emulator_calls"] >= 5
    assert block["samples"]["floor"][0]["refresh_emulator_calls"] == 0
    (cli_sample,) = block["samples"]["cli"]
    assert cli_sample["up_s"] is None and cli_sample["refresh_s"] > 0
    assert cli_sample["refresh_emulator_calls"] == 5
    for phase, labels in (("refresh", ("ours/floor", "naive/ours", "cli/ours")),
                          ("up", ("ours/floor", "naive/ours"))):
        for label in labels:
            assert isinstance(block["ratios"][phase][label], float), (phase, label)
    assert block["ratios"]["up"]["cli/ours"] is None
    assert block["secret_effect"]["state_bytes_per_session"]["on_minus_off"] is not None
    assert block["empty_state_bytes"] > 0
    assert result["leftover_sessions"] == block["leftover_sessions"] == 0
    assert emu.session_count(emulator_url) == 0
    assert "ours/floor" in cli.render(result)
    # the hosts' CPU, per Create and per Read, against botocore's in the same run
    botocore = block["botocore_cpu_ms"]
    assert 0 < botocore["get_ms"] < 50 and 0 < botocore["create_ms"] < 50
    for variant in ("ours", "naive"):
        cpu = block["provider_cpu"][variant]
        assert cpu["per_read_ms"] > botocore["get_ms"] and cpu["read/botocore"] > 1, (variant, cpu)
    assert block["provider_cpu"]["naive"]["per_read_ms"] > block["provider_cpu"]["ours"]["per_read_ms"]
    assert "per get_proxy_session" in cli.render(result)
    # the CPU of each process of a phase: what saturates the cores
    sample = block["samples"]["ours"][0]
    assert sample["refresh_engine_cpu_s"] > 0 and sample["refresh_providers_cpu_s"] > 0
    assert sample["refresh_emulator_cpu_s"] is not None and sample["refresh_harness_cpu_s"] > 0
    assert "CPU seconds per phase" in cli.render(result)


@pytest.fixture()
def context(tmp_path: Path, emulator_url: str) -> Iterator[scenarios.Context]:
    client = emu.client(emulator_url)
    vc = scenarios.voice_connector(client)
    yield scenarios.Context(provision.ensure(), emulator_url, vc, tmp_path, lambda _m: None)
    AdminClient(emulator_url).clear_faults()


def test_failed_refresh_still_destroys_the_stack(context: scenarios.Context) -> None:
    AdminClient(context.endpoint_url).inject_fault("GetProxySession", error="BadRequestException")
    with pytest.raises(Exception):  # noqa: B017 - the engine's CommandError
        scenarios.run_engine(context, "ours", 3, 0, baseline_bytes=0)
    assert emu.session_count(context.endpoint_url) == 0


def test_failed_cli_run_still_deletes_its_sessions(context: scenarios.Context) -> None:
    AdminClient(context.endpoint_url).inject_fault("GetProxySession", error="BadRequestException")
    with pytest.raises(Exception):  # noqa: B017 - CalledProcessError from the aws CLI
        scenarios.run_cli(context, 3)
    assert emu.session_count(context.endpoint_url) == 0


def test_sweep_writes_a_png(tmp_path: Path, emulator_url: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep.json"
    parser = cli.argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["bench", "--sweep", "--sweep-ns", "1,2", "--repeat", "1",
                              "--variants", "floor", "--out", str(out), "--endpoint", emulator_url])
    assert args.func(args) == 0
    chart = out.with_suffix(".png")
    assert chart.stat().st_size > 0
    assert [b["n"] for b in json.loads(out.read_text())["results"]] == [1, 2]
    assert f"chart: {chart}" in capsys.readouterr().out


def test_latency_and_shards_at_small_n(tmp_path: Path, emulator_url: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "latency.json"
    parser = cli.argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["bench", "--n", "4", "--repeat", "1", "--latency-ms", "20",
                              "--shards", "3", "--variants", "ours,sharded,native,floor",
                              "--serialize-secret", "off", "--out", str(out),
                              "--endpoint", emulator_url])
    assert args.func(args) == 0
    written = json.loads(out.read_text())
    assert written["options"]["latency_ms"] == 20 and written["options"]["shards"] == 3
    (block,) = written["results"]
    for variant in ("ours", "sharded", "native"):
        (sample,) = block["samples"][variant]
        assert sample["refresh_emulator_calls"] == 4  # one GetProxySession per session
        # the reads as the emulator saw them: each took at least the injected 20 ms
        assert sample["refresh_reads_in_flight"] * sample["refresh_read_phase_s"] >= 0.08
        assert 0 < sample["refresh_read_phase_s"] < sample["refresh_s"]
        assert 1 <= sample["refresh_peak_in_flight"] <= 4
    assert block["samples"]["floor"][0]["refresh_read_phase_s"] is None  # it makes no request
    latency = block["latency"]
    floor = block["medians"]["floor"]["refresh_s"]
    assert latency["target_refresh_s"] == pytest.approx(floor + 4 * 0.020 / 16)
    for key in ("ours/target", "sharded/target"):
        assert isinstance(latency[key], float), key
    text = capsys.readouterr().out
    assert "every emulator API call answered 20 ms late" in text
    assert "sharded ran with chime-proxy:shards = 3, refreshed with --parallel at its resource count" in text
    # 4 sessions + the stack + the shard providers other than the default one
    providers = scenarios.explicit_providers("sharded", 4, 3)
    assert block["samples"]["sharded"][0]["refresh_parallel"] == 4 + 1 + providers
    assert block["samples"]["ours"][0]["refresh_parallel"] is None  # the CLI's default
    assert "read phase" in text
    assert AdminClient(emulator_url).faults() == []  # the latency is gone afterwards
    assert emu.session_count(emulator_url) == 0


def test_latency_is_injected_on_every_operation_until_cleared(emulator_url: str) -> None:
    emu.add_latency(emulator_url, 7.5)
    try:
        (fault,) = AdminClient(emulator_url).faults()
        assert fault["operation"] == "*" and fault["latency_ms"] == 7.5
        assert fault["error"] is None and fault["count"] is None
    finally:
        emu.clear_latency(emulator_url)
    assert AdminClient(emulator_url).faults() == []


@pytest.mark.parametrize("flag, value", [("--latency-ms", "-1"), ("--latency-ms", "nan"),
                                         ("--latency-ms", "inf"), ("--latency-ms", "fast"),
                                         ("--latency-ms", "600001"), ("--shards", "0"),
                                         ("--shards", "33"), ("--shards", "2.5"),
                                         ("--parallel", "0"), ("--parallel", "x")])
def test_bad_latency_or_shards_is_a_usage_error(flag: str, value: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["bench", flag, value])
    assert exit_info.value.code == 2
    assert flag in capsys.readouterr().err
