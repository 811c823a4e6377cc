"""Retry decisions botocore's standard mode does not make on its own for Chime SDK Voice.

botocore's standard mode (set in the client's ``Config``) keeps deciding transient
errors (5xx, connection failures, clock skew) with its own backoff, retry quota and
``max_attempts``. Two decisions are added through botocore's public ``needs-retry``
event, by a handler that runs before botocore's:

- ``ThrottledClientException`` is throttling. The model declares this 429 without the
  ``retryable`` trait and standard mode skips modeled errors in its 429 check, so out
  of the box a throttled call is not retried. The handler retries it with standard
  mode's arithmetic (at most ``max_attempts`` in all, backoff ``random() * 2**(n-1)`` s
  capped at 20 s, a token quota that a success refunds) but from a larger quota of its
  own: a 50% throttling burst over a 200-session refresh costs about 400 tokens, which
  would drain botocore's 500 and turn a recoverable storm into failures.
- A dead endpoint stops early: once a call has made ``TRANSPORT_ATTEMPTS`` attempts
  that got no answer (``TIMEOUT_ATTEMPTS`` if they timed out), the handler re-raises
  the failure, so botocore's handler never sees it and nothing retries it again.

Everything used is public and stable across botocore releases: the two events, their
keyword arguments, ``register_first`` and ``botocore.retries.quota.RetryQuota``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from botocore.retries.quota import RetryQuota

from .errors import TRANSPORT_ERRORS

THROTTLING_CODES = frozenset({"ThrottledClientException"})
#: Tokens a throttled retry takes, and what a first-try success gives back (standard mode's).
THROTTLED_RETRY_COST = 5
NO_RETRY_INCREMENT = 1
#: Ten times botocore's quota: still stops retrying when a service stays throttled long.
RETRY_QUOTA_CAPACITY = 5000
#: Standard mode's backoff for throttling: 1 s doubling per attempt, capped at 20 s,
#: full jitter.
BACKOFF_BASE = 1.0
MAX_BACKOFF = 20.0

#: Attempts for a call that never got an answer: a wrong endpoint or a stopped emulator
#: fails in seconds, while a brief restart (a second or two) is still ridden out.
TRANSPORT_ATTEMPTS = 4
#: Attempts for a call that timed out: each costs a whole connect or read timeout, and
#: an endpoint that hangs once rarely answers a second later.
TIMEOUT_ATTEMPTS = 2
TIMEOUT_ERRORS = (ReadTimeoutError, ConnectTimeoutError)

_CONTEXT_KEY = "chime_proxy_throttle_tokens"


def transport_attempts(exc: BaseException) -> int | None:
    """How many attempts a call that failed with ``exc`` gets; None: not a transport failure."""
    if isinstance(exc, TIMEOUT_ERRORS):
        return TIMEOUT_ATTEMPTS
    if isinstance(exc, TRANSPORT_ERRORS):
        return TRANSPORT_ATTEMPTS
    return None


class ChimeRetryPolicy:
    """The ``needs-retry`` handler (one per client; thread-safe through its quota's lock)."""

    def __init__(self, max_attempts: int, quota_capacity: int = RETRY_QUOTA_CAPACITY,
                 jitter: Callable[[], float] = random.random) -> None:
        self.max_attempts = max_attempts
        self.quota = RetryQuota(quota_capacity)
        self._jitter = jitter

    def needs_retry(self, attempts: int, response: Any = None,
                    caught_exception: BaseException | None = None,
                    request_dict: dict[str, Any] | None = None, **_: Any) -> float | None:
        """A delay to retry after, or None to leave the decision to botocore."""
        if caught_exception is not None:
            limit = transport_attempts(caught_exception)
            if limit is not None and attempts >= limit:
                raise caught_exception
            return None
        if not _is_throttled(response) or attempts >= self.max_attempts:
            return None
        if not self.quota.acquire(THROTTLED_RETRY_COST):
            return None
        if request_dict is not None:
            request_dict.setdefault("context", {})[_CONTEXT_KEY] = THROTTLED_RETRY_COST
        return float(self._jitter() * min(BACKOFF_BASE * 2 ** (attempts - 1), MAX_BACKOFF))

    def release(self, context: dict[str, Any] | None = None, http_response: Any = None,
                **_: Any) -> None:
        """``after-call``: a success refunds its last throttled retry (or one token)."""
        status = getattr(http_response, "status_code", None)
        if status is None or not 200 <= status < 300:
            return
        self.quota.release((context or {}).get(_CONTEXT_KEY, NO_RETRY_INCREMENT))


def _is_throttled(response: Any) -> bool:
    if not response:
        return False
    parsed = response[1] if isinstance(response, tuple) and len(response) > 1 else {}
    code = (parsed or {}).get("Error", {}).get("Code")
    return code in THROTTLING_CODES


def install(client: Any, max_attempts: int,
            quota_capacity: int = RETRY_QUOTA_CAPACITY) -> ChimeRetryPolicy:
    """Put the policy in front of botocore's own retry handler on ``client``."""
    service = client.meta.service_model.service_id.hyphenize()
    policy = ChimeRetryPolicy(max_attempts, quota_capacity)
    client.meta.events.register_first(f"needs-retry.{service}", policy.needs_retry,
                                      unique_id=f"chime-proxy-retry-{service}")
    client.meta.events.register(f"after-call.{service}", policy.release,
                                unique_id=f"chime-proxy-retry-quota-{service}")
    return policy
