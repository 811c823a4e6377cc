"""The AWS CLI talks to the emulator like to AWS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .test_api import create_session

AWS = Path(sys.executable).with_name("aws")


def awscli_major() -> int:
    from importlib.metadata import version

    return int(version("awscli").split(".")[0])


def aws(emulator: Any, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "1",
    }
    return subprocess.run(
        [
            str(AWS),
            "chime-sdk-voice",
            *args,
            "--endpoint-url",
            emulator.endpoint_url,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_get_proxy_session_success_and_not_found(client: Any, emulator: Any, voice_connector_id: str) -> None:
    session = create_session(client, voice_connector_id, Name="cli")
    ok = aws(
        emulator,
        "get-proxy-session",
        "--voice-connector-id",
        voice_connector_id,
        "--proxy-session-id",
        session["ProxySessionId"],
    )
    assert ok.returncode == 0, ok.stderr
    got = json.loads(ok.stdout)["ProxySession"]
    assert got["ProxySessionId"] == session["ProxySessionId"] and got["Name"] == "cli"

    missing = aws(
        emulator,
        "get-proxy-session",
        "--voice-connector-id",
        voice_connector_id,
        "--proxy-session-id",
        "missing",
    )
    # AWS CLI v2 exits 254 on a service error; v1 (installed here) exits 255 on any error.
    assert missing.returncode == (254 if awscli_major() >= 2 else 255)
    assert "NotFoundException" in missing.stderr
    assert "Proxy session missing not found" in missing.stderr
