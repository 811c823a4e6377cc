"""The Makefile's choice of interpreters (tools/chime_proxy_dev/interpreters.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from chime_proxy_dev import interpreters

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("version", "bad"), [
    ((3, 11, 0), True), ((3, 11, 7), True), ((3, 11, 8), False), ((3, 11, 12), False),
    ((3, 10, 13), False), ((3, 12, 1), False), ((3, 13, 0), False),
])
def test_the_releases_with_gh_106905_are_passed_over(version: tuple[int, int, int], bad: bool) -> None:
    assert (interpreters.defect(version) is not None) is bad


def test_the_floor_is_requires_python() -> None:
    assert interpreters.floor() == "3.10"
    assert sys.version_info >= tuple(int(p) for p in interpreters.floor().split("."))


def fake(found: dict[str, list[tuple[str, tuple[int, int, int] | None]]]):  # type: ignore[no-untyped-def]
    versions = {path: version for entries in found.values() for path, version in entries}
    return (lambda minor: [path for path, _ in found.get(minor, [])]), versions.get


def test_the_first_preferred_release_that_runs_wins() -> None:
    find, probe = fake({
        "3.13": [("/shim/python3.13", None)],                 # a pyenv shim not selected
        "3.12": [("/a/python3.12", (3, 12, 1)), ("/b/python3.12", (3, 12, 9))],
    })
    assert interpreters.choose(["3.13", "3.12"], find, probe) == ("/a/python3.12", (3, 12, 1))


def test_a_defective_or_mislabelled_interpreter_is_skipped() -> None:
    find, probe = fake({"3.11": [("/usr/bin/python3.11", (3, 11, 2)),
                                 ("/odd/python3.11", (3, 12, 0)),
                                 ("/pyenv/3.11.9/bin/python3.11", (3, 11, 9))]})
    assert interpreters.choose(["3.11"], find, probe) == ("/pyenv/3.11.9/bin/python3.11", (3, 11, 9))
    assert interpreters.choose(["3.13"], find, probe) is None


def test_pyenv_versions_are_found_newest_patch_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("3.12.1", "3.12.10", "3.12.3", "3.12-dev", "3.13.0"):
        exe = tmp_path / "versions" / name / "bin" / "python3.12"
        exe.parent.mkdir(parents=True)
        exe.write_text("")
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = list(interpreters.candidates("3.12"))
    assert [Path(p).parts[-3] for p in found] == ["3.12.10", "3.12.3", "3.12.1"]


def test_in_ci_a_missing_floor_is_an_error_not_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interpreters, "choose", lambda minors, *rest: None)
    warnings: list[str] = []
    with pytest.raises(SystemExit, match="requires-python's floor, Python 3.10"):
        interpreters.pick("floor", warnings.append, in_ci=True)
    with pytest.raises(SystemExit, match="PYTHON="):
        interpreters.pick("newest", warnings.append, in_ci=True)
    assert warnings == []


def test_outside_ci_a_missing_floor_falls_back_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interpreters, "choose",
                        lambda minors, *rest: ("/x/python3.13", (3, 13, 0)) if "3.13" in minors else None)
    warnings: list[str] = []
    assert interpreters.pick("floor", warnings.append, in_ci=False) == "/x/python3.13"
    assert len(warnings) == 1 and "PYTHON_LOWEST" in warnings[0]


@pytest.mark.slow
def test_a_virtualenv_from_another_interpreter_is_re_created(tmp_path: Path) -> None:
    venv, said = tmp_path / "venv", []
    assert interpreters.ensure_venv(venv, sys.executable, said.append)
    record = venv / interpreters.RECORD
    written = record.stat().st_mtime_ns
    assert not interpreters.ensure_venv(venv, sys.executable, said.append)
    assert record.stat().st_mtime_ns == written  # unchanged: make rebuilds nothing
    python = venv / "bin" / "python"
    python.unlink()
    python.symlink_to("/bin/sh")  # as if made from another interpreter
    (venv / "marker").write_text("")
    assert interpreters.ensure_venv(venv, sys.executable, said.append)
    assert not (venv / "marker").exists()
    assert any("re-creating" in line for line in said)


def test_the_lowest_run_is_on_the_floor_in_ci() -> None:
    """make test's .venv-lowest runs on requires-python's floor (the check that CI keeps it there)."""
    if Path(sys.prefix).name != ".venv-lowest" or not os.environ.get("CI"):
        pytest.skip("checked in CI's lowest-versions run")
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" == interpreters.floor()


def test_the_script_prints_a_runnable_interpreter() -> None:
    done = subprocess.run([sys.executable, str(REPO / "tools/chime_proxy_dev/interpreters.py"), "newest"],
                          capture_output=True, text=True, check=True)
    chosen = done.stdout.strip()
    version = interpreters.probe(chosen)
    assert version is not None and interpreters.defect(version) is None
