"""The language host shim starts the host on the interpreter Pulumi's own host would choose,
whatever the directory, the YAML style or the environment."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from chime_proxy_dev import provision


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shim and host as a CLI build installs them."""
    bin_dir = tmp_path_factory.mktemp("cli") / "bin"
    bin_dir.mkdir()
    provision.install_host_files(bin_dir)
    return bin_dir / "pulumi-language-python"


def _fake_python(venv: Path) -> Path:
    """A ``bin/python`` that prints which interpreter was chosen and how it was described."""
    python = venv / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text('#!/bin/sh\necho "$0"\nwhile [ $# -gt 0 ]; do '
                      '[ "$1" = --python-source ] && echo "$2"; shift; done\n')
    python.chmod(0o755)
    return python


def _run(shim: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(shim), "127.0.0.1:1"], cwd=cwd, capture_output=True,
                          text=True, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin", **env})


@pytest.mark.parametrize("options", [
    "runtime:\n  name: python\n  options:\n    virtualenv: venv\n",
    "runtime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: 'venv'  # ours\n",
    'runtime:\n  name: python\n  options:\n    virtualenv: "venv/"\n',
    "runtime: {name: python, options: {virtualenv: venv, toolchain: pip}}\n",
    "runtime:\n  name: python\n  options:\n    toolchain: uv\n",  # uv's default: .venv
])
def test_relative_virtualenv_from_the_project_or_a_subdirectory(shim: Path, tmp_path: Path,
                                                                 options: str) -> None:
    venv_name = ".venv" if "uv" in options else "venv"
    python = _fake_python(tmp_path / venv_name)
    (tmp_path / "Pulumi.yaml").write_text(f"name: p\n{options}")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    for cwd in (tmp_path, tmp_path / "deep" / "er"):
        done = _run(shim, cwd, VIRTUAL_ENV="/nonexistent/other-venv")
        assert done.returncode == 0, done.stderr
        chosen, source = done.stdout.splitlines()
        assert chosen == str(python)
        assert source == f"the virtualenv '{tmp_path / venv_name}' set in {tmp_path / 'Pulumi.yaml'}"


def test_absolute_virtualenv(shim: Path, tmp_path: Path) -> None:
    python = _fake_python(tmp_path / "elsewhere" / "env")
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yml").write_text(
        f"name: p\nruntime:\n  name: python\n  options:\n    virtualenv: {python.parent.parent}\n")
    done = _run(shim, project)
    assert done.stdout.splitlines()[0] == str(python)


def test_without_the_option_the_activated_virtualenv_then_python3(shim: Path, tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    python = _fake_python(tmp_path / "active")
    assert _run(shim, tmp_path, VIRTUAL_ENV=str(tmp_path / "active")).stdout.splitlines()[0] == str(python)
    done = _run(shim, tmp_path)  # nothing activated: python3 on PATH, which lacks the SDK here
    assert done.returncode == 1
    assert done.stderr.startswith("error: /usr/bin/python3 (python3 on PATH) cannot import")


def _own_bin(tmp_path: Path, bootstrap: Path | None) -> Path:
    """A CLI bin directory whose bootstrap interpreter is ``bootstrap`` (None: none)."""
    bin_dir = tmp_path / "cli-bin"
    bin_dir.mkdir()
    provision.install_host_files(bin_dir)
    marker = bin_dir / provision.BOOTSTRAP_PYTHON
    if bootstrap is None:
        marker.unlink()
    else:
        marker.write_text(f"{bootstrap}\n")
    return bin_dir / "pulumi-language-python"


MISSING_VENV = "name: p\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"


def test_a_missing_virtualenv_starts_the_host_on_the_bootstrap_interpreter(tmp_path: Path) -> None:
    """So that `pulumi install` can make it (the host's Run says to, otherwise)."""
    bootstrap = _fake_python(tmp_path / "provisioned")
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(MISSING_VENV)
    done = _run(_own_bin(tmp_path, bootstrap), project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(bootstrap), "the interpreter the CLI was provisioned with"]


@pytest.mark.parametrize("bootstrap", [None, Path("/nonexistent/python")])
def test_a_missing_virtualenv_without_a_bootstrap_is_one_line_saying_how_to_create_it(
        tmp_path: Path, bootstrap: Path | None) -> None:
    (tmp_path / "Pulumi.yaml").write_text(MISSING_VENV)
    done = _run(_own_bin(tmp_path, bootstrap), tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert f"create it with 'python3 -m venv {tmp_path / 'venv'}'" in done.stderr


def test_pulumi_python_cmd_wins(shim: Path, tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    python = _fake_python(tmp_path / "cmd")
    done = _run(shim, tmp_path, PULUMI_PYTHON_CMD=str(python))
    assert done.stdout.splitlines() == [str(python), "PULUMI_PYTHON_CMD"]
