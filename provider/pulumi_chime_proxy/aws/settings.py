"""Where the provider's AWS client points, read from stack config the pulumi-aws way.

Pure functions of the config mapping, so the rules are tested without the engine, and
every value is checked before any client is built or any call is made: a typo must
fail with a message naming the key and the rule, never send calls somewhere else.
Nothing here holds credentials: the profile *name* is a setting, the keys stay in
boto3's default chain.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .endpoint_keys import PULUMI_AWS_ENDPOINT_KEYS

#: Every setting is ``chime-proxy:<name>``, for both fronts: the native provider is
#: configured in its package's namespace (the engine hands it nothing else), and the
#: dynamic resources read the same keys.
PREFIX = "chime-proxy:"
REGION = PREFIX + "region"
PROFILE = PREFIX + "profile"
ENDPOINT = PREFIX + "endpoint"
MAX_ATTEMPTS = PREFIX + "maxAttempts"
READ_TIMEOUT = PREFIX + "readTimeout"
CONNECT_TIMEOUT = PREFIX + "connectTimeout"
END_OF_SUPPORT = PREFIX + "endOfSupport"
CONCURRENCY = PREFIX + "concurrency"
#: pulumi-aws's keys, which the dynamic resources read before the ``chime-proxy:`` ones
#: existed: still read by them (not by the native provider, which is never given them),
#: each only where its ``chime-proxy:`` key is unset.
AWS_REGION = "aws:region"
AWS_PROFILE = "aws:profile"
ENDPOINTS = "aws:endpoints"
#: The key pulumi-aws users set under ``aws:endpoints`` for this service (it has no alias).
ENDPOINT_KEY = "chimesdkvoice"
#: Every stack config key ``settings_from_config`` reads (what a provider instance needs).
CONFIG_KEYS = (REGION, PROFILE, ENDPOINT, MAX_ATTEMPTS, READ_TIMEOUT, CONNECT_TIMEOUT,
               END_OF_SUPPORT, AWS_REGION, AWS_PROFILE, ENDPOINTS)

#: What refresh and destroy do when AWS refuses a deprecated proxy operation
#: (docs/end-of-support.md): ``fail`` (the default) keeps the resource in state and
#: fails; ``forget`` takes it out of state with a warning. Nothing else is forgotten.
FAIL = "fail"
FORGET = "forget"
END_OF_SUPPORT_CHOICES = (FAIL, FORGET)

#: Like terraform-provider-aws's ``max_retries`` (25): a refresh of hundreds of sessions
#: must survive a throttling burst (at 50% throttling a call fails with p = 0.5**25).
DEFAULT_MAX_ATTEMPTS = 25
#: More attempts than this only stretch an outage (backoff is capped at 20 s each).
MAX_MAX_ATTEMPTS = 100
#: A hung endpoint fails a create (one create attempt, then two reconciling list
#: attempts) in 3 x 15 s plus at most 1 s of backoff: under a minute. Chime SDK Voice
#: answers in well under a second.
DEFAULT_READ_TIMEOUT = 15.0
DEFAULT_CONNECT_TIMEOUT = 5.0
MAX_TIMEOUT = 600.0
#: botocore's own rule for region names (they become part of a host name).
_REGION_PATTERN = re.compile(r"^[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?$")
_MAX_URL = 2048


class ConfigError(ValueError):
    """A stack config value breaks a rule; the message names the key and the rule."""


@dataclass(frozen=True)
class ClientSettings:
    """Everything that decides how a provider's AWS calls are made and what a refusal
    means (hashable: the client cache's key)."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    #: HTTP connections kept open: at least the calls in flight, or each call over it
    #: opens (and drops) a connection of its own.
    pool_size: int = 10
    #: One of END_OF_SUPPORT_CHOICES.
    end_of_support: str = FAIL
    #: The key ``profile`` came from, for messages (not part of what the settings are).
    profile_key: str = dataclasses.field(default=PROFILE, compare=False)


def endpoint_from_config(raw: Any) -> str | None:
    """The ``chimesdkvoice`` URL from an ``aws:endpoints`` value (list of maps, or JSON).

    Keys pulumi-aws accepts for other services are allowed (a stack may use pulumi-aws
    too) and ignored; any other key is a typo. A Chime key other than ours without
    ``chimesdkvoice`` is an error too: calls would silently go to AWS.
    """
    if raw is None or raw == "":
        return None
    value = _json(ENDPOINTS, raw) if isinstance(raw, str) else raw
    entries = value if isinstance(value, list) else [value]
    urls: set[str] = set()
    unknown: list[str] = []
    chime_like: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConfigError(f"{ENDPOINTS}: must be a list of maps from service name to URL, "
                              f'e.g. [{{"{ENDPOINT_KEY}": "http://127.0.0.1:4599"}}]; item {index} '
                              f"is {_kind(entry)}")
        for key, url in entry.items():
            if key == ENDPOINT_KEY:
                urls.add(_url(f"{ENDPOINTS}[{index}].{ENDPOINT_KEY}", url))
            elif not isinstance(key, str) or not is_pulumi_aws_key(key):
                unknown.append(_shown(key))
            elif key.startswith("chime"):
                chime_like.append(key)
    accepted = (f"this provider reads {ENDPOINT_KEY!r}; other keys must be pulumi-aws "
                "service names")
    if unknown:
        raise ConfigError(f"{ENDPOINTS}: unknown key(s) {', '.join(unknown[:5])}: {accepted}")
    if len(urls) > 1:
        raise ConfigError(f"{ENDPOINTS}: {ENDPOINT_KEY!r} is set to {len(urls)} different URLs; "
                          "set it once")
    if not urls and chime_like:
        raise ConfigError(f"{ENDPOINTS}: {', '.join(map(repr, chime_like))} is the endpoint of "
                          f"another AWS service; {accepted}, and without it calls go to AWS")
    return urls.pop() if urls else None


def settings_from_config(get: Callable[[str], Any]) -> ClientSettings:
    """Build settings from a config getter taking full keys (``chime-proxy:region``).

    Unset values stay None so that boto3's own chain decides (``AWS_REGION``,
    ``AWS_PROFILE``, ``AWS_ENDPOINT_URL_CHIME_SDK_VOICE``, shared config files).
    """
    profile_key, profile = _first(get, PROFILE, AWS_PROFILE)
    return ClientSettings(
        region=_region(*_first(get, REGION, AWS_REGION)),
        profile=_name(profile_key, profile),
        profile_key=profile_key,
        endpoint_url=_endpoint(get),
        max_attempts=_integer(MAX_ATTEMPTS, get(MAX_ATTEMPTS), DEFAULT_MAX_ATTEMPTS,
                              1, MAX_MAX_ATTEMPTS),
        connect_timeout=_seconds(CONNECT_TIMEOUT, get(CONNECT_TIMEOUT), DEFAULT_CONNECT_TIMEOUT),
        read_timeout=_seconds(READ_TIMEOUT, get(READ_TIMEOUT), DEFAULT_READ_TIMEOUT),
        end_of_support=_choice(END_OF_SUPPORT, get(END_OF_SUPPORT), END_OF_SUPPORT_CHOICES),
    )


def endpoint_key(get: Callable[[str], Any]) -> str | None:
    """The key that sets the endpoint URL (``chime-proxy:endpoint`` or, for a dynamic
    stack, ``aws:endpoints``); None when neither does."""
    if not _unset(get(ENDPOINT)):
        return ENDPOINT
    return ENDPOINTS if endpoint_from_config(get(ENDPOINTS)) else None


#: Calls in flight at once from one native provider process to the service. boto3
#: blocks, so this bounds the reads a ``--parallel`` refresh keeps in flight.
DEFAULT_CONCURRENCY = 64
MAX_CONCURRENCY = 1024


@dataclass(frozen=True)
class NativeSettings:
    client: ClientSettings
    concurrency: int = DEFAULT_CONCURRENCY


def native_config(get: Callable[[str], Any]) -> Callable[[str], Any]:
    """A full-key getter over the native provider's configuration, which the engine gives
    by short name (``region``): only ``chime-proxy:`` keys are there."""
    return lambda key: get(key.removeprefix(PREFIX)) if key.startswith(PREFIX) else None


def native_settings(get: Callable[[str], Any]) -> NativeSettings:
    """Settings from the native provider's configuration; ``get`` takes the short name
    (``region``). The same keys and rules as the dynamic resources', and ``concurrency``."""
    full = native_config(get)
    concurrency = _integer(CONCURRENCY, full(CONCURRENCY), DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY)
    client = settings_from_config(full)
    return NativeSettings(dataclasses.replace(client, pool_size=concurrency), concurrency)


# -- one rule per kind of value ---------------------------------------------------------

def _unset(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw == "")


def _first(get: Callable[[str], Any], *keys: str) -> tuple[str, Any]:
    """The first of ``keys`` that is set, with its value (the last key when none is)."""
    for key in keys[:-1]:
        if not _unset(raw := get(key)):
            return key, raw
    return keys[-1], get(keys[-1])


def _endpoint(get: Callable[[str], Any]) -> str | None:
    raw = get(ENDPOINT)
    return endpoint_from_config(get(ENDPOINTS)) if _unset(raw) else _url(ENDPOINT, raw)


def _region(key: str, raw: Any) -> str | None:
    name = _name(key, raw)
    if name is not None and not _REGION_PATTERN.match(name):
        raise ConfigError(f"{key}: must be an AWS region name such as us-east-1 "
                          "(letters, digits and '-', at most 63 characters)")
    return name


def _name(key: str, raw: Any) -> str | None:
    if _unset(raw):
        return None
    if not isinstance(raw, str):
        raise ConfigError(f"{key}: must be a string, not {_kind(raw)}")
    if raw != raw.strip() or not raw.isprintable() or len(raw) > 256:
        raise ConfigError(f"{key}: must be a name without surrounding spaces or control "
                          "characters, at most 256 characters")
    return raw


def _integer(key: str, raw: Any, default: int, low: int, high: int) -> int:
    if _unset(raw):
        return default
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"[0-9]{1,6}", raw):
        value = int(raw)
    else:
        raise ConfigError(f"{key}: must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ConfigError(f"{key}: must be a whole number from {low} to {high}, not {value}")
    return value


def _seconds(key: str, raw: Any, default: float) -> float:
    if _unset(raw):
        return default
    number = isinstance(raw, (int, float)) and not isinstance(raw, bool)
    text = isinstance(raw, str) and re.fullmatch(r"[0-9]{1,4}(\.[0-9]{1,3})?", raw)
    value = float(raw) if number or text else math.nan
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT:
        raise ConfigError(f"{key}: must be a number of seconds greater than 0 and at most "
                          f"{MAX_TIMEOUT:g}")
    return value


def _choice(key: str, raw: Any, choices: tuple[str, ...]) -> str:
    """One of ``choices``; unset is the first."""
    if _unset(raw):
        return choices[0]
    if not isinstance(raw, str) or raw not in choices:
        raise ConfigError(f"{key}: must be one of {', '.join(choices)}")
    return raw


def _url(key: str, raw: Any) -> str:
    rule = f"{key}: must be an http:// or https:// URL with a host, at most {_MAX_URL} characters"
    if not isinstance(raw, str) or not raw or len(raw) > _MAX_URL or not raw.isprintable() \
            or any(ch.isspace() for ch in raw):
        raise ConfigError(rule)
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ConfigError(rule) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(rule)
    return raw


def _json(key: str, raw: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ConfigError(f"{key}: is not valid JSON ({type(exc).__name__}); expected e.g. "
                          f'[{{"{ENDPOINT_KEY}": "http://127.0.0.1:4599"}}]') from None


def is_pulumi_aws_key(key: str) -> bool:
    """A key pulumi-aws accepts: in the list we ship, or in the installed pulumi-aws's
    (a newer release knows newer services)."""
    return key in PULUMI_AWS_ENDPOINT_KEYS or key in installed_pulumi_aws_keys()


@functools.cache
def installed_pulumi_aws_keys() -> frozenset[str]:
    """The endpoint keys of the pulumi-aws installed next to us, if any."""
    try:
        from pulumi_aws.config.outputs import Endpoints
    except Exception:  # noqa: BLE001 - not installed, or broken: use our list
        return frozenset()
    names = inspect.signature(Endpoints.__init__).parameters
    return frozenset(name.rstrip("_") for name in names if not name.startswith("__"))


def _kind(value: Any) -> str:
    return {dict: "a map", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), f"a {type(value).__name__}")


def _shown(value: Any) -> str:
    """A user-typed value, quoted, cut short and with control characters escaped."""
    text = repr(value) if isinstance(value, str) else _kind(value)
    return text if len(text) <= 42 else text[:39] + "...'"
