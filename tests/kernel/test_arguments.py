"""Both constructor forms resolve to the same args object; mixing or mangling them is a
TypeError that says what was expected."""

from __future__ import annotations

import pulumi
import pytest
from pulumi_chime_proxy import ProxySessionArgs
from pulumi_chime_proxy.kernel.arguments import resource_args

FIELDS = {"voice_connector_id": "vc", "participant_phone_numbers": ["+12065550100", "+12065550101"],
          "capabilities": ["Voice"]}
OPTS = pulumi.ResourceOptions(protect=True)


def test_keywords_build_the_args_object_with_opts_either_way() -> None:
    for positional, keywords in [((), {**FIELDS, "opts": OPTS}), ((OPTS,), dict(FIELDS))]:
        args, opts = resource_args(ProxySessionArgs, positional, keywords)
        assert isinstance(args, ProxySessionArgs) and opts is OPTS
        assert args.to_props()["capabilities"] == ["Voice"] and args.name is None


def test_an_args_object_positionally_or_by_keyword() -> None:
    given = ProxySessionArgs(**FIELDS)
    assert resource_args(ProxySessionArgs, (given, OPTS), {}) == (given, OPTS)
    assert resource_args(ProxySessionArgs, (), {"args": given}) == (given, None)


@pytest.mark.parametrize(("positional", "keywords", "says"), [
    ((ProxySessionArgs(**FIELDS),), {"name": "x"}, "not both"),
    ((), {"voice_connector_id": "vc"}, "participant_phone_numbers"),
    (("not args",), {}, "expected"),
    ((OPTS,), {**FIELDS, "opts": OPTS}, "expected"),
    ((), {**FIELDS, "colour": "red"}, "colour"),
])
def test_mixed_or_missing_forms_are_type_errors(positional: tuple[object, ...],
                                                keywords: dict[str, object], says: str) -> None:
    with pytest.raises(TypeError, match=says):
        resource_args(ProxySessionArgs, positional, keywords)


def test_an_args_object_neither_shows_its_values_nor_equals_a_copy() -> None:
    """Args hold phone numbers and names: printing one (a log line, an error) shows none,
    and two with the same fields are two declarations, not one."""
    from pulumi_chime_proxy import VoiceConnectorProxyArgs

    session = ProxySessionArgs(**FIELDS, name="Ride 7")
    proxy = VoiceConnectorProxyArgs(voice_connector_id="vc", default_session_expiry_minutes=60,
                                    phone_number_pool_countries=["US"],
                                    fall_back_phone_number="+12065550199")
    for args, secrets in ((session, ["+12065550100", "Ride 7"]), (proxy, ["+12065550199"])):
        shown = f"{args!r} {args!s}"
        assert not any(secret in shown for secret in secrets), shown
    assert ProxySessionArgs(**FIELDS) != ProxySessionArgs(**FIELDS)
