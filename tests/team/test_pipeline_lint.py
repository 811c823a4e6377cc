"""The CI examples in ``examples/pipeline/`` are valid: the GitHub Actions workflow for
actionlint and for the workflow JSON Schema, the GitLab CI file for GitLab's schema
(both schemas vendored in check-jsonschema, so no network). Each check is shown to
reject a broken copy, so a pass means something."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from chime_proxy_dev import actionlint

PIPELINE = Path(__file__).resolve().parents[2] / "examples" / "pipeline"
GITHUB = PIPELINE / "github-actions.yml"
NIGHTLY = PIPELINE / "nightly-drift.yml"
RELEASE = PIPELINE.parents[1] / ".github" / "workflows" / "release.yml"
GITLAB = PIPELINE / "gitlab-ci.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def actionlint_bin() -> Path:
    try:
        return actionlint.ensure()
    except actionlint.ActionlintUnavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", GITHUB),
                                              ("vendor.github-workflows", NIGHTLY),
                                              ("vendor.github-workflows", RELEASE),
                                              ("vendor.gitlab-ci", GITLAB)])
def test_examples_match_their_ci_schema(schema: str, path: Path, tmp_path: Path) -> None:
    ok = schema_check(schema, path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / path.name
    broken.write_text(path.read_text().replace("script:", "scripts:").replace("runs-on:", "runs_on:"))
    assert schema_check(schema, broken).returncode != 0


@pytest.mark.slow
@pytest.mark.parametrize("workflow", [GITHUB, NIGHTLY, RELEASE], ids=lambda p: p.name)
def test_github_workflow_passes_actionlint(actionlint_bin: Path, tmp_path: Path, workflow: Path) -> None:
    lint = subprocess.run([str(actionlint_bin), "-no-color", str(workflow)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # An expression actionlint knows is wrong (no such context) must be reported.
    broken = tmp_path / "broken.yml"
    text, renamed = re.subn(r"\$\{\{ (\w+)\.", r"${{ \1z.", workflow.read_text(), count=1)
    assert renamed == 1
    broken.write_text(text)
    lint = subprocess.run([str(actionlint_bin), "-no-color", str(broken)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert lint.returncode == 1 and "undefined variable" in lint.stdout, lint.stdout + lint.stderr
