"""The generated SDKs in ``sdk/``: what the pinned CLI's codegen makes of ``schema.json``
(byte for byte, and the same on every run), the TypeScript SDK installs and compiles as the
README says and types the README's program, and the Go SDK builds, with the README's
program on it.

``slow``: they build a Go tool and fetch npm packages, and no Python dependency range
changes what they check, so they run once, in the newest virtualenv."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chime_proxy_dev import provision, sdks

pytestmark = pytest.mark.slow

README = sdks.REPO / "README.md"


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not on PATH")


def readme_program(language: str, imports: str) -> str:
    """The README's one ``language`` block that imports the SDK (by ``imports``)."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", README.read_text(), re.M | re.S)
    programs = [re.sub(rf"(?m)^{indent}", "", body) for indent, body in blocks if imports in body]
    assert len(programs) == 1, f"the README should show one {language} program on the SDK"
    return programs[0]


def readme_typescript_program() -> str:
    return readme_program("typescript", "@pulumi-chime-proxy/native")


def test_the_committed_sdks_are_what_the_codegen_makes_of_the_schema(tmp_path: Path) -> None:
    need("go")
    assert sdks.stale() == {}, "run python -m chime_proxy_dev sdks, and commit sdk/"
    sdks.generate(tmp_path / "again")
    for language in sdks.LANGUAGES:
        assert sdks.differences(tmp_path / "again" / language, sdks.SDK_DIR / language) == []


def test_a_schema_change_shows_in_every_sdk(tmp_path: Path) -> None:
    need("go")
    schema = json.loads(sdks.SCHEMA.read_text())
    schema["resources"]["chime-proxy:index:ProxySession"]["inputProperties"]["keepClosed"][
        "description"] = "changed"
    changed = tmp_path / "schema.json"
    changed.write_text(json.dumps(schema))
    sdks.generate(tmp_path / "out", changed)
    found = {language: sdks.differences(tmp_path / "out" / language, sdks.SDK_DIR / language)
             for language in sdks.LANGUAGES}
    assert found == {"go": ["chimeproxy/proxySession.go"],
                     "nodejs": ["proxySession.ts"],
                     "python": ["pulumi_chime_proxy_native/proxy_session.py"]}


def test_the_python_sdk_keeps_its_own_module_name_and_marks_numbers_secret() -> None:
    text = (sdks.SDK_DIR / "python" / "pulumi_chime_proxy_native" / "proxy_session.py").read_text()
    assert "pulumi.Output.secret(participant_phone_numbers)" in text
    assert '"participantPhoneNumbers"' in text.split("additional_secret_outputs=", 1)[1].split(")")[0]
    assert not (sdks.SDK_DIR / "python" / "pulumi_chime_proxy").exists()


def test_the_typescript_sdk_installs_as_the_readme_says_and_types_only_what_the_schema_has() -> None:
    """One install, two programs: the README's types, and the same program with a property
    the schema lacks is refused (tsc names the property, in that file only)."""
    need("npm")
    program = readme_typescript_program()
    wrong = program.replace("participantPhoneNumbers", "participantNumbers")
    with pytest.raises(provision.ProvisionError, match="participantNumbers") as refused:
        sdks.compile_typescript(sdks.SDK_DIR / "nodejs", {"index.ts": program, "wrong.ts": wrong})
    errors = [line for line in str(refused.value).splitlines() if "error TS" in line]
    assert errors and all(line.startswith("wrong.ts") for line in errors), errors


def test_the_go_sdk_builds_and_vets_and_the_readmes_program_builds_on_it() -> None:
    need("go")
    sdks.build_go(sdks.SDK_DIR / "go", readme_program("go", "sdk/go/chimeproxy"))


def test_go_refuses_a_program_with_a_field_the_schema_lacks() -> None:
    need("go")
    program = readme_program("go", "sdk/go/chimeproxy").replace("Capabilities:", "Capability:")
    with pytest.raises(provision.ProvisionError, match="Capability"):
        sdks.build_go(sdks.SDK_DIR / "go", program)


def test_the_python_sdk_builds_without_a_setuptools_warning(tmp_path: Path) -> None:
    """``make setup`` installs it: its build says nothing a newcomer has to read past (the
    codegen's license table made setuptools warn on every build)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "-w", str(tmp_path), str(sdks.SDK_DIR / "python")],
        capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    said = built.stdout + built.stderr
    assert "Warning" not in said and "deprecated" not in said.lower(), said
