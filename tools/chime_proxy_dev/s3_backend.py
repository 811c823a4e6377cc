"""An S3-compatible server for Pulumi's DIY backend in tests and benchmarks: moto's
server mode, in this process, on a free loopback port.

Pulumi talks to it as to MinIO or Ceph: ``s3://BUCKET?endpoint=HOST:PORT&...`` (see
:func:`backend_url`). One server serves many buckets, so a test session starts it once
and gives every test a fresh bucket.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

REGION = "us-east-1"
LOCKS_PREFIX = ".pulumi/locks/"
STACKS_PREFIX = ".pulumi/stacks/"


def backend_url(bucket: str, endpoint: str, region: str = REGION) -> str:
    """``PULUMI_BACKEND_URL`` for a bucket on an S3-compatible server at ``HOST:PORT``
    (plain HTTP, path-style addressing, as MinIO and Ceph need)."""
    return (f"s3://{bucket}?endpoint={endpoint}&s3ForcePathStyle=true"
            f"&disableSSL=true&region={region}")


@dataclass
class S3Bucket:
    """One bucket: its backend URL and what Pulumi stored in it."""

    name: str
    url: str
    client: Any = field(repr=False)

    def object_keys(self, prefix: str = "") -> list[str]:
        """Every object key under ``prefix`` (all pages)."""
        keys: list[str] = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name,
                                                                          Prefix=prefix):
            keys += [obj["Key"] for obj in page.get("Contents", [])]
        return keys

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.name, Key=key)["Body"].read())

    def locks(self) -> list[str]:
        """The lock files: one per stack with an operation in progress (or killed)."""
        return self.object_keys(LOCKS_PREFIX)

    def checkpoint_keys(self) -> list[str]:
        """The current checkpoint of every stack (``.pulumi/stacks/<project>/<stack>.json``)."""
        return [k for k in self.object_keys(STACKS_PREFIX) if k.endswith(".json")]


class S3Server:
    """moto's threaded server on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        # One line per request otherwise (werkzeug's access log).
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._counter = itertools.count()
        self.endpoint = ""

    def start(self) -> S3Server:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self) -> Any:
        """A boto3 S3 client for this server (dummy keys, path-style)."""
        import boto3
        from botocore.config import Config

        session = boto3.session.Session(
            aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
            region_name=REGION,
        )
        return session.client("s3", endpoint_url=f"http://{self.endpoint}",
                              config=Config(s3={"addressing_style": "path"}))

    def bucket(self, prefix: str = "state") -> S3Bucket:
        """A new, empty bucket with a unique name."""
        name = f"{prefix}-{next(self._counter)}-{uuid.uuid4().hex[:8]}"
        client = self.client()
        client.create_bucket(Bucket=name)
        return S3Bucket(name, backend_url(name, self.endpoint), client)


@contextlib.contextmanager
def running_s3() -> Iterator[S3Server]:
    """Start the server for the duration of the block."""
    server = S3Server().start()
    try:
        yield server
    finally:
        server.stop()
