"""Tests for twilio_sdk._hosts: rewrite_host must match the official get_hostname exactly."""

from __future__ import annotations

import itertools

import pytest
from twilio.base.client_base import ClientBase  # type: ignore[import-untyped]

from twilio_sdk._hosts import rewrite_host

HOSTS = [
    "https://api.twilio.com",
    "https://api.twilio.com/",
    "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json",
    "https://conversations.twilio.com/v1/Services?PageSize=5",
    "https://flex-api.twilio.com",
    "https://api.us1.twilio.com",
    "https://api.ie1.twilio.com/2010-04-01",
    "https://api.dublin.ie1.twilio.com",
    "https://api.sydney.au1.twilio.com/2010-04-01/Accounts.json",
    "https://api.twilio.com:8443/path",
    "https://media.twiliocdn.com/x",
    "http://localhost:8080/v1",
    "https://a.b.c.d.e.f.twilio.com",
]
REGIONS = [None, "", "us1", "ie1", "au1", "jp1"]
EDGES = [None, "", "ashburn", "dublin", "sydney", "umatilla"]


@pytest.fixture(scope="module")
def official() -> ClientBase:
    # A non-empty environment so the official constructor does not read os.environ.
    return ClientBase("AC123", "token", environment={"UNRELATED": "1"})


def test_matches_official_get_hostname(official: ClientBase) -> None:
    checked = 0
    for url, region, edge in itertools.product(HOSTS, REGIONS, EDGES):
        official.region = region
        official.edge = edge
        assert rewrite_host(url, region, edge) == official.get_hostname(url), (url, region, edge)
        checked += 1
    assert checked == len(HOSTS) * len(REGIONS) * len(EDGES)


@pytest.mark.parametrize(
    ("url", "region", "edge", "expected"),
    [
        ("https://api.twilio.com", "au1", "sydney", "https://api.sydney.au1.twilio.com"),
        ("https://api.twilio.com", "ie1", None, "https://api.ie1.twilio.com"),
        ("https://api.twilio.com", None, "dublin", "https://api.dublin.us1.twilio.com"),
        ("https://api.ie1.twilio.com", None, "dublin", "https://api.dublin.ie1.twilio.com"),
        ("https://api.dublin.ie1.twilio.com", "au1", None, "https://api.dublin.au1.twilio.com"),
        ("https://api.dublin.ie1.twilio.com", None, "sydney", "https://api.sydney.ie1.twilio.com"),
        (
            "https://api.twilio.com/2010-04-01/Accounts.json?PageSize=1",
            "jp1",
            "tokyo",
            "https://api.tokyo.jp1.twilio.com/2010-04-01/Accounts.json?PageSize=1",
        ),
    ],
)
def test_examples(url: str, region: str | None, edge: str | None, expected: str) -> None:
    assert rewrite_host(url, region, edge) == expected


def test_no_region_no_edge_returns_input_unchanged() -> None:
    url = "https://api.twilio.com"
    assert rewrite_host(url, None, None) == url
    assert rewrite_host(url, "", "") == url


def test_is_cached() -> None:
    rewrite_host.cache_clear()
    rewrite_host("https://api.twilio.com", "au1", "sydney")
    rewrite_host("https://api.twilio.com", "au1", "sydney")
    info = rewrite_host.cache_info()
    assert info.hits == 1
    assert info.misses == 1
    assert info.maxsize is not None
