"""Whether a ``pulumi`` operation holds the stack's lock in a DIY backend.

``pulumi preview`` takes no lock, so the gate can run while an ``up`` is changing the
stack: its report then races with that update. A DIY backend (``file://``, ``s3://``)
keeps one lock object per operation under ``.pulumi/locks/<org>/<project>/<stack>/``
(``.pulumi/locks/<stack>/`` for backends made before projects were scoped), holding the
operation's pid, user, host and start time. Reading them changes nothing. Other backends
(Pulumi Cloud) are not read: they report a busy stack themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

#: DIY backends have one organization.
ORGANIZATION = "organization"


@dataclass(frozen=True)
class Lock:
    """One operation holding the stack, as its lock object says."""

    pid: Any
    username: str
    hostname: str
    timestamp: str

    def describe(self) -> str:
        return f"pid {self.pid} of {self.username} on {self.hostname}, since {self.timestamp}"


def lock_prefixes(project: str | None, stack: str) -> list[str]:
    """Where the backend keeps the stack's locks, relative to its root."""
    name = stack.rsplit("/", 1)[-1]
    prefixes = [f".pulumi/locks/{name}/"]
    if project:
        prefixes.insert(0, f".pulumi/locks/{ORGANIZATION}/{project}/{name}/")
    return prefixes


def parse_lock(text: str | bytes) -> Lock | None:
    try:
        body = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    return Lock(pid=body.get("pid"), username=str(body.get("username") or "?"),
                hostname=str(body.get("hostname") or "?"), timestamp=str(body.get("timestamp") or "?"))


def held_locks(backend_url: str, project: str | None, stack: str) -> list[Lock]:
    """The locks on ``stack`` in the DIY backend at ``backend_url`` (none for others)."""
    parts = urlsplit(backend_url)
    prefixes = lock_prefixes(project, stack)
    if parts.scheme == "file":
        root = Path(unquote(parts.netloc + parts.path)).expanduser()
        found = [parse_lock(path.read_bytes()) for prefix in prefixes
                 for path in sorted((root / prefix).glob("*.json")) if path.is_file()]
    elif parts.scheme == "s3":
        found = _s3_locks(parts.netloc, parts.path.strip("/"), parse_qs(parts.query), prefixes)
    else:
        return []
    return [lock for lock in found if lock is not None]


def _s3_locks(bucket: str, root: str, query: dict[str, list[str]], prefixes: list[str]) -> list[Lock | None]:
    """The lock objects in an S3-compatible bucket, reached as the CLI reaches it."""
    import boto3
    from botocore.config import Config

    def option(name: str) -> str | None:
        values = query.get(name)
        return values[0] if values else None

    endpoint = option("endpoint")
    if endpoint and "://" not in endpoint:
        endpoint = ("http://" if option("disableSSL") == "true" else "https://") + endpoint
    style = "path" if option("s3ForcePathStyle") == "true" else "auto"
    client = boto3.client("s3", endpoint_url=endpoint, region_name=option("region"),
                          config=Config(s3={"addressing_style": style}))
    found: list[Lock | None] = []
    for prefix in prefixes:
        key_prefix = f"{root}/{prefix}" if root else prefix
        listed = client.list_objects_v2(Bucket=bucket, Prefix=key_prefix)
        for item in listed.get("Contents") or []:
            if str(item["Key"]).endswith(".json"):
                found.append(parse_lock(client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()))
    return found


def lock_warning(backend_url: str, project: str | None, stack: str) -> str | None:
    """One line for a report whose stack is locked, or None (also when the backend
    cannot be read: the check itself goes on)."""
    try:
        locks = held_locks(backend_url, project, stack)
    except Exception:  # noqa: BLE001 - a lock we cannot read is no reason to fail the check
        return None
    if not locks:
        return None
    holders = "; ".join(lock.describe() for lock in locks)
    return (f"stack {stack} is locked by a pulumi operation in progress ({holders}): this report "
            "may include changes that operation is making; check again once it ends")
