"""The fleet verdict (``drift --all-stacks``): exit codes, orphans across stacks that
share voice connectors, the schema, the Markdown table, the options. No engine."""

from __future__ import annotations

import contextlib

import pytest
from pulumi_chime_proxy import cli
from pulumi_chime_proxy.drift import fleet, fleet_report
from pulumi_chime_proxy.drift.fleet_report import StackOutcome

from tests.team.fleet_docs import fleet_validator, resource, stack_report, unmanaged

STACKS = ["blue", "green"]


def shared_connector() -> list[StackOutcome]:
    """blue owns a1, green owns b1, both on vc1, where x9 belongs to neither."""
    blue = stack_report("blue", [resource("s0", "a1")], [unmanaged("b1"), unmanaged("x9")])
    green = stack_report("green", [resource("s0", "b1")], [unmanaged("a1"), unmanaged("x9")])
    return [StackOutcome("green", 2.0, green), StackOutcome("blue", 1.0, blue)]


def build(outcomes: list[StackOutcome], policy: str = "fail", stacks: list[str] = STACKS,
          pattern: str | None = None) -> dict:
    return fleet_report.build("p", stacks, pattern, outcomes, policy, jobs=2,
                              generated_at="2026-11-23T10:00:00.000Z")


def test_documents_match_the_fleet_schema() -> None:
    """Every shape the tests here build (orphans, failures, partial checks) is valid, and
    the schema rejects a document that breaks it."""
    validator = fleet_validator()
    docs = [build(shared_connector(), policy) for policy in ("fail", "report", "ignore")]
    docs.append(build([StackOutcome("blue", 0.5, error="boom"),
                       StackOutcome("green", 1, stack_report("green", [resource("s0", "b1", "gone")]))],
                      pattern="*"))
    for doc in docs:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], errors
    broken = docs[0] | {"exit_code": 3}
    broken["stacks"][0]["report"]["resources"][0]["state"] = "sideways"
    assert len(list(validator.iter_errors(broken))) == 2


def test_sessions_of_another_stack_are_not_orphans() -> None:
    doc = build(shared_connector())
    assert [(o["session"]["id"], o["seen_by"]) for o in doc["orphans"]] == [("x9", ["blue", "green"])]
    assert doc["orphans_complete"] is True
    assert (doc["drift"], doc["exit_code"]) == (True, 2)  # x9: an orphan fails by default
    assert [s["stack"] for s in doc["stacks"]] == ["blue", "green"]
    assert doc["summary"] == {"stacks_in_backend": 2, "checked": 2, "in_sync": 2, "drifted": 0,
                              "failed": 0, "orphans": 1}


@pytest.mark.parametrize(("policy", "orphans", "exit_code"), [("fail", 1, 2), ("report", 1, 0),
                                                              ("ignore", 0, 0)])
def test_unmanaged_policy_decides_what_orphans_do(policy: str, orphans: int, exit_code: int) -> None:
    doc = build(shared_connector(), policy)
    assert (len(doc["orphans"]), doc["exit_code"], doc["unmanaged_policy"]) == (orphans, exit_code, policy)


def test_no_orphan_when_every_unmanaged_session_is_owned() -> None:
    blue = stack_report("blue", [resource("s0", "a1")], [unmanaged("b1")])
    green = stack_report("green", [resource("s0", "b1")], [unmanaged("a1")])
    doc = build([StackOutcome("blue", 1, blue), StackOutcome("green", 1, green)])
    assert (doc["orphans"], doc["drift"], doc["exit_code"]) == ([], False, 0)


def test_a_native_stacks_session_is_not_an_orphan_of_a_stack_beside_it() -> None:
    """A native session's id is ``<voiceConnectorId>/<proxySessionId>``; the live listing
    another stack reads names it by the bare session id."""
    blue = stack_report("blue", [resource("s0", "a1")], [unmanaged("b1")])
    green = stack_report("green", [resource("nat", "vc1/b1")], [unmanaged("a1")])
    doc = build([StackOutcome("blue", 1, blue), StackOutcome("green", 1, green)])
    assert (doc["orphans"], doc["drift"], doc["exit_code"]) == ([], False, 0)


def test_orphans_of_a_partial_check_are_candidates_that_do_not_fail() -> None:
    """A stack left out by --stacks may own the session: listed, not counted as drift."""
    blue = stack_report("blue", [resource("s0", "a1")], [unmanaged("b1")])
    doc = build([StackOutcome("blue", 1, blue)], pattern="bl*")
    assert [o["session"]["id"] for o in doc["orphans"]] == ["b1"]
    assert (doc["orphans_complete"], doc["drift"], doc["exit_code"]) == (False, False, 0)
    assert doc["summary"]["stacks_in_backend"] == 2 and doc["summary"]["checked"] == 1


def test_a_drifted_stack_exits_2() -> None:
    drifted = stack_report("green", [resource("s0", "b1", "drifted", ("capabilities",))])
    doc = build([StackOutcome("blue", 1, stack_report("blue", [resource("s0", "a1")])),
                 StackOutcome("green", 1, drifted)])
    assert [s["outcome"] for s in doc["stacks"]] == ["in_sync", "drifted"]
    assert (doc["drift"], doc["errors"], doc["exit_code"]) == (True, False, 2)


def test_a_stack_that_could_not_be_checked_exits_1_and_the_others_are_reported() -> None:
    drifted = stack_report("green", [resource("s0", "b1", "gone")])
    doc = build([StackOutcome("blue", 0.5, error="stack 'blue' not found"),
                 StackOutcome("green", 1, drifted)])
    assert (doc["drift"], doc["errors"], doc["exit_code"]) == (True, True, 1)
    blue, green = doc["stacks"]
    assert (blue["outcome"], blue["report"], blue["error"]) == ("failed", None, "stack 'blue' not found")
    assert green["report"]["resources"][0]["state"] == "gone"
    assert doc["orphans_complete"] is False


def test_markdown_has_a_row_per_stack_and_the_orphans() -> None:
    outcomes = shared_connector() + [
        StackOutcome("red", 3.25,
                     stack_report("red", [resource("s1", "c1", "drifted", ("expiry_minutes",))])),
        StackOutcome("zz", 0.1, error="GetProxySession failed | ThrottledClientException"),
    ]
    md = fleet_report.to_markdown(build(outcomes, stacks=[*STACKS, "red", "zz"]))
    lines = md.splitlines()
    assert lines[0] == "### :x: chime-proxy drift: 4 stack(s) of `p`"
    header = lines.index("| Stack | Result | Findings | What changed | Unmanaged | Time |")
    rows = lines[header + 2:header + 6]
    assert [r.split(" | ")[0] for r in rows] == ["| `blue`", "| `green`", "| `red`", "| `zz`"]
    assert "**DRIFTED**" in rows[2] and "`s1`: expiry_minutes" in rows[2] and "3.2 s" in rows[2]
    assert "**ERROR**" in rows[3] and "failed \\| Throttled" in rows[3]  # a pipe cannot break the table
    assert all(r.count(" | ") == 5 for r in rows)
    assert "| `vc1` | `x9` | Open | blue, green |" in lines
    assert "+1******00" not in md  # unmanaged participants are not in the table


def test_all_in_sync_markdown_says_so() -> None:
    outcomes = [StackOutcome("blue", 1, stack_report("blue", [resource("s0", "a1")]))]
    md = fleet_report.to_markdown(build(outcomes, stacks=["blue"]))
    assert md.startswith("### :white_check_mark: chime-proxy drift: 1 stack(s) of `p`")
    assert "1 in sync, 0 drifted, 0 could not be checked; 0 orphaned session(s)." in md


@pytest.mark.parametrize(("name", "pattern", "expected"), [
    ("prod-eu", "prod-*", True), ("prod-eu", "dev-*,prod-*", True), ("prod-eu", "prod", False),
    ("Prod-eu", "prod-*", False), ("dev", None, True), ("dev", " dev , x", True), ("dev", ",", False),
])
def test_stacks_pattern(name: str, pattern: str | None, expected: bool) -> None:
    assert fleet.matches(name, pattern) is expected


@pytest.mark.parametrize("argv", [["--all-stacks", "--stack", "dev"], ["--stacks", "prod-*"],
                                  ["--all-stacks", "--jobs", "0"]])
def test_contradicting_options_are_refused_before_any_check(argv: list[str],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    with contextlib.suppress(SystemExit):  # argparse exits 2 on a bad --jobs
        assert cli.main(["drift", *argv]) == 1
    err = capsys.readouterr().err
    assert "--all-stacks" in err or "--jobs" in err


def test_the_fleet_inventory_names_the_owning_stack_once_per_session() -> None:
    def held(session: str, owner: str | None) -> dict[str, object]:
        return {"kind": "ProxySession", "id": session, "voice_connector_id": "vc", "status": "Open",
                "created_timestamp": None, "age_seconds": None, "owned_by": owner}

    def outcome(stack: str, *items: dict[str, object]) -> fleet_report.StackOutcome:
        return fleet_report.StackOutcome(stack, 1.0, report={"drift": False, "inventory": list(items)})

    found = fleet_report.inventory([outcome("a", held("p1", "s1"), held("p2", None)),
                                    outcome("b", held("p1", None), held("p2", "s2"), held("p3", None))])
    assert [(h["id"], h["owned_by"], h["seen_by"]) for h in found or []] == [
        ("p1", "a/s1", ["a", "b"]), ("p2", "b/s2", ["a", "b"]), ("p3", None, ["b"])]
    assert fleet_report.inventory([outcome("a")]) == []  # asked for, nothing live
    assert fleet_report.inventory([fleet_report.StackOutcome("a", 1.0, report={"drift": False})]) is None
