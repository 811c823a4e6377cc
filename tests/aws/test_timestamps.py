"""The fast timestamp parser gives what botocore's own parser gives, as aware datetimes."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.utils import parse_timestamp as botocore_parse
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_chime_proxy.aws.timestamps import parse_timestamp

instants = st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(9998, 12, 31),
                        timezones=st.just(dt.timezone.utc))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))


def aws_form(value: dt.datetime) -> str:
    """``2026-11-23T10:00:00.123Z``, as AWS and the emulator write iso8601 members."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


@given(instants)
@settings(max_examples=300, deadline=None)
def test_the_aws_form_parses_like_botocore(value: dt.datetime) -> None:
    text = aws_form(value)
    parsed = parse_timestamp(text)
    assert parsed == botocore_parse(text) and parsed.utcoffset() == dt.timedelta(0)


@given(instants, offsets, st.sampled_from(["seconds", "milliseconds", "microseconds"]))
@settings(max_examples=300, deadline=None)
def test_other_iso_forms_and_offsets_parse_like_botocore(value: dt.datetime, zone: dt.timezone,
                                                         timespec: str) -> None:
    text = value.astimezone(zone).isoformat(timespec=timespec)
    assert parse_timestamp(text) == botocore_parse(text)
    assert parse_timestamp(text).tzinfo is not None


@pytest.mark.parametrize("value", [1700000000, 1700000000.5, "1700000000",
                                   "Tue, 14 Nov 2023 22:13:20 GMT", "2023-11-14T22:13:20.123456789Z"])
def test_other_forms_fall_back_to_botocore(value: object) -> None:
    assert parse_timestamp(value) == botocore_parse(value)


def test_a_zone_less_text_is_utc() -> None:
    assert parse_timestamp("2026-11-23T10:00:00") == dt.datetime(2026, 11, 23, 10, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("value", ["", "not a time", "2026-13-45T99:00:00Z"])
def test_garbage_is_still_an_error(value: str) -> None:
    with pytest.raises(ValueError):
        parse_timestamp(value)
