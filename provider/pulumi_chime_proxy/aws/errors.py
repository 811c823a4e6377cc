"""Classify AWS failures and word them for the person reading ``pulumi up`` output."""

from __future__ import annotations

import re

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from ..masking import STARS
from ..servicemodel import end_of_support
from .settings import END_OF_SUPPORT, FORGET, ClientSettings

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


#: The answers a retired operation may give. AWS does not document them; these are the
#: two the emulator rehearses (``serve --end-of-support``).
RETIREMENT_CODES = ("BadRequestException", "ForbiddenException")
END_OF_SUPPORT_ADVICE = (
    "most likely AWS's end of support: the model marks {operation} deprecated; to drop the "
    f"stack's proxy resources from its state, set {END_OF_SUPPORT} to {FORGET}, then destroy "
    f"or refresh: {end_of_support.DOCS}"
)


def is_retirement(operation: str, exc: BaseException) -> bool:
    """A refusal (400 or 403) of an operation the loaded model marks deprecated whose
    message quotes the model's end-of-support notice: never a throttle, a 5xx, a
    credential or transport failure, nor a 400 or 403 that says something else (a bad
    request or a missing permission keeps the resource)."""
    if error_code(exc) not in RETIREMENT_CODES:
        return False
    message = str(exc.response.get("Error", {}).get("Message") or "")  # type: ignore[attr-defined]
    return end_of_support.carries_notice(operation, message)


def is_transport(exc: BaseException) -> bool:
    """True if the call never got an answer (the request may or may not have arrived)."""
    return isinstance(exc, TRANSPORT_ERRORS)


#: What a transport failure means, and the setting to look at.
TRANSPORT_ADVICE = (
    (ReadTimeoutError, "the endpoint accepted the connection but sent no answer within "
     "chime-proxy:readTimeout (15 s by default); check that chime-proxy:endpoint points at a live "
     "Chime SDK Voice endpoint"),
    (ConnectTimeoutError, "no connection to the endpoint within chime-proxy:connectTimeout "
     "(5 s by default); check chime-proxy:endpoint, chime-proxy:region and the network"),
    (BotoConnectionError, "the endpoint could not be reached; check chime-proxy:endpoint and "
     "chime-proxy:region, or start the emulator"),
)

# A phone number in any common notation (7 to 15 digits, optional +, spaces or dashes).
_PHONE = re.compile(r"(?<![\w+])\+?\d(?:[ -]?\d){6,14}(?!\w)")
# Quoted text and botocore's "value: ..." echo of a request parameter.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_TYPE_NAME = re.compile(r"<class '([\w.]+)'>")
_ECHOED_VALUE = re.compile(r"(value: ).*?(, type:|, valid |$)", re.MULTILINE)
REDACTED = STARS


def redact(text: str, quoted: bool = True) -> str:
    """``text`` without phone numbers, echoed parameter values and (if ``quoted``) quoted
    text: AWS and botocore messages may echo a request's numbers and session names."""
    text = _ECHOED_VALUE.sub(rf"\g<1>{REDACTED}\g<2>", text)
    if quoted:
        text = _QUOTED.sub(REDACTED, _TYPE_NAME.sub(r"\1", text))
    return _PHONE.sub(REDACTED, text)


class ChimeProxyError(Exception):
    """An AWS call failed; the message names the operation, the session and the cause,
    never a phone number or a session name (messages from AWS are redacted)."""

    def __init__(self, operation: str, subject: str, exc: BaseException) -> None:
        code = error_code(exc)
        if code:
            message = exc.response.get("Error", {}).get("Message", "")  # type: ignore[attr-defined]
            detail = f"{code}: {redact(str(message))}".rstrip(": ")
            advice = ADVICE.get(code, "")
            if is_retirement(operation, exc):
                advice = END_OF_SUPPORT_ADVICE.format(operation=operation)
        elif isinstance(exc, NoCredentialsError):
            detail = "no AWS credentials found"
            advice = ("set chime-proxy:profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; "
                      "the local emulator accepts any keys")
        elif isinstance(exc, ParamValidationError):
            detail = f"{type(exc).__name__}: {redact(str(exc))}"
            advice = "the request did not match the service model"
        elif isinstance(exc, BotoCoreError):
            detail = f"{type(exc).__name__}: {redact(str(exc), quoted=False)}"
            advice = next((text for kind, text in TRANSPORT_ADVICE if isinstance(exc, kind)),
                          "the endpoint could not be reached or did not answer")
        else:
            detail = f"{type(exc).__name__}: {redact(str(exc), quoted=False)}"
            advice = ""
        text = f"{operation} failed for {subject}: {detail}"
        if advice:
            text += f" ({advice})"
        super().__init__(text)
        self.operation = operation
        self.code = code
        self.subject = subject
        #: A refusal that is most likely AWS's end of support (:func:`is_retirement`).
        self.retired = is_retirement(operation, exc)


def forgets(settings: ClientSettings, error: BaseException) -> bool:
    """Whether refresh and destroy take the resource out of state instead of failing:
    only a refusal of a retired operation, and only when the stack says ``forget``."""
    return settings.end_of_support == FORGET and isinstance(error, ChimeProxyError) and error.retired


class NotOwnedRetiredError(Exception):
    """An import or ``.get()`` whose read AWS refuses as retired: ``forget`` drops only
    what the stack owns, so the way out is to stop reading it."""

    def __init__(self, kind: str, resource_id: str) -> None:
        super().__init__(
            f"{kind} {resource_id}: AWS refuses its read as retired (most likely its end of "
            f"support), so an import or .get() cannot read it, and {END_OF_SUPPORT} {FORGET} "
            "drops only what the stack owns: remove the import or .get() from the program, then "
            f"destroy or refresh with --run-program ({end_of_support.DOCS})")


class KeptInStateError(Exception):
    """A 400 or 403 that ``forget`` does not apply to: the resource stays in state, and
    the message says why."""

    def __init__(self, error: ChimeProxyError) -> None:
        super().__init__(f"{error}; {END_OF_SUPPORT} is {FORGET}, but this answer does not quote "
                         f"AWS's end-of-support notice, so the resource stays in the stack's state")


def kept_in_state(settings: ClientSettings, error: BaseException) -> KeptInStateError | None:
    """The error to raise instead of ``error`` when the stack says ``forget`` and AWS
    refused with a 400 or 403 that is not the end of support; None otherwise."""
    if (settings.end_of_support == FORGET and isinstance(error, ChimeProxyError)
            and not error.retired and error.code in RETIREMENT_CODES):
        return KeptInStateError(error)
    return None


def forgotten_warning(error: ChimeProxyError) -> str:
    """The warning for a resource :func:`forgets` took out of state (no AWS message: it
    may quote what the request carried)."""
    return (f"chime-proxy: {error.subject} left the stack's state without being deleted: "
            f"AWS refused {error.operation} ({error.code}), most likely its end of support, "
            f"and {END_OF_SUPPORT} is {FORGET}; it may still exist on AWS "
            f"(see {end_of_support.DOCS})")
