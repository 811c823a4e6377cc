"""The provider goes into state pickled by reference: small, and with no client or keys."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import dill
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider


def test_provider_is_pickled_by_reference_and_small() -> None:
    blob = base64.b64decode(serialize_provider(ProxySessionProvider()))
    assert len(blob) < 300, len(blob)
    assert b"pulumi_chime_proxy.sessions.provider" in blob and b"ProxySessionProvider" in blob
    assert b"co_code" not in blob and b"boto" not in blob  # no code objects, no client
    assert isinstance(dill.loads(blob), ProxySessionProvider)


#: Run in a process of its own: the SDK's serialize_provider wraps pickle's
#: ``_Pickler._batch_setitems`` once more on every call and never unwraps it, so after
#: some thousand serializations in one process (this test suite's engine tests) a
#: provider whose instance holds a dict fails with RecursionError.
CONFIGURED = """
import base64, sys
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.sessions.provider import ProxySessionProvider

provider = ProxySessionProvider()
provider._settings = ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:1")
provider._client()  # builds (and caches) the client outside the instance
sys.stdout.write(serialize_provider(provider))
"""


def test_a_configured_provider_still_holds_no_credentials() -> None:
    done = subprocess.run([sys.executable, "-c", CONFIGURED], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    blob = base64.b64decode(done.stdout)
    assert b"ProxySessionProvider" in blob and b"127.0.0.1:1" in blob  # the settings are there
    assert b"botocore" not in blob
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "testing").encode()
    assert secret not in blob
