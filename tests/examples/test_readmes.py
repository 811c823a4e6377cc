"""Every example README's commands run as written, in a clean copy of the repository.

A walkthrough pastes blocks into one shell, starting at the copy's root after ``make setup``
(the copy's ``.venv`` is this test run's virtualenv), with a user's minimal ``PATH``. It
stops at the first command that fails and names the block.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pulumi_chime_proxy.engine.pulumi_cli import PulumiCli

from tests.examples.conftest import EXAMPLES, ROOT
from tests.examples.readme import Block, blocks, clean_copy

EMULATOR_PORT = 4599  # the port the READMEs name

# name: (example, section or None for all of its runnable blocks), in the order pasted
WALKTHROUGHS: dict[str, list[tuple[str, str | None]]] = {
    "local": [("local", None)],
    "consumer": [("local", "Run it"), ("consumer", None)],
}


def port_frees(port: int, within: float) -> bool:
    """Whether nothing listens on ``port`` now or within ``within`` seconds (an emulator a
    walkthrough stopped may still be closing)."""
    deadline = time.monotonic() + within
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def runnable(example: str, section: str | None = None) -> list[Block]:
    return [block for block in blocks(EXAMPLES / example / "README.md")
            if block.runnable and section in (None, block.section)]


def script(walkthrough: list[tuple[str, str | None]]) -> str:
    """The blocks, each announced, under ``set -eo pipefail``; background jobs die with the shell."""
    lines = ["set -eo pipefail", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"]
    for example, section in walkthrough:
        for block in runnable(example, section):
            lines += [f"echo '==> examples/{example}/README.md, {block.section}' >&2", block.code]
    return "\n".join(lines) + "\n"


def test_every_shell_block_is_run_or_says_why_not() -> None:
    """A new command in a README is either in a walkthrough below or marked with its reason."""
    covered = {(example, block.code) for steps in WALKTHROUGHS.values() for example, section in steps
               for block in runnable(example, section)}
    unaccounted = [
        f"{block.readme.relative_to(ROOT)} ({block.section})"
        for readme in sorted(EXAMPLES.glob("*/README.md"))
        for block in blocks(readme)
        if block.lang == "sh" and block.not_run is None
        and (readme.parent.name, block.code) not in covered
    ]
    assert unaccounted == []
    assert all(runnable(example, section) for steps in WALKTHROUGHS.values()
               for example, section in steps)


def test_a_marker_exempts_only_the_block_after_it(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("## One\n\n<!-- not run: needs AWS -->\n```sh\naws s3 ls\n```\n\n"
                      "## Two\n\n```sh\necho two\n```\n")
    first, second = blocks(readme)
    assert (first.section, first.not_run, first.runnable) == ("One", "needs AWS", False)
    assert (second.section, second.code, second.runnable) == ("Two", "echo two\n", True)


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
def test_readme_runs_as_written(name: str, tmp_path: Path, pulumi_install: PulumiCli) -> None:
    if not port_frees(EMULATOR_PORT, within=30):
        listeners = subprocess.run(["ss", "-ltnp", f"sport = :{EMULATOR_PORT}"], capture_output=True,
                                   text=True, check=False).stdout
        pytest.fail(f"port {EMULATOR_PORT}, which the READMEs use, is taken: stop what serves it\n"
                    f"{listeners}")
    clone = clean_copy(ROOT, tmp_path / "clone")
    (clone / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"], "PULUMI_SKIP_UPDATE_CHECK": "true"}
    result = subprocess.run(["bash", "-c", script(WALKTHROUGHS[name])], cwd=clone, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"stopped in the last block announced:\n{result.stderr[-4000:]}"
    left = sorted((clone / ".pulumi-state" / ".pulumi" / "stacks").rglob("*.json"))
    assert left == [], "a stack was left behind"
