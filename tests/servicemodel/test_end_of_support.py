"""The end-of-support notice comes from the loaded model, and is shown where users look
(the warning for AWS endpoints, the README's first screen, the package description,
``chime-proxy --help``)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from pulumi_chime_proxy import cli
from pulumi_chime_proxy.aws import clients
from pulumi_chime_proxy.aws.settings import ClientSettings
from pulumi_chime_proxy.servicemodel import end_of_support, spec

from tests.servicemodel.models import forget_loaded_model, model_without_deprecation

ROOT = Path(__file__).resolve().parents[2]
AWS = ClientSettings(region="us-east-1")
ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CHIME_SDK_VOICE")


@pytest.fixture(autouse=True)
def _no_endpoint_in_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for variable in ENDPOINT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    forget_loaded_model()


def headline(notice: end_of_support.EndOfSupport) -> str:
    """The notice without its per-operation reference link."""
    return notice.message.split(" For more information")[0]


def test_the_notice_is_the_models_own_words() -> None:
    operations = spec.service_data()["operations"]
    notice = end_of_support.notice()
    assert notice is not None
    marked = [name for name in end_of_support.PROXY_OPERATIONS if operations[name].get("deprecated")]
    assert notice.operations == tuple(marked)
    assert notice.message == operations[marked[0]]["deprecatedMessage"]
    # botocore's model marks every proxy operation this package calls (at both ends of
    # the dependency range); a release that drops one shows up here.
    assert notice.operations == end_of_support.PROXY_OPERATIONS


def test_an_aws_endpoint_gets_one_line_naming_the_notice() -> None:
    notice = end_of_support.notice()
    assert notice is not None
    warning = clients.end_of_support_warning(AWS)
    assert warning is not None and "\n" not in warning
    assert ".us-east-1.amazonaws.com" in warning
    assert notice.message in warning and end_of_support.DOCS in warning


@pytest.mark.parametrize("variable", ENDPOINT_VARIABLES)
def test_the_emulator_and_custom_endpoints_get_no_warning(
    variable: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert clients.end_of_support_warning(
        ClientSettings(region="us-east-1", endpoint_url="http://127.0.0.1:4599")) is None
    monkeypatch.setenv(variable, "http://127.0.0.1:4599")
    assert clients.end_of_support_warning(AWS) is None


def test_a_model_without_the_trait_gives_no_notice_and_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert clients.end_of_support_warning(AWS) is not None
    with model_without_deprecation(tmp_path / "models", monkeypatch):
        assert end_of_support.notice() is None
        assert clients.end_of_support_warning(AWS) is None
    assert clients.end_of_support_warning(AWS) is not None


def test_the_readme_first_screen_and_the_package_description_state_it() -> None:
    notice = end_of_support.notice()
    assert notice is not None
    lines = (ROOT / "README.md").read_text().splitlines()[:25]
    first_screen = " ".join(line.removeprefix(">") for line in lines)
    assert headline(notice) in " ".join(first_screen.split())
    description = metadata.metadata("pulumi-chime-proxy")["Summary"]
    assert "ended support" in description and "2026-04-07" in description
    assert (ROOT / end_of_support.DOCS).is_file()


def test_help_quotes_the_loaded_model(capsys: pytest.CaptureFixture[str]) -> None:
    notice = end_of_support.notice()
    assert notice is not None
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert headline(notice) in " ".join(capsys.readouterr().out.split())


NOTICE = end_of_support.deprecation("DeleteProxySession")
#: The notice's first sentence, without the reference that follows it.
FIRST = str(NOTICE).split(" For more")[0]


@pytest.mark.parametrize("message", [
    NOTICE,
    f"Forbidden: {NOTICE}",
    " ".join(str(NOTICE).upper().split(" ")),
    str(NOTICE).replace(" ", "\n  "),
    FIRST,  # the notice without its reference
])
def test_a_message_quoting_the_notice_carries_it(message: str) -> None:
    assert end_of_support.carries_notice("DeleteProxySession", str(message))


@pytest.mark.parametrize("message", [
    "",
    "Injected fault: ForbiddenException",
    "User is not authorized to perform chime:DeleteProxySession",
    "End of support notice",  # a fragment of the notice
    "AWS ended support for Amazon Chime SDK proxy sessions",  # its words, not its sentence
    FIRST[: len(FIRST) // 2],  # its first half
])
def test_any_other_message_does_not(message: str) -> None:
    assert not end_of_support.carries_notice("DeleteProxySession", message)


def test_an_operation_the_model_does_not_retire_has_no_notice_to_carry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not end_of_support.carries_notice("GetVoiceConnector", str(NOTICE))
    with model_without_deprecation(tmp_path / "models", monkeypatch):
        assert not end_of_support.carries_notice("DeleteProxySession", str(NOTICE))
