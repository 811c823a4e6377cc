"""A member the service gains needs no emulator code: given a model whose sessions gain a
``Label`` (botocore reads it from ``AWS_DATA_PATH`` ahead of its own), the emulator checks
it against the new shape's constraints, keeps it on create and on update, and answers it
on every read."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import botocore

SERVICE = "chime-sdk-voice"

SCRIPT = """
import json
import botocore.exceptions
from pulumi_chime_proxy.emulator.testing import running_emulator
with running_emulator() as emulator:
    client = emulator.client()
    vc = client.create_voice_connector(Name="vc", RequireEncryption=False)["VoiceConnector"][
        "VoiceConnectorId"]
    client.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=60,
                                     PhoneNumberPoolCountries=["US"])
    made = client.create_proxy_session(
        VoiceConnectorId=vc, Capabilities=["Voice"], Label="first",
        ParticipantPhoneNumbers=["+12065550100", "+12065550101"])["ProxySession"]
    ps = made["ProxySessionId"]
    seen = [made.get("Label")]
    seen.append(client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"].get("Label"))
    client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["SMS"], Label="second")
    seen.append(client.get_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps)["ProxySession"].get("Label"))
    listed = client.list_proxy_sessions(VoiceConnectorId=vc)["ProxySessions"]
    seen.append(listed[0].get("Label"))
    try:
        client.update_proxy_session(VoiceConnectorId=vc, ProxySessionId=ps, Capabilities=["SMS"],
                                    Label="x" * 65)
    except botocore.exceptions.ClientError as exc:
        seen.append(exc.response["Error"]["Code"] + ": " + exc.response["Error"]["Message"])
    print(json.dumps(seen))
"""


def grown_model(root: Path) -> Path:
    """A data path holding botocore's own model of the service, with ``Label`` added to
    CreateProxySession's and UpdateProxySession's input and to ``ProxySession``."""
    source = Path(botocore.__file__).parent / "data" / SERVICE
    (version,) = [p for p in source.iterdir() if p.is_dir()]
    target = root / SERVICE / version.name
    shutil.copytree(version, target)
    model = json.loads(gzip.decompress((target / "service-2.json.gz").read_bytes()))
    (target / "service-2.json.gz").unlink()
    shapes = model["shapes"]
    shapes["ProxySessionLabel"] = {"type": "string", "min": 1, "max": 64}
    for name in ("CreateProxySessionRequest", "UpdateProxySessionRequest", "ProxySession"):
        shapes[name]["members"]["Label"] = {"shape": "ProxySessionLabel"}
    (target / "service-2.json").write_text(json.dumps(model))
    return root


def test_a_member_the_model_gains_is_kept_checked_and_answered(tmp_path: Path) -> None:
    env = {**os.environ, "AWS_DATA_PATH": str(grown_model(tmp_path / "models"))}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen[:4] == ["first", "first", "second", "second"]  # create, get, update, list
    assert seen[4].startswith("BadRequestException: ") and "Label" in seen[4]
