"""The shell blocks of the examples' READMEs, and a clean copy of the repository to run them in.

A block is run as written unless the line before its fence says why not:
``<!-- not run: REASON -->`` (a template with placeholders, or one needing a real AWS account).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

NOT_RUN = re.compile(r"^<!--\s*not run:\s*(?P<reason>\S.*?)\s*-->$")
FENCE = re.compile(r"^```(?P<lang>\S*)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block: the section it sits under, its language, its text, why it is not run."""

    readme: Path
    section: str
    lang: str
    code: str
    not_run: str | None

    @property
    def runnable(self) -> bool:
        return self.lang == "sh" and self.not_run is None


def blocks(readme: Path) -> list[Block]:
    """Every fenced block of ``readme``, in order."""
    found: list[Block] = []
    section, previous, lang, body = "", "", None, []
    for line in readme.read_text(encoding="utf-8").splitlines():
        fence = FENCE.match(line)
        if lang is None and fence:
            lang, body, marker = fence["lang"], [], NOT_RUN.match(previous.strip())
            not_run = marker["reason"] if marker else None
        elif lang is not None and line.strip() == "```":
            found.append(Block(readme, section, lang, "\n".join(body) + "\n", not_run))
            lang = None
        elif lang is not None:
            body.append(line)
        elif line.startswith("#"):
            section = line.lstrip("#").strip()
        if lang is None and not fence:
            previous = line
    if lang is not None:
        raise ValueError(f"{readme}: a fenced block is never closed")
    return found


def clean_copy(root: Path, dest: Path) -> Path:
    """The files a clone of ``root`` would have (tracked, or new and not ignored), as they are now.

    Working-tree contents, not ``HEAD``'s: a README edited but not committed is the one tested.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, check=True, capture_output=True, timeout=60).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = root / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest
