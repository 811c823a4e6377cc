"""Request authentication: SigV4 presence by default, full verification in strict mode.

Strict mode recomputes the signature with botocore's own ``SigV4Auth`` over a
reconstructed ``AWSRequest`` holding exactly the headers the client signed, so
the emulator and the client share one implementation of canonicalization.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from .errors import ForbiddenException, UnauthorizedClientException
from .http_types import HttpRequest

ALGORITHM = "AWS4-HMAC-SHA256"
_AUTH_HEADER = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+)\s*,\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+)\s*,\s*Signature=(?P<signature>[0-9a-fA-F]+)\s*$"
)


@dataclass(frozen=True)
class AuthConfig:
    """``strict``: verify signatures against ``access_keys`` (access key id -> secret)."""

    strict: bool = False
    access_keys: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SignatureParts:
    access_key: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> SignatureParts:
    """Split an ``Authorization: AWS4-HMAC-SHA256 ...`` header; 401 if malformed."""
    found = _AUTH_HEADER.match(value.strip())
    if found is None:
        raise UnauthorizedClientException("Malformed AWS4-HMAC-SHA256 Authorization header")
    scope = found.group("credential").split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise UnauthorizedClientException("Malformed credential scope in Authorization header")
    return SignatureParts(
        access_key=scope[0],
        date=scope[1],
        region=scope[2],
        service=scope[3],
        signed_headers=tuple(found.group("signed").lower().split(";")),
        signature=found.group("signature").lower(),
    )


def authenticate(request: HttpRequest, config: AuthConfig) -> str:
    """Return the caller's access key id, or raise 401/403 as AWS would."""
    header = request.headers.get("authorization")
    if header is None:
        if "X-Amz-Signature=" in request.raw_query and not config.strict:
            return _query_access_key(request)
        raise UnauthorizedClientException(
            "Missing Authentication Token: the request must be signed with AWS Signature Version 4"
        )
    if not header.startswith(ALGORITHM):
        raise UnauthorizedClientException(f"Unsupported authorization scheme; use {ALGORITHM}")
    parts = parse_authorization(header)
    if not config.strict:
        return parts.access_key
    secret = config.access_keys.get(parts.access_key)
    if secret is None:
        raise ForbiddenException(f"Access key {parts.access_key} is not allowed")
    expected = expected_signature(request, parts, secret)
    if not hmac.compare_digest(expected, parts.signature):
        raise UnauthorizedClientException(
            "The request signature we calculated does not match the signature you provided"
        )
    return parts.access_key


def expected_signature(request: HttpRequest, parts: SignatureParts, secret: str) -> str:
    """Recompute the SigV4 signature of ``request`` with botocore's signer."""
    amz_date = request.headers.get("x-amz-date")
    if amz_date is None or not amz_date.startswith(parts.date):
        raise UnauthorizedClientException("Missing or inconsistent X-Amz-Date header")
    missing = [h for h in parts.signed_headers if h not in request.headers]
    if missing:
        raise UnauthorizedClientException(f"Signed header(s) missing: {', '.join(missing)}")
    declared = request.headers.get("x-amz-content-sha256")
    if declared and declared != "UNSIGNED-PAYLOAD" and declared != hashlib.sha256(request.body).hexdigest():
        raise UnauthorizedClientException("X-Amz-Content-SHA256 does not match the body")
    host = request.headers.get("host", "localhost")
    aws_request = AWSRequest(
        method=request.method,
        url=f"http://{host}{request.target}",
        headers={name: request.headers[name] for name in parts.signed_headers},
        data=request.body,
    )
    aws_request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(parts.access_key, secret), parts.service, parts.region)
    canonical = signer.canonical_request(aws_request)
    return str(signer.signature(signer.string_to_sign(aws_request, canonical), aws_request))


def _query_access_key(request: HttpRequest) -> str:
    credential = (request.query.get("X-Amz-Credential") or [""])[0]
    return credential.split("/")[0]
