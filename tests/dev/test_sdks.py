"""Comparing a committed SDK with a fresh generation (``python -m chime_proxy_dev sdks
--check``): every missing, extra or changed file counts, and what git ignores does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from chime_proxy_dev import sdks


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_missing_extra_and_changed_files_are_differences(tmp_path: Path) -> None:
    expected = tree(tmp_path / "a", {"same.py": "x", "changed.py": "1", "sub/missing.py": "m"})
    actual = tree(tmp_path / "b", {"same.py": "x", "changed.py": "2", "sub/extra.py": "e"})
    assert sdks.differences(expected, actual) == ["changed.py", "sub/extra.py", "sub/missing.py"]
    assert sdks.differences(expected, expected) == []
    assert sdks.differences(expected, tmp_path / "absent") == ["changed.py", "same.py", "sub/missing.py"]


def test_in_a_git_work_tree_ignored_files_are_no_difference(tmp_path: Path) -> None:
    generated = tree(tmp_path / "fresh", {".gitignore": "*.egg-info\n", "pkg/a.py": "a"})
    committed = tree(tmp_path / "repo" / "sdk",
                     {".gitignore": "*.egg-info\n", "pkg/a.py": "a", "pkg.egg-info/PKG-INFO": "p",
                      "pkg/new.py": "untracked but not ignored"})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    assert sdks.differences(generated, committed) == ["pkg/new.py"]
