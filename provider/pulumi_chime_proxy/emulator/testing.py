"""Run the emulator in-process for tests: ``with running_emulator() as emu: ...``."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from .admin_client import AdminClient
from .app import Emulator
from .server import EmulatorHTTPServer, make_server, serve_in_thread
from .statefile import DEFAULT_SAVE_DELAY
from .store import Store

TEST_REGION = "us-east-1"
TEST_ACCESS_KEY = "testing"
TEST_SECRET_KEY = "testing"


class RunningEmulator:
    """An emulator serving on 127.0.0.1 (ephemeral port) from a background thread."""

    def __init__(self, emulator: Emulator, server: EmulatorHTTPServer, thread: threading.Thread) -> None:
        self.emulator = emulator
        self.server = server
        self.thread = thread
        self.endpoint_url = server.endpoint_url
        access_key, secret_key = next(
            iter(emulator.auth.access_keys.items()), (TEST_ACCESS_KEY, TEST_SECRET_KEY)
        )
        self.admin = AdminClient(self.endpoint_url, access_key=access_key, secret_key=secret_key)

    @property
    def store(self) -> Store:
        return self.emulator.store

    def client(
        self,
        access_key: str = TEST_ACCESS_KEY,
        secret_key: str = TEST_SECRET_KEY,
        max_pool_connections: int = 10,
        **config: Any,
    ) -> Any:
        """A boto3 ``chime-sdk-voice`` client pointed here (no retries, dummy credentials)."""
        import boto3
        from botocore.config import Config

        settings: dict[str, Any] = {
            # total_max_attempts: one attempt, no retry (``max_attempts`` counts retries)
            "retries": {"mode": "standard", "total_max_attempts": 1},
            "max_pool_connections": max_pool_connections,
            "connect_timeout": 5,
            "read_timeout": 30,
        }
        settings.update(config)
        session = boto3.session.Session(
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=TEST_REGION,
        )
        return session.client("chime-sdk-voice", endpoint_url=self.endpoint_url, config=Config(**settings))

    def stop(self) -> None:
        self.server.stop()
        self.thread.join(timeout=10)
        self.emulator.close()


@contextlib.contextmanager
def running_emulator(
    state_file: str | os.PathLike[str] | None = None,
    strict_auth: bool = False,
    access_keys: Mapping[str, str] | None = None,
    save_delay: float = DEFAULT_SAVE_DELAY,
) -> Iterator[RunningEmulator]:
    """Start an emulator for the duration of the block (state saved when it ends).

    Strict mode without ``access_keys`` allows the test credentials (``testing``).
    """
    if strict_auth and access_keys is None:
        access_keys = {TEST_ACCESS_KEY: TEST_SECRET_KEY}
    emulator = Emulator(
        state_file=state_file, strict_auth=strict_auth, access_keys=access_keys, save_delay=save_delay
    )
    server = make_server(emulator, "127.0.0.1", 0)
    running = RunningEmulator(emulator, server, serve_in_thread(server))
    try:
        yield running
    finally:
        running.stop()
