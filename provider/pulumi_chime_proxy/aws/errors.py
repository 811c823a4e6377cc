"""Classify AWS failures and word them for the person reading ``pulumi up`` output."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

#: Failures of the connection itself (refused, reset, timed out), not answers from AWS.
#: Read and connect timeouts are subclasses of these.
TRANSPORT_ERRORS = (BotoConnectionError, HTTPClientError)

#: What each modeled error means for the user, and what to do about it.
ADVICE = {
    "BadRequestException": "the request was rejected as invalid",
    "UnauthorizedClientException": "the credentials were not accepted; check the AWS profile "
    "or keys the provider runs with",
    "ForbiddenException": "the credentials lack permission (chime:*ProxySession*) or the "
    "account cannot use Amazon Chime SDK Voice in this region",
    "NotFoundException": "the voice connector or proxy session does not exist",
    "ThrottledClientException": "AWS throttled the calls and retries were exhausted; "
    "lower --parallel or raise chime-proxy:maxAttempts",
    "ServiceFailureException": "AWS failed internally and retries were exhausted; try again",
    "ServiceUnavailableException": "the service was unavailable and retries were exhausted; "
    "try again",
}


def error_code(exc: BaseException) -> str | None:
    """The modeled error code of a botocore ClientError, else None."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "") or None
    return None


def is_not_found(exc: BaseException) -> bool:
    return error_code(exc) == "NotFoundException"


def is_transport(exc: BaseException) -> bool:
    """True if the call never got an answer (the request may or may not have arrived)."""
    return isinstance(exc, TRANSPORT_ERRORS)


class ChimeProxyError(Exception):
    """An AWS call failed; the message names the operation, the session and the cause."""

    def __init__(self, operation: str, subject: str, exc: BaseException) -> None:
        code = error_code(exc)
        if code:
            message = exc.response.get("Error", {}).get("Message", "")  # type: ignore[attr-defined]
            detail = f"{code}: {message}".rstrip(": ")
            advice = ADVICE.get(code, "")
        elif isinstance(exc, NoCredentialsError):
            detail = "no AWS credentials found"
            advice = ("set aws:profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; "
                      "the local emulator accepts any keys")
        elif isinstance(exc, BotoCoreError):
            detail = f"{type(exc).__name__}: {exc}"
            advice = "the endpoint could not be reached or did not answer in time"
        else:
            detail = f"{type(exc).__name__}: {exc}"
            advice = ""
        text = f"{operation} failed for {subject}: {detail}"
        if advice:
            text += f" ({advice})"
        super().__init__(text)
        self.operation = operation
        self.code = code

