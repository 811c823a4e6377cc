"""The stack's lock in an S3 backend, read as the CLI reaches the bucket
(``s3://BUCKET?endpoint=...&s3ForcePathStyle=true&disableSSL=true&region=...``)."""

from __future__ import annotations

import json

from chime_proxy_dev.s3_backend import S3Bucket
from pulumi_chime_proxy.drift import locks


def test_a_lock_in_the_bucket_is_found_and_only_the_stacks_own(s3_bucket: S3Bucket) -> None:
    holder = {"pid": 42, "username": "ci", "hostname": "runner-2", "timestamp": "2026-12-06T14:00:00Z"}
    assert locks.held_locks(s3_bucket.url, "proj", "dev") == []
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=".pulumi/locks/organization/proj/prod/a.json",
                                Body=json.dumps(holder).encode())
    assert locks.held_locks(s3_bucket.url, "proj", "dev") == []
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=".pulumi/locks/organization/proj/dev/b.json",
                                Body=json.dumps(holder).encode())
    (held,) = locks.held_locks(s3_bucket.url, "proj", "dev")
    assert held.describe() == "pid 42 of ci on runner-2, since 2026-12-06T14:00:00Z"
