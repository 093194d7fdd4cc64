"""Tests for twilio_sdk._hosts: region and edge from the arguments or the environment (each a DNS
label, refused otherwise with a message naming it), and rewrite_host matching the official
get_hostname exactly."""

from __future__ import annotations

import itertools

import pytest
from twilio.base.client_base import ClientBase  # type: ignore[import-untyped]

from twilio_sdk._errors import ArgumentTypeError, InvalidArgumentError
from twilio_sdk._hosts import resolve_region_edge, rewrite_host

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


# --------------------------------------------------------------------------- resolve_region_edge


def test_region_edge_from_arguments() -> None:
    env = {"TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"}
    assert resolve_region_edge("au1", "sydney", env) == ("au1", "sydney")


def test_region_edge_from_environment() -> None:
    env = {"TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"}
    assert resolve_region_edge(None, None, env) == ("ie1", "dublin")
    assert resolve_region_edge("au1", None, env) == ("au1", "dublin")
    assert resolve_region_edge(None, "sydney", env) == ("ie1", "sydney")


def test_region_edge_unset() -> None:
    assert resolve_region_edge(None, None, {}) == (None, None)
    assert resolve_region_edge("", "", {"TWILIO_REGION": "", "TWILIO_EDGE": ""}) == (None, None)


def test_region_edge_environ_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_REGION", "jp1")
    monkeypatch.setenv("TWILIO_EDGE", "tokyo")
    assert resolve_region_edge(None, None) == ("jp1", "tokyo")


@pytest.mark.parametrize(
    "label", ["x", "au1", "AU1", "a-b", "sydney", "e" * 63, "e" * 61 + "-1", "1-2-3"]
)
def test_dns_labels_are_accepted(label: str) -> None:
    assert resolve_region_edge(label, label, {}) == (label, label)


@pytest.mark.parametrize(
    "label",
    [
        "-sydney",
        "sydney-",
        "-",
        "e" * 64,
        "au1.evil.example.com",
        "au1/evil",
        "syd ney",
        "au1\n",
        "syd\u212aey",  # Kelvin sign, not a K
        "ab_c",
    ],
)
@pytest.mark.parametrize("which", ["region", "edge"])
def test_a_bad_label_argument_is_rejected_naming_it(label: str, which: str) -> None:
    region, edge = (label, None) if which == "region" else (None, label)
    with pytest.raises(InvalidArgumentError) as info:
        resolve_region_edge(region, edge, {})
    assert str(info.value) == (
        f"{which} must be a DNS label (letters, digits and inner hyphens, e.g. 'au1' or "
        f"'sydney'), got {label!r}"
    )


@pytest.mark.parametrize("variable", ["TWILIO_REGION", "TWILIO_EDGE"])
def test_a_bad_label_in_the_environment_is_rejected_naming_the_variable(variable: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        resolve_region_edge(None, None, {variable: "au1.evil"})
    assert str(info.value).startswith(f"{variable} must be a DNS label (")
    assert str(info.value).endswith("got 'au1.evil'")


@pytest.mark.parametrize("which", ["region", "edge"])
def test_a_non_string_label_is_a_type_error_naming_it(which: str) -> None:
    region, edge = (123, None) if which == "region" else (None, 123)
    with pytest.raises(ArgumentTypeError) as info:
        resolve_region_edge(region, edge, {})  # type: ignore[arg-type]
    assert str(info.value) == f"{which} must be a string, got int"
