"""No error message echoes the value of a member the model marks ``sensitive``.

Walks the model: every operation whose input holds a sensitive member is called
through boto3 against the running server with generated secrets in every such
member (phone-number-like and name-like, valid and not), and each error answer
is searched for them. Then the gateway's net: whatever a handler says, the
request's sensitive values are masked.
"""

from __future__ import annotations

import json
import string
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.emulator import gateway, handlers, redaction
from pulumi_chime_proxy.emulator.errors import BadRequestException
from pulumi_chime_proxy.emulator.testing import RunningEmulator
from pulumi_chime_proxy.servicemodel.constraints import is_sensitive

from .wire import sample, to_http

MODEL = botocore.session.get_session().get_service_model("chime-sdk-voice")


def _holds_sensitive(shape: Shape, seen: frozenset[str] = frozenset()) -> bool:
    if shape.name in seen:
        return False
    if is_sensitive(shape):
        return True
    seen = seen | {shape.name}
    kind = shape.type_name
    if kind == "structure":
        return any(_holds_sensitive(m, seen) for m in shape.members.values())  # type: ignore[attr-defined]
    if kind == "list":
        return _holds_sensitive(shape.member, seen)  # type: ignore[attr-defined]
    if kind == "map":
        return _holds_sensitive(shape.key, seen) or _holds_sensitive(shape.value, seen)  # type: ignore[attr-defined]
    return False


OPERATIONS = sorted(
    name
    for name in MODEL.operation_names
    if MODEL.operation_model(name).input_shape is not None
    and _holds_sensitive(MODEL.operation_model(name).input_shape)
)


def with_secret(shape: Shape, value: Any, secret: str) -> Any:
    """``value`` (a sample of ``shape``) with every sensitive string replaced by ``secret``."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {k: with_secret(members[k], v, secret) for k, v in value.items()}
    if kind == "list":
        return [with_secret(shape.member, item, secret) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        key_shape, value_shape = shape.key, shape.value  # type: ignore[attr-defined]
        return {
            (secret if is_sensitive(key_shape) else k): with_secret(value_shape, v, secret)
            for k, v in value.items()
        }
    if kind == "string" and is_sensitive(shape):
        return secret
    return value


def snake(name: str) -> str:
    return botocore.xform_name(name)


SECRETS = st.one_of(
    st.from_regex(r"\A\+?[1-9][0-9]{6,14}\Z"),  # valid E.164
    st.from_regex(r"\A\+?[0-9]{3,14}[a-z;]{1,3}\Z"),  # almost a phone number
    # names, marked "Qz" so that no English word in a message matches by chance
    st.text(alphabet=string.ascii_letters + string.digits + " ", min_size=4, max_size=28).map("Qz".__add__),
    st.text(alphabet=string.ascii_letters + "!';,-", min_size=4, max_size=40).map("Qz".__add__),
).filter(lambda s: s.strip() == s and len(s.lstrip("+")) >= 6)


def test_the_model_has_sensitive_inputs_to_test() -> None:
    assert {"CreateProxySession", "PutVoiceConnectorProxy", "GetPhoneNumber"} <= set(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=SECRETS, all_members=st.booleans())
def test_error_answers_never_echo_sensitive_values(
    client: Any, voice_connector_id: str, operation: str, secret: str, all_members: bool
) -> None:
    model = MODEL.operation_model(operation)
    params = with_secret(model.input_shape, sample(model.input_shape, not all_members), secret)
    if "VoiceConnectorId" in params:
        params["VoiceConnectorId"] = voice_connector_id
    try:
        getattr(client, snake(operation))(**params)
    except ParamValidationError:
        return  # botocore refused it before sending (e.g. shorter than the member's min)
    except ClientError as exc:
        answer = json.dumps(exc.response["Error"])
        assert exc.response["ResponseMetadata"]["HTTPStatusCode"] < 500, answer
        for form in (secret, secret.lstrip("+")):
            assert form not in answer, f"{operation} echoed a sensitive value: {answer}"


def test_invalid_participants_and_name_are_reported_without_their_values(
    client: Any, voice_connector_id: str
) -> None:
    with pytest.raises(client.exceptions.BadRequestException) as exc:
        client.create_proxy_session(
            VoiceConnectorId=voice_connector_id,
            ParticipantPhoneNumbers=["+1415555012x", "+14155550127"],
            Capabilities=["Voice"],
            Name="Alice Secret Ride!!",
        )
    message = exc.value.response["Error"]["Message"]
    assert "ParticipantPhoneNumbers[0]: value does not match pattern" in message
    assert "Name: value does not match pattern" in message
    for secret in ("1415555012x", "4155550127", "Alice", "Secret Ride"):
        assert secret not in message


def test_a_handler_message_quoting_a_sensitive_value_is_masked(
    monkeypatch: pytest.MonkeyPatch, emulator: RunningEmulator
) -> None:
    """The net under the rule: a behaviour message that quotes the request is masked."""

    def leaky(backend: Any, params: dict[str, Any]) -> Any:
        numbers = params["ParticipantPhoneNumbers"]
        raise BadRequestException(f"{numbers[0]} and {numbers[1].lstrip('+')} clash for {params['Name']}")

    monkeypatch.setitem(handlers.HANDLERS, "CreateProxySession", leaky)
    operation = MODEL.operation_model("CreateProxySession")
    request = to_http(
        operation,
        {
            "VoiceConnectorId": "abcdefghijklmnopqrstu1",
            "ParticipantPhoneNumbers": ["+14155550127", "+14155550128"],
            "Capabilities": ["Voice"],
            "Name": "Alice Ride",
        },
    )
    request.headers["authorization"] = (
        "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/chime/aws4_request, "
        "SignedHeaders=host, Signature=00"
    )
    response = gateway.Gateway(emulator.store).handle(request)
    body = json.loads(response.body)
    assert response.status == 400
    assert body["Message"] == "****** and ****** clash for ******"


def test_redact_masks_longest_forms_first_and_leaves_short_values() -> None:
    assert redaction.redact("+1415 and 1415 and 14155", {"+1415", "14155"}) == "****** and ****** and ******"
    assert redaction.redact("a 1 b", {"1", "a"}) == "a 1 b"
