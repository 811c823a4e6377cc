"""botocore's standard retry mode, taught that ``ThrottledClientException`` is throttling.

The chime-sdk-voice model declares its 429 error without the ``retryable`` trait, and
standard mode skips modeled errors in its 429 check, so out of the box boto3 does not
retry a throttled Chime SDK Voice call. We keep botocore's retry loop, backoff and
retry quota (with a larger capacity, see below), and only widen the condition with
botocore's own checker classes.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.exceptions import HTTPClientError
from botocore.retries import quota, standard

THROTTLING_CODES = ["ThrottledClientException"]
_TRANSPORT_ERRORS = (BotoConnectionError, HTTPClientError)
#: botocore's client-wide retry quota is 500 tokens, 5 per throttled retry, and a
#: success refunds only its last retry's cost: a 50% throttling burst over a
#: 200-session refresh drains about 400 tokens, so the default quota would turn
#: a recoverable storm into failures. Ten times the default still stops retrying
#: when a service is really down for a long stretch.
RETRY_QUOTA_CAPACITY = 5000


#: An endpoint that refuses or drops connections gets fewer attempts than a throttled
#: one: a wrong endpoint or a stopped emulator should fail in seconds, while a brief
#: restart (a second or two) is still ridden out.
TRANSPORT_ATTEMPTS = 4


class _Conditions(standard.BaseRetryableChecker):
    """Standard conditions, or (attempts left and) a Chime throttling error;
    transport failures capped at ``TRANSPORT_ATTEMPTS``."""

    def __init__(self, max_attempts: int) -> None:
        self._standard = standard.StandardRetryConditions(max_attempts=max_attempts)
        self._attempts = standard.MaxAttemptsChecker(max_attempts)
        self._throttled = standard.ThrottledRetryableChecker(THROTTLING_CODES)

    def is_retryable(self, context: Any) -> bool:
        transport = isinstance(context.caught_exception, _TRANSPORT_ERRORS)
        if transport and context.attempt_number >= TRANSPORT_ATTEMPTS:
            return False
        if self._standard.is_retryable(context):
            return True
        return bool(self._attempts.is_retryable(context) and self._throttled.is_retryable(context))


def install(client: Any, max_attempts: int) -> None:
    """Replace the client's standard retry handler with the widened one."""
    service = client.meta.service_model.service_id.hyphenize()
    events = client.meta.events
    events.unregister(f"needs-retry.{service}", unique_id=f"retry-config-{service}")
    adapter = standard.RetryEventAdapter()
    detector = standard.ThrottlingErrorDetector(adapter)
    detector._fixed_error_code_detector = standard.ThrottledRetryableChecker(
        standard.ThrottledRetryableChecker._THROTTLED_ERROR_CODES + THROTTLING_CODES
    )
    retry_quota = standard.RetryQuotaChecker(quota.RetryQuota(RETRY_QUOTA_CAPACITY), detector)
    handler = standard.RetryHandler(
        retry_policy=standard.RetryPolicy(
            retry_checker=_Conditions(max_attempts),
            retry_backoff=standard.ExponentialBackoff(
                service_name=service, throttling_detector=detector
            ),
        ),
        retry_event_adapter=adapter,
        retry_quota=retry_quota,
        service_name=service,
    )
    events.register(f"after-call.{service}", retry_quota.release_retry_quota)
    events.register(
        f"needs-retry.{service}", handler.needs_retry, unique_id=f"retry-config-{service}"
    )
