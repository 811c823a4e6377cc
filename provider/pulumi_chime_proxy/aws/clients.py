"""One botocore client per process and settings, built lazily and shared by all threads.

The dynamic-provider host serves up to four calls at once; botocore clients are
thread-safe, so one client (and one connection pool sized for those workers) per
settings is both correct and the fastest option. Clients never live on a provider
instance: the instance is pickled into state.

Each client has its own botocore session, so what we tune (the retry policy, the
timestamp parser) never leaks into other users of boto3 in the same process.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

import botocore.session
from botocore.config import Config
from botocore.exceptions import ProfileNotFound

from ..servicemodel import end_of_support
from . import retries, timestamps
from .settings import PROFILE, REGION, ClientSettings, ConfigError

SERVICE = "chime-sdk-voice"
PRODUCT = "pulumi-chime-proxy"

#: Refresh, destroy and ``chime-proxy drift`` run with the config the stack's last
#: ``pulumi up`` recorded (its default provider's inputs), not the current one.
RECORDED_CONFIG = ("; refresh and destroy use the config the last `pulumi up` recorded, so after "
                   "fixing it run `pulumi up` without --refresh once")

_lock = threading.Lock()
_clients: dict[ClientSettings, Any] = {}


def make_session(settings: ClientSettings) -> botocore.session.Session:
    """A botocore session for ``settings``: profile and region checked, no call made."""
    session = botocore.session.Session()
    try:
        if settings.profile is not None:
            if settings.profile not in session.available_profiles:
                raise ConfigError(
                    f"{settings.profile_key}: no profile named {settings.profile!r} in the AWS config and "
                    f"credentials files; check `aws configure list-profiles`{RECORDED_CONFIG}")
            session.set_config_variable("profile", settings.profile)
        session.get_scoped_config()  # raises if AWS_PROFILE names no profile
        region = settings.region or session.get_config_variable("region")
    except ProfileNotFound as exc:
        raise ConfigError(f"{PROFILE}: {exc} (from AWS_PROFILE or {PROFILE}); check "
                          f"`aws configure list-profiles`{RECORDED_CONFIG}") from None
    if not region:
        raise ConfigError(f"no AWS region: set {REGION} (pulumi config set {REGION} us-east-1) "
                          f"or AWS_REGION{RECORDED_CONFIG}")
    if settings.region:
        session.set_config_variable("region", settings.region)
    session.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=timestamps.parse_timestamp)
    return session


def make_client(settings: ClientSettings) -> Any:
    """Build a new client for ``settings`` (no caching)."""
    from .. import __version__  # the package imports this module while it initializes

    session = make_session(settings)
    config = Config(
        # Fixed once per client: botocore otherwise assembles the header from about
        # twenty components twice per request.
        user_agent=f"{session.user_agent()} {PRODUCT}/{__version__}",
        retries={"mode": "standard", "total_max_attempts": settings.max_attempts},
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        max_pool_connections=settings.pool_size,
        tcp_keepalive=True,
    )
    client = session.create_client(SERVICE, endpoint_url=settings.endpoint_url, config=config)
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


def is_aws_url(url: str) -> bool:
    """Whether ``url`` is one of AWS's own endpoints (not the emulator or a proxy)."""
    host = urlsplit(url).hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn"))


def end_of_support_warning(settings: ClientSettings) -> str | None:
    """The warning for a stack whose calls go to AWS while the model marks the proxy
    operations deprecated; None for the emulator, a custom endpoint, or a model
    without the trait."""
    notice = end_of_support.notice()
    if notice is None:
        return None
    try:
        url: str = client_for(settings).meta.endpoint_url
    except ConfigError:
        return None  # the provider's check reports it, in one line
    if not is_aws_url(url):
        return None
    return f"chime-proxy: this stack's endpoint is AWS ({url}), and {end_of_support.notice_line(notice)}"


def clear() -> None:
    """Forget cached clients (tests that change the environment)."""
    with _lock:
        _clients.clear()
