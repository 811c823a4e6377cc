"""The Pulumi package schema comes from the specs: the shipped schema.json is current,
the pinned CLI's own meta-schema accepts it, and it says what the specs say."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from chime_proxy_dev import generate, provision
from pulumi_chime_proxy import package_schema

from tests.support import sensitive_members

SCHEMA = package_schema.schema()


def test_schema_json_and_the_docs_reference_tables_are_generated_from_the_specs() -> None:
    assert generate.stale() == [], "run .venv/bin/python -m chime_proxy_dev generate"
    assert json.loads(generate.SCHEMA_FILE.read_text()) == SCHEMA


def cli_meta_schema() -> dict[str, Any]:
    """pulumi.json, the package meta-schema of the pinned CLI's codegen (pkg/v3)."""
    go = shutil.which("go")
    if go is None:
        pytest.skip("go is not on PATH: the CLI's module (and its meta-schema) cannot be found")
    module = f"{provision.PKG_MODULE}@v{provision.CLI_VERSION}"
    done = subprocess.run([go, "mod", "download", "-json", module], capture_output=True,
                          text=True, timeout=300, check=True)
    path = Path(json.loads(done.stdout)["Dir"]) / "codegen" / "schema" / "pulumi.json"
    # Its patterns are ECMA-262: a named group "(?<name>" is Python's "(?P<name>".
    text = re.sub(r"\(\?<(?=[A-Za-z])", "(?P<", path.read_text())
    meta: dict[str, Any] = json.loads(text)
    return meta


def test_the_pinned_cli_meta_schema_accepts_it() -> None:
    import jsonschema

    meta = cli_meta_schema()
    validator = jsonschema.validators.validator_for(meta)(meta)
    validator.check_schema(meta)
    validator.validate(SCHEMA)
    broken = json.loads(json.dumps(SCHEMA))
    broken["resources"]["chime-proxy:index:ProxySession"]["inputProperties"]["capabilities"]["type"] = 7
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_tokens_and_names_are_the_interface_users_rely_on() -> None:
    assert set(SCHEMA["resources"]) == {"chime-proxy:index:ProxySession",
                                        "chime-proxy:index:VoiceConnectorProxy"}
    assert set(SCHEMA["functions"]) == {"chime-proxy:index:getProxySession"}
    session = SCHEMA["resources"]["chime-proxy:index:ProxySession"]
    proxy = SCHEMA["resources"]["chime-proxy:index:VoiceConnectorProxy"]
    assert {"voiceConnectorId", "participantPhoneNumbers", "capabilities", "expiryMinutes", "name",
            "numberSelectionBehavior", "geoMatchLevel", "geoMatchParams", "keepClosed"
            } <= set(session["inputProperties"])
    assert {"defaultSessionExpiryMinutes", "phoneNumberPoolCountries", "fallBackPhoneNumber",
            "disabled"} <= set(proxy["inputProperties"])
    assert {"proxySessionId", "status", "participants", "createdTimestamp"} <= set(session["properties"])
    participant = SCHEMA["types"]["chime-proxy:index:Participant"]["properties"]
    assert set(participant) == {"phoneNumber", "proxyPhoneNumber"}


#: token: (the request that creates the object, the one that changes it in place).
MODEL_OPERATIONS = {"chime-proxy:index:ProxySession": ("CreateProxySession", "UpdateProxySession"),
                    "chime-proxy:index:VoiceConnectorProxy": ("PutVoiceConnectorProxy",
                                                              "PutVoiceConnectorProxy")}
#: The inputs the model has no member for (each kind's own settings), and whether a change
#: to one replaces, as the README's reference documents them.
OWN_SETTINGS = {"chime-proxy:index:ProxySession": {"adoptProxySessionId": True, "keepClosed": False},
                "chime-proxy:index:VoiceConnectorProxy": {"adoptExisting": False}}
#: Members that name the object rather than set it: a change is another object.
IDS = {"voiceConnectorId", "proxySessionId"}


def camel(member: str) -> str:
    return member[:1].lower() + member[1:]


@pytest.mark.parametrize("token", list(MODEL_OPERATIONS))
def test_inputs_secrets_and_replace_rules_follow_the_models_operations(token: str) -> None:
    """Read against botocore's model itself, not the specs the schema is made from: every
    member of the create request is an input under its camelCase name, required as the
    model requires it, secret exactly where the model marks it sensitive, and replaced on
    change unless the in-place request takes it."""
    create, update = MODEL_OPERATIONS[token]
    model = botocore.session.get_session().get_service_model("chime-sdk-voice")
    create_shape = model.operation_model(create).input_shape
    in_place = {camel(m) for m in model.operation_model(update).input_shape.members} - IDS
    resource = SCHEMA["resources"][token]
    inputs = resource["inputProperties"]
    members = {camel(m) for m in create_shape.members}
    assert set(inputs) == members | set(OWN_SETTINGS[token])
    assert {camel(m) for m in create_shape.required_members} <= set(resource["requiredInputs"])
    assert {k for k, v in inputs.items() if v.get("secret")} == {
        camel(m) for m in sensitive_members(create)}
    replaced = {k for k, v in inputs.items() if v.get("replaceOnChanges")}
    assert replaced == (members - in_place) | {k for k, r in OWN_SETTINGS[token].items() if r}


def test_the_models_sensitive_members_are_the_schemas_secrets() -> None:
    """Phone numbers and the name are secret because botocore's model marks them."""
    session = SCHEMA["resources"]["chime-proxy:index:ProxySession"]["properties"]
    proxy = SCHEMA["resources"]["chime-proxy:index:VoiceConnectorProxy"]["properties"]
    assert {k for k, v in session.items() if v.get("secret")} == {
        "participantPhoneNumbers", "name", "participants", "acceptedParticipants"}
    assert {k for k, v in proxy.items() if v.get("secret")} == {"fallBackPhoneNumber"}
