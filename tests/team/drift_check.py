"""``chime-proxy drift`` as a CI job runs it, in a job's checkout, in-process."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from typing import Any

from pulumi_chime_proxy import cli

from tests.team.project import Job


@dataclass
class DriftRun:
    code: int
    doc: dict[str, Any]
    err: str


def drift(job: Job, *args: str) -> DriftRun:
    """``chime-proxy drift --json`` on the job's stack (backend from the environment)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["drift", "--stack", job.name, "--cwd", str(job.checkout), "--json", *args])
    return DriftRun(code, json.loads(out.getvalue()) if out.getvalue() else {}, err.getvalue())


def unmanaged_ids(doc: dict[str, Any]) -> list[str]:
    """Ids of the live sessions the report lists as owned by no resource of the stack."""
    return [u["id"] for u in doc["unmanaged"]]
