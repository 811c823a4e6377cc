"""One boto3 client per process and settings, built lazily and shared by all threads.

The dynamic-provider host serves up to four calls at once; boto3 clients are
thread-safe, so one client (and one connection pool sized for those workers) per
settings is both correct and the fastest option. Clients never live on a provider
instance: the instance is pickled into state.
"""

from __future__ import annotations

import threading
from typing import Any

import boto3
from botocore.config import Config

from . import retries
from .settings import ClientSettings

SERVICE = "chime-sdk-voice"
POOL_SIZE = 10  # >= the host's 4 gRPC workers, with room for the CLI tools

_lock = threading.Lock()
_clients: dict[ClientSettings, Any] = {}


def make_client(settings: ClientSettings) -> Any:
    """Build a new client for ``settings`` (no caching)."""
    session = boto3.session.Session(profile_name=settings.profile, region_name=settings.region)
    config = Config(
        retries={"mode": "standard", "max_attempts": settings.max_attempts},
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_pool_connections=POOL_SIZE,
        tcp_keepalive=True,
    )
    client = session.client(SERVICE, endpoint_url=settings.endpoint_url, config=config)
    retries.install(client, settings.max_attempts)
    return client


def client_for(settings: ClientSettings) -> Any:
    """The shared client for ``settings``; built once per process."""
    client = _clients.get(settings)
    if client is None:
        with _lock:
            client = _clients.get(settings)
            if client is None:
                client = make_client(settings)
                _clients[settings] = client
    return client


def clear() -> None:
    """Forget cached clients (tests that change the environment)."""
    with _lock:
        _clients.clear()
