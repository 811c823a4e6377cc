"""Pick the Python interpreters the two test virtualenvs run on, and keep each virtualenv
on its interpreter.

``.venv`` (the newest releases the dependency ranges allow) runs on the first of
``NEWEST`` that this machine offers; ``.venv-lowest`` (the oldest releases) runs on the
``requires-python`` floor, so both ends of what users may run are tested. An interpreter
with a known defect that makes the suite fail by chance is passed over.

The Makefile runs this file with whatever ``python3`` is on PATH, before any virtualenv
exists, so it uses the standard library only and runs on Python 3.8 and later.
``PYTHON=...`` and ``PYTHON_LOWEST=...`` on make's command line skip the search.

    python3 interpreters.py newest|floor      print the chosen interpreter's path
    python3 interpreters.py venv DIR PYTHON   (re)create DIR on PYTHON when it is not on it
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Tuple

Version = Tuple[int, int, int]
Probe = Callable[[str], Optional[Version]]

#: Minor releases for the newest-versions virtualenv, most preferred first.
NEWEST = ("3.13", "3.12")
#: The file in a virtualenv that names the interpreter it was made from.
RECORD = ".interpreter"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
#: Releases to pass over: (first bad, first fixed, why). CPython gh-106905: on 3.11 a
#: garbage collection inside ``ast.parse`` can switch threads, and a parse in another
#: thread then trips "AST constructor recursion depth mismatch" (a SystemError). It failed
#: a Hypothesis test in CI on 3.11.7; the fix shipped in 3.11.8.
DEFECTS: Tuple[Tuple[Version, Version, str], ...] = (
    ((3, 11, 0), (3, 11, 8), "CPython gh-106905 (a SystemError from ast.parse under threads)"),
)


def defect(version: Version) -> Optional[str]:
    """Why ``version`` must not run the suite, or None."""
    for first_bad, first_fixed, why in DEFECTS:
        if first_bad <= version < first_fixed:
            return why
    return None


def floor(pyproject: Path = PYPROJECT) -> str:
    """The ``requires-python`` floor (``>=3.10`` gives ``3.10``)."""
    found = re.search(r'^requires-python\s*=\s*">=\s*(\d+\.\d+)', pyproject.read_text(), re.M)
    if found is None:
        raise SystemExit(f"error: {pyproject} has no requires-python = \">=X.Y\"")
    return found.group(1)


def probe(executable: str) -> Optional[Version]:
    """The interpreter's version, or None when it does not run (a pyenv shim for a
    version that is installed but not selected exits non-zero)."""
    try:
        done = subprocess.run([executable, "-c", "import sys; print(*sys.version_info[:3])"],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    parts = done.stdout.split()
    if done.returncode != 0 or len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def candidates(minor: str) -> Iterator[str]:
    """Where a machine offers CPython ``minor``: ``pythonX.Y`` on PATH, then pyenv's
    installed versions of that minor release, newest patch first."""
    on_path = shutil.which(f"python{minor}")
    if on_path:
        yield on_path
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    if root.is_dir():
        def patch(path: Path) -> int:
            tail = path.name[len(minor) + 1:]
            return int(tail) if tail.isdigit() else -1
        installed = [p for p in root.glob(f"{minor}.*") if patch(p) >= 0]
        for version_dir in sorted(installed, key=patch, reverse=True):
            executable = version_dir / "bin" / f"python{minor}"
            if executable.is_file():
                yield str(executable)


def choose(minors: Iterable[str], find: Callable[[str], Iterable[str]] = candidates,
           version_of: Probe = probe) -> Optional[Tuple[str, Version]]:
    """The first interpreter of the first minor release offered that runs, is that
    release, and has no known defect."""
    for minor in minors:
        wanted = tuple(int(part) for part in minor.split("."))
        for executable in find(minor):
            version = version_of(executable)
            if version is not None and version[:2] == wanted and defect(version) is None:
                return executable, version
    return None


def describe(version: Version) -> str:
    return ".".join(map(str, version))


def pick(role: str, warn: Callable[[str], None], in_ci: bool) -> str:
    """The interpreter for ``role`` (``newest`` or ``floor``); outside CI a missing one
    falls back, with a warning, to one that can still run the suite."""
    if role == "newest":
        chosen = choose(NEWEST)
        if chosen:
            return chosen[0]
        fallback = shutil.which("python3")
        version = probe(fallback) if fallback else None
        if fallback and version and not in_ci:
            why = defect(version)
            warn(f"none of Python {', '.join(NEWEST)} found; using {fallback} ({describe(version)})"
                 + (f", which has {why}: tests may fail by chance" if why else "")
                 + "; set PYTHON=... to choose")
            return fallback
        raise SystemExit(f"error: the newest-versions run needs Python {' or '.join(NEWEST)} "
                         "(pyenv or pythonX.Y on PATH); install one or set PYTHON=...")
    minor = floor()
    chosen = choose([minor])
    if chosen:
        return chosen[0]
    if not in_ci:
        warn(f"Python {minor} (requires-python's floor) not found: the lowest-versions run "
             f"uses the newest-versions interpreter; set PYTHON_LOWEST=... to choose")
        return pick("newest", warn, in_ci)
    raise SystemExit(f"error: the lowest-versions run tests requires-python's floor, Python {minor}; "
                     "install it (pyenv or pythonX.Y on PATH) or set PYTHON_LOWEST=...")


def ensure_venv(venv: Path, python: str, say: Callable[[str], None]) -> bool:
    """Create ``venv`` on ``python``, or re-create it when it was made from another
    interpreter (its ``bin/python`` leads to another binary), and record the interpreter
    in ``venv/RECORD``, rewritten only when it changes (make rebuilds the virtualenv's
    packages when the record is newer); True when the virtualenv was (re)created."""
    executable = shutil.which(python) or python
    version = probe(executable)
    if version is None:
        raise SystemExit(f"error: {python} does not run; set PYTHON=... (or PYTHON_LOWEST=...)")
    wanted = Path(executable).resolve()
    current = venv / "bin" / "python"
    made_from = current.resolve() if current.exists() else None
    fresh = made_from != wanted
    if fresh:
        if venv.exists():
            say(f"{venv} was made from {made_from or 'an interpreter that is gone'}, not {wanted}: "
                "re-creating it")
            shutil.rmtree(venv)
        say(f"creating {venv} on Python {describe(version)} ({executable})")
        subprocess.run([str(wanted), "-m", "venv", str(venv)], check=True)
    record = venv / RECORD
    line = f"{describe(version)} {executable}\n"
    if not record.is_file() or record.read_text() != line:
        record.write_text(line)
    return fresh


def main(argv: list[str]) -> int:
    def warn(message: str) -> None:
        print(f"==> [setup] warning: {message}", file=sys.stderr)

    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if len(argv) == 2 and argv[1] in ("newest", "floor"):
        print(pick(argv[1], warn, in_ci))
        return 0
    if len(argv) == 4 and argv[1] == "venv":
        ensure_venv(Path(argv[2]), argv[3], lambda line: print(f"==> [setup] {line}"))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
