"""The Pulumi package schema comes from the specs: the shipped schema.json is current,
the pinned CLI's own meta-schema accepts it, and it says what the specs say."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from chime_proxy_dev import generate, provision
from pulumi_chime_proxy import package_schema
from pulumi_chime_proxy.kernel.spec import ResourceSpec
from pulumi_chime_proxy.native.kinds import KINDS

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


def each_spec() -> list[ResourceSpec]:
    return list(package_schema.SPECS)


@pytest.mark.parametrize("spec", each_spec(), ids=lambda s: s.kind)
def test_every_input_secret_and_replace_rule_follows_the_spec(spec: ResourceSpec) -> None:
    resource = SCHEMA["resources"][spec.schema_token]
    inputs = resource["inputProperties"]
    assert [spec[n].schema_name for n in spec.inputs] == list(inputs)
    assert sorted(spec[n].schema_name for n in spec.required) == resource["requiredInputs"]
    for name in spec.inputs:
        entry = inputs[spec[name].schema_name]
        assert entry.get("secret", False) == (name in spec.masks), name
        assert entry.get("replaceOnChanges", False) == (spec[name].change == "replace"), name
    secret_outputs = {k for k, v in resource["properties"].items() if v.get("secret")}
    extra = KINDS[spec.schema_token].extra.values()
    assert secret_outputs == {spec[n].schema_name for n in spec.secret_outputs} | {
        p.schema_name for p in extra if p.mask}


def test_the_models_sensitive_members_are_the_schemas_secrets() -> None:
    """Phone numbers and the name are secret because botocore's model marks them."""
    session = SCHEMA["resources"]["chime-proxy:index:ProxySession"]["properties"]
    proxy = SCHEMA["resources"]["chime-proxy:index:VoiceConnectorProxy"]["properties"]
    assert {k for k, v in session.items() if v.get("secret")} == {
        "participantPhoneNumbers", "name", "participants", "acceptedParticipants"}
    assert {k for k, v in proxy.items() if v.get("secret")} == {"fallBackPhoneNumber"}
