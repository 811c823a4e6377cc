"""Comparing a committed SDK with a fresh generation (``python -m chime_proxy_dev sdks
--check``): every missing, extra or changed file counts, and of the committed tree only
what git would commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from chime_proxy_dev import sdks


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_missing_extra_and_changed_files_are_differences(tmp_path: Path) -> None:
    fresh = tree(tmp_path / "fresh", {"same.py": "x", "changed.py": "1", "sub/missing.py": "m"})
    committed = tree(tmp_path / "repo" / "sdk", {"same.py": "x", "changed.py": "2", "sub/extra.py": "e"})
    git(tmp_path / "repo", "init", "-q")
    assert sdks.differences(fresh, committed) == ["changed.py", "sub/extra.py", "sub/missing.py"]
    assert sdks.differences(fresh, tmp_path / "repo" / "absent") == ["changed.py", "same.py",
                                                                     "sub/missing.py"]


def test_what_git_ignores_is_no_difference_and_what_it_tracks_is(tmp_path: Path) -> None:
    fresh = tree(tmp_path / "fresh", {".gitignore": "*.egg-info\n", "pkg/a.py": "a"})
    repo = tmp_path / "repo"
    committed = tree(repo / "sdk", {".gitignore": "*.egg-info\n", "pkg/a.py": "a",
                                    "pkg.egg-info/PKG-INFO": "left by an editable install"})
    git(repo, "init", "-q")
    assert sdks.differences(fresh, committed) == []
    tree(committed, {"pkg/new.py": "untracked, not ignored"})
    assert sdks.differences(fresh, committed) == ["pkg/new.py"]
    git(repo, "add", "-f", "sdk/pkg.egg-info/PKG-INFO")  # tracked although ignored
    assert sdks.differences(fresh, committed) == ["pkg.egg-info/PKG-INFO", "pkg/new.py"]
