"""Which Pulumi CLI the development tree uses: PATH, cache, or a fresh build."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from chime_proxy_dev import provision
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli, parse_version, run_version


def _fake_cli(bin_dir: Path, *, plugins: bool = True) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    names = ["pulumi", *(provision.SUPPORT_SCRIPTS if plugins else ())]
    for name in names:
        path = bin_dir / name
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    return bin_dir / "pulumi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("v3.259.0\n", (3, 259, 0)), ("3.261.2-dev.0", (3, 261, 2)), ("garbage", None)],
)
def test_parse_version(text: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize(
    ("found", "ok"),
    [((3, 259, 0), True), ((3, 300, 1), True), ((3, 258, 9), False), ((4, 0, 0), False),
     (None, False)],
)
def test_path_version_accepted_or_refused(found: tuple[int, int, int] | None, ok: bool) -> None:
    assert provision.is_acceptable(found, (3, 259, 0)) is ok


def test_path_cli_used_when_acceptable(tmp_path: Path) -> None:
    binary = _fake_cli(tmp_path / "bin")
    found = provision.on_path(
        "3.259.0", which=lambda n: str(binary) if n == "pulumi" else None,
        version_of=lambda _b: "v3.260.0\n",
    )
    assert found is not None and found.source == "path" and found.bin_dir == binary.parent


def test_path_cli_refused_when_old(tmp_path: Path) -> None:
    binary = _fake_cli(tmp_path / "bin")
    messages: list[str] = []
    found = provision.on_path("3.259.0", which=lambda _n: str(binary),
                              version_of=lambda _b: "v3.100.0", log=messages.append)
    assert found is None
    assert "not v3.259.0" in messages[0]


def test_path_cli_refused_without_python_plugins(tmp_path: Path) -> None:
    binary = _fake_cli(tmp_path / "bin", plugins=False)
    found = provision.on_path("3.259.0",
                              which=lambda n: str(binary) if n == "pulumi" else None,
                              version_of=lambda _b: "v3.259.0")
    assert found is None


def test_cache_hit_needs_marker_and_binaries(tmp_path: Path) -> None:
    directory = provision.install_dir("3.259.0", tmp_path)
    _fake_cli(directory / "bin")
    assert provision.cached_install("3.259.0", tmp_path) is None  # no marker: incomplete
    (directory / provision.MARKER).write_text(json.dumps({"version": "3.259.0"}))
    hit = provision.cached_install("3.259.0", tmp_path)
    assert hit is not None and hit.source == "cache" and hit.root == directory


def test_ensure_uses_cache_then_builds_on_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision, "on_path", lambda *a, **k: None)
    built: list[Path] = []

    def fake_build(version: str, dest: Path, log: provision.Log) -> PulumiCli:
        built.append(dest)
        _fake_cli(dest / "bin")
        (dest / provision.MARKER).write_text("{}")
        return PulumiCli(dest / "bin", version, "built")

    monkeypatch.setattr(provision, "build", fake_build)
    logs: list[str] = []
    first = provision.ensure(log=logs.append, pinned="3.259.0", root=tmp_path)
    second = provision.ensure(log=logs.append, pinned="3.259.0", root=tmp_path)
    assert (first.source, second.source) == ("built", "cache")
    assert len(built) == 1
    assert any("using cached pulumi" in m for m in logs)


def test_no_go_gives_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provision.shutil, "which", lambda _n: None)
    with pytest.raises(provision.ProvisionError, match="Install Go"):
        provision.go_binary()


def test_cache_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(provision.CACHE_ENV, str(tmp_path))
    assert provision.install_dir("3.259.0") == tmp_path / "pulumi-v3.259.0"


def test_wrapper_module_keeps_only_non_local_replaces() -> None:
    go_mod = (
        "module github.com/pulumi/pulumi/pkg/v3\n\ngo 1.25.11\n\n"
        "replace github.com/pulumi/pulumi/sdk/v3 => ../sdk\n\n"
        "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-1-abc\n"
        "replace (\n\tfoo.io/a => ./a\n\tfoo.io/b v1.0.0 => foo.io/c v1.2.0 // fork\n)\n"
    )
    replaces = provision.non_local_replaces(go_mod)
    assert replaces == [
        "github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-1-abc",
        "foo.io/b v1.0.0 => foo.io/c v1.2.0",
    ]
    text = provision.wrapper_go_mod("3.259.0", "1.25.11", replaces)
    assert f"{provision.PKG_MODULE} v3.259.0" in text and "../sdk" not in text


@pytest.mark.engine
def test_the_cli_is_the_pinned_release_or_newer(pulumi_install: PulumiCli) -> None:
    reported = parse_version(run_version(str(pulumi_install.bin_dir / "pulumi")))
    pinned = parse_version(provision.CLI_VERSION)
    assert reported is not None and pinned is not None
    assert reported[0] == pinned[0] and reported >= pinned


def test_host_files_are_installed_and_refreshed(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "pulumi-language-python"
    shim.write_text("#!/bin/sh\nexec python3 -m an.outdated.module\n")
    provision.install_host_files(bin_dir)
    for name, source in provision.HOST_FILES.items():
        assert (bin_dir / name).read_text() == source.read_text()
        assert (bin_dir / name).stat().st_mode & 0o111
    # Beside them, the interpreter the shim starts the host on before a virtualenv exists.
    assert (bin_dir / provision.BOOTSTRAP_PYTHON).read_text() == f"{sys.executable}\n"
    assert sorted(p.name for p in bin_dir.iterdir()) == sorted([*provision.HOST_FILES,
                                                                provision.BOOTSTRAP_PYTHON])


def test_cached_install_gets_the_current_host(tmp_path: Path) -> None:
    directory = provision.install_dir("3.259.0", tmp_path)
    _fake_cli(directory / "bin")
    (directory / provision.MARKER).write_text("{}")
    hit = provision.cached_install("3.259.0", tmp_path)
    assert hit is not None
    shim = hit.bin_dir / "pulumi-language-python"
    assert shim.read_text() == provision.HOST_FILES["pulumi-language-python"].read_text()


def test_compile_progress_reports_packages_as_go_prints_them(tmp_path: Path) -> None:
    """A silent build is what users complained about: each heartbeat says how far it got."""
    release = tmp_path / "release"
    script = (f"printf 'a/one\\na/two\\na/three\\n' >&2; "
              f"while [ ! -e {release} ]; do sleep 0.01; done")
    seen: list[tuple[int, str]] = []

    def progress(done: int, last: str, _elapsed: float) -> None:
        seen.append((done, last))
        if done == 3:
            release.touch()  # the build "finishes" only once progress reported all three

    provision._run_with_progress(["sh", "-c", script], tmp_path, {"PATH": "/usr/bin:/bin"},
                                 progress, every=0.01)
    assert seen[-1] == (3, "a/three")


def test_compile_failure_shows_go_errors(tmp_path: Path) -> None:
    with pytest.raises(provision.ProvisionError, match="undefined: x"):
        provision._run_with_progress(["sh", "-c", "echo './main.go:3: undefined: x' >&2; exit 1"],
                                     tmp_path, {"PATH": "/usr/bin:/bin"},
                                     lambda *_a: None, every=60)
