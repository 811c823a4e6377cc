"""Table, JSON and Markdown renderings of a report, and masking in all of them."""

from __future__ import annotations

import json
import re

import pytest
from pulumi_chime_proxy import masking
from pulumi_chime_proxy.drift import render
from pulumi_chime_proxy.drift.adapters import Unmanaged
from pulumi_chime_proxy.drift.report import DriftReport, Endpoint, PropertyDrift, ResourceFinding

#: Secrets chosen so that no id, timestamp or word of the report could contain them.
NUMBERS = ["+447700900123", "+12065550187", "+8613912345678"]
PROXIES = ["+12065559736", "+35312345604"]
NAMES = ["Zyxwvu Qponml", "Kjqhgf 9876"]

FINDINGS = (
    ResourceFinding("s0", "urn:s0", "t", "ProxySession", "sessa", "update", "drifted", "Open", (
        PropertyDrift("capabilities", ["Voice"], ["Voice", "SMS"]),
        PropertyDrift("participant_phone_numbers", NUMBERS[:2], [NUMBERS[0], NUMBERS[2]], True, "phone"),
        PropertyDrift("participants", [PROXIES[0]], [PROXIES[1]], False, "phone"),
        PropertyDrift("name", NAMES[0], NAMES[1], True, "name"),
    )),
    ResourceFinding("s1", "urn:s1", "t", "ProxySession", "sessb", "create", "gone"),
    ResourceFinding("s2", "urn:s2", "t", "ProxySession", "sessc", "same", "in_sync", "Open"),
    ResourceFinding("px", "urn:px", "t", "VoiceConnectorProxy", "vcx", "update", "drifted", None, (
        PropertyDrift("fall_back_phone_number", None, NUMBERS[1], False, "phone"),)),
)
UNMANAGED = (Unmanaged("ProxySession", "strayx", "vcx", "Open", NAMES[0], tuple(NUMBERS[:2]), None),)
ENDPOINT = Endpoint("state", "us-east-1", "http://127.0.0.1:4599", "aws:endpoints")


def _report(policy: str = "fail") -> DriftReport:
    return DriftReport("dev", "proj", FINDINGS, True, UNMANAGED, policy, ENDPOINT,
                         generated_at="2026-01-01T00:00:00.000Z")


@pytest.mark.parametrize("fmt", sorted(render.RENDERERS))
def test_no_secret_leaks_in_any_format(fmt: str) -> None:
    text = render.RENDERERS[fmt](_report(), False)
    for number in NUMBERS + PROXIES:
        digits = number.lstrip("+")
        code = masking.country_code(digits)
        hidden = digits[len(code):-2]
        assert number not in text and digits not in text
        for i in range(len(hidden) - 2):  # no 3 digits in a row of the hidden part
            assert hidden[i:i + 3] not in re.sub(r"[^0-9]", " ", text).replace(" ", "|"), (number, fmt)
    for name in NAMES:
        for word in name.split():
            for i in range(len(word) - 2):
                assert word[i:i + 3] not in text, (name, fmt)
    assert masking.STARS in text


@pytest.mark.parametrize("fmt", sorted(render.RENDERERS))
def test_show_secrets_prints_them_in_every_format(fmt: str) -> None:
    text = render.RENDERERS[fmt](_report(), True)
    assert all(n in text for n in NUMBERS + PROXIES) and NAMES[0] in text


def test_table_lists_findings_desired_and_live() -> None:
    text = render.to_table(_report())
    lines = text.splitlines()
    assert lines[0] == "Drift in stack dev: 2 drifted, 1 gone, 1 unmanaged (of 4 resource(s))."
    assert lines[2].split() == ["RESOURCE", "KIND", "ID", "FINDING", "DESIRED", "LIVE"]
    assert "DRIFTED: capabilities" in text and "participant_phone_numbers (replace)" in text
    assert "+44******23" in text and "+1******87" in text and "+86******78" in text
    assert "GONE" in text and "in sync" in text and "they fail the check" in text
    assert ("Live listing: http://127.0.0.1:4599 (from aws:endpoints) in us-east-1; settings from "
            "the provider configuration recorded in state") in text
    assert "--show-secrets" in text


def test_no_drift_and_report_policy_headlines() -> None:
    clean = DriftReport("dev", None, (FINDINGS[2],), False)
    assert render.to_table(clean).startswith("No drift: the 1 resource(s) of stack dev")
    reported = DriftReport("dev", None, (FINDINGS[2],), False, UNMANAGED, "report")
    assert reported.exit_code == 0
    assert "1 unmanaged session(s) reported" in render.to_table(reported)
    assert "reported only" in render.to_table(reported)


def test_json_is_the_v2_document() -> None:
    doc = json.loads(render.to_json(_report()))
    assert doc["schema"] == "chime-proxy.drift/v2"
    assert doc["drift"] is True and doc["engine_changes"] is True
    assert [r["state"] for r in doc["resources"]] == ["drifted", "gone", "in_sync", "drifted"]
    assert doc["unmanaged"][0]["name"] == masking.STARS


def test_markdown_table_rows_escape_pipes() -> None:
    report = DriftReport("dev", None, (
        ResourceFinding("s0", "u", "t", None, "p0", "update", "drifted", None,
                          (PropertyDrift("x", "a|b", "c"),)),
    ), True)
    md = render.to_markdown(report)
    assert md.startswith("### :warning: chime-proxy drift: `dev`")
    assert "| s0 | t | p0 | DRIFTED: x | a\\|b | c |" in md
    clean = render.to_markdown(DriftReport("dev", None, (), False))
    assert ":white_check_mark:" in clean and "No drift" in clean


def test_problems_come_first_in_natural_order() -> None:
    from pulumi_chime_proxy.drift.report import reading_order

    names = ["s10", "s2", "s1", "s0"]
    states = {"s10": "drifted", "s2": "in_sync", "s1": "in_sync", "s0": "gone"}
    findings = [ResourceFinding(n, f"urn:{n}", "t", "ProxySession", n, "same", states[n]) for n in names]
    assert [f.resource for f in sorted(findings, key=reading_order)] == ["s0", "s10", "s1", "s2"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_problems_only_leaves_the_resources_in_sync_out(fmt: str) -> None:
    text = render.RENDERERS[fmt](_report(), False, True)
    assert "in sync" not in text and "| s2 |" not in text
    assert "DRIFTED" in text and "GONE" in text
    assert "of 4 resource(s)" in text  # the headline still counts every resource
    clean = render.RENDERERS[fmt](DriftReport("dev", None, (FINDINGS[2],), False), False, True)
    assert "No drift" in clean and "s2" not in clean
    assert json.loads(render.to_json(_report(), False, True))["summary"]["resources"] == 4
