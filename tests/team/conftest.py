"""Team-scale fixtures: Pulumi state in an S3-compatible server (moto's server mode,
started once per test session on a free loopback port), a fresh bucket per test, and
a Pulumi project that CI "jobs" check out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chime_proxy_dev.s3_backend import S3Bucket, S3Server, running_s3
from pulumi_chime_proxy.engine import workspace


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with running_s3() as server:
        yield server


@pytest.fixture()
def s3_bucket(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> S3Bucket:
    """A fresh bucket, and ``PULUMI_BACKEND_URL`` pointing at it for this test (as a CI
    job's environment would: the drift check and every stack here read it)."""
    bucket = s3_server.bucket()
    monkeypatch.setenv("PULUMI_BACKEND_URL", bucket.url)
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", workspace.DEFAULT_PASSPHRASE)
    return bucket
