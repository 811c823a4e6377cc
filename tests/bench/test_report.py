"""The pure summary code: medians, ratios, the secret on/off difference, the table."""

from __future__ import annotations

from pathlib import Path

import pytest
from chime_proxy_dev.bench import cli, report
from chime_proxy_dev.bench.plot import plot_sweep, sweep_series


def test_median_ignores_missing_and_non_numbers() -> None:
    assert report.median([3.0, None, 1.0, 2.0]) == 2.0
    assert report.median([4, 1]) == 2.5
    assert report.median([None, True]) is None
    assert report.median([]) is None


def test_ratio_guards_missing_and_zero() -> None:
    assert report.ratio(3.0, 2.0) == 1.5
    assert report.ratio(None, 2.0) is None
    assert report.ratio(1.0, 0.0) is None


def _meds(**refresh: float) -> dict[str, dict[str, float | None]]:
    return {v: {"refresh_s": t, "up_s": None if v == "cli" else 2 * t} for v, t in refresh.items()}


def test_ratios_from_medians() -> None:
    r = report.ratios(_meds(ours=2.0, floor=1.0, naive=5.0, cli=8.0, sharded=1.5, native=1.2))
    assert r["refresh"] == {"ours/floor": 2.0, "sharded/floor": 1.5, "native/floor": 1.2,
                            "native/ours": 0.6, "naive/ours": 2.5, "cli/ours": 4.0}
    assert r["up"] == {"ours/floor": 2.0, "sharded/floor": 1.5, "native/floor": 1.2,
                       "native/ours": 0.6, "naive/ours": 2.5, "cli/ours": None}


def test_ratios_fall_back_to_the_secret_variant_when_ours_was_not_measured() -> None:
    r = report.ratios(_meds(ours_secret=2.0, floor=1.0))
    assert r["refresh"]["ours/floor"] == 2.0
    assert r["refresh"]["naive/ours"] is None


def test_medians_per_variant_and_metric() -> None:
    samples = {"ours": [{"refresh_s": 3.0, "state_bytes": 10}, {"refresh_s": 1.0, "state_bytes": 30},
                        {"refresh_s": 2.0, "state_bytes": 20}]}
    meds = report.medians(samples)
    assert meds["ours"]["refresh_s"] == 2.0 and meds["ours"]["state_bytes"] == 20
    assert meds["ours"]["up_s"] is None
    assert set(meds["ours"]) == set(report.METRICS)


def test_secret_effect_only_when_both_ran() -> None:
    meds = {"ours_secret": {"up_s": 3.0, "refresh_s": 2.0, "state_bytes_per_session": 900.0,
                            "provider_field_bytes": 270.0},
            "ours": {"up_s": 2.0, "refresh_s": 2.0, "state_bytes_per_session": 700.0,
                     "provider_field_bytes": 120.0}}
    effect = report.secret_effect(meds)
    assert effect is not None
    assert effect["up_s"]["on_minus_off"] == 1.0 and effect["up_s"]["on/off"] == 1.5
    assert effect["state_bytes_per_session"]["on_minus_off"] == 200.0
    assert report.secret_effect({"ours": meds["ours"]}) is None


def test_table_shows_every_variant_ratio_and_na() -> None:
    samples = {"ours": [{"up_s": 4.0, "refresh_s": 2.0}], "floor": [{"up_s": 2.0, "refresh_s": 1.0}],
               "cli": [{"up_s": None, "refresh_s": 6.0}]}
    meds = report.medians(samples)
    block = {"n": 7, "repeat": 1, "medians": meds, "ratios": report.ratios(meds),
             "secret_effect": None, "empty_state_bytes": 100, "leftover_sessions": 0}
    text = report.table(block)
    assert "N = 7 sessions" in text
    for word in ("ours", "floor", "cli", "ours/floor", "cli/ours", "n/a", "3.00", "2.00"):
        assert word in text


def test_expand_variants() -> None:
    assert cli.expand_variants(["ours", "floor"], "both") == ["ours", "ours_secret", "floor"]
    assert cli.expand_variants(["ours", "cli"], "on") == ["ours_secret", "cli"]
    assert cli.expand_variants(["ours", "cli"], "off") == ["ours", "cli"]
    assert cli.expand_variants(["naive"], "on") == ["naive"]
    with pytest.raises(ValueError):
        cli.expand_variants(["nope"], "on")


def test_plot_sweep_writes_png(tmp_path: Path) -> None:
    blocks = [{"n": n, "medians": {"ours": {"refresh_s": n / 10, "up_s": n / 5},
                                   "cli": {"refresh_s": n / 2, "up_s": None}}} for n in (10, 20)]
    assert sweep_series(blocks, "up_s") == {"ours": [(10, 2.0), (20, 4.0)]}
    path = plot_sweep(blocks, tmp_path / "chart.png", "test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_latency_effect_against_the_16_in_flight_target() -> None:
    meds = _meds(ours=4.0, sharded=2.0, floor=1.0)
    effect = report.latency_effect(meds, n=160, latency_ms=50)
    assert effect is not None
    assert effect["target_refresh_s"] == pytest.approx(1.0 + 160 * 0.05 / 16)  # 1.5 s
    assert effect["ours/target"] == pytest.approx(4.0 / 1.5)
    assert "ours_secret/target" not in effect
    assert report.latency_effect(meds, n=160, latency_ms=0) is None


def test_latency_effect_without_a_floor_has_no_target() -> None:
    effect = report.latency_effect(_meds(ours=1.0), n=10, latency_ms=50)
    assert effect is not None and effect["target_refresh_s"] is None and effect["ours/target"] is None


def test_table_shows_the_latency_target() -> None:
    meds = {v: {m: None for m in report.METRICS} | {"refresh_s": t}
            for v, t in (("ours", 4.0), ("floor", 1.0))}
    block = {"n": 160, "repeat": 1, "medians": meds, "ratios": report.ratios(meds),
             "latency": report.latency_effect(meds, 160, 50)}
    text = report.table(block)
    assert "latency 50 ms: refresh target (floor + N x latency / 16) 1.50 s" in text
    assert "ours: refresh/target 2.67" in text


def test_read_phase_splits_a_refresh_by_what_the_emulator_saw() -> None:
    figures = {"Total": 300, "PeakInFlight": 16, "BusySeconds": 18.0, "ActiveSeconds": 1.5}
    phase = report.read_phase(figures, refresh_s=6.0)
    assert phase == {"refresh_reads_in_flight": 12.0, "refresh_peak_in_flight": 16.0,
                     "refresh_read_phase_s": 1.5, "refresh_outside_reads_s": 4.5}


def test_read_phase_of_a_refresh_that_made_no_request_is_unknown() -> None:
    phase = report.read_phase({"Total": 0, "PeakInFlight": 0, "BusySeconds": 0.0,
                               "ActiveSeconds": 0.0}, refresh_s=2.0)
    assert phase["refresh_reads_in_flight"] is None and phase["refresh_outside_reads_s"] is None


def test_table_shows_the_read_phase() -> None:
    meds = _meds(ours=6.0, floor=1.0)
    meds["ours"].update(refresh_reads_in_flight=12.0, refresh_peak_in_flight=16.0,
                        refresh_read_phase_s=1.5, refresh_outside_reads_s=4.5)
    text = report.table({"n": 10, "repeat": 1, "medians": meds, "ratios": report.ratios(meds)})
    assert "ours         in flight 12.0 (peak 16), read phase 1.50 s, outside it 4.50 s" in text


def test_provider_cpu_against_botocore_per_call() -> None:
    meds = {"ours": {"up_provider_cpu_ms_per_session": 6.0, "refresh_provider_cpu_ms_per_session": 3.0},
            "cli": {"up_provider_cpu_ms_per_session": None, "refresh_provider_cpu_ms_per_session": None}}
    cpu = report.provider_cpu(meds, {"create_ms": 2.0, "get_ms": 1.5})
    assert cpu == {"ours": {"per_create_ms": 6.0, "per_read_ms": 3.0, "create/botocore": 3.0,
                            "read/botocore": 2.0}}
