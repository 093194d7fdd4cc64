"""RequestValidator must sign and validate exactly like the official ``twilio`` library."""

from __future__ import annotations

import hmac
import json
import logging
import random
import string
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlparse

import multidict
import pytest
from twilio import request_validator as official_module
from twilio.request_validator import (
    RequestValidator as OfficialValidator,
)

import twilio_sdk.request_validator
import twilio_sdk.webhooks as webhooks
import twilio_sdk.webhooks._validator as validator_module
from twilio_sdk.webhooks import HMAC_SHA1, HMAC_SHA256, RequestValidator

TOKEN = "12345"
DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
DOCS_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
CASES = 400
CHARS = string.ascii_letters + string.digits + " -_.~%+&=?/:;,!$'()*@#" + "äöüßéñ漢字🚀€\u200b"
HOSTS = ["example.com", "mycompany.com", "hooks.example.io", "localhost", "127.0.0.1", "bücher.de"]
PORTS: list[int | None] = [None, None, None, 443, 80, 8080, 3000, 65535]
ALGORITHMS: list[str | None] = [None, HMAC_SHA1, HMAC_SHA256, "hmac_sha256"]


class QueryDictLike(dict[str, str]):
    """Mimics Django's QueryDict: item access gives the last value, getlist all of them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lists: dict[str, list[str]] = {}
        for key, value in pairs:
            self.lists.setdefault(key, []).append(value)
            self[key] = value

    def getlist(self, key: str) -> list[str]:
        return list(self.lists[key])


def text(rng: random.Random, low: int = 0, high: int = 10) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(low, high)))


def random_url(rng: random.Random, extra_query: str = "") -> str:
    port = rng.choice(PORTS)
    netloc = rng.choice(HOSTS) + (f":{port}" if port else "")
    segments = [text(rng, 1, 8) for _ in range(rng.randint(0, 3))]
    path = "/".join(
        quote(s) if rng.random() < 0.5 else s.replace("?", "").replace("#", "") for s in segments
    )
    pairs = [f"{quote(text(rng, 1, 5))}={quote(text(rng))}" for _ in range(rng.randint(0, 3))]
    if extra_query:
        pairs.insert(rng.randint(0, len(pairs)), extra_query)
    query = "?" + "&".join(pairs) if pairs else rng.choice(["", "?"])
    return f"{rng.choice(['https', 'http'])}://{netloc}/{path}{query}"


def canonical_url(rng: random.Random, extra_query: str = "") -> str:
    """A random URL in the form urlparse() rebuilds it, which is what gets validated."""
    return urlparse(random_url(rng, extra_query)).geturl()


def random_pairs(rng: random.Random) -> list[tuple[str, str]]:
    keys = [text(rng, 1, 8) for _ in range(rng.randint(1, 6))]
    return [(rng.choice(keys), text(rng)) for _ in range(rng.randint(1, 10))]


def random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(6 if depth < 3 else 4)
    if kind == 0:
        return text(rng)
    if kind == 1:
        return rng.randint(-(10**6), 10**6)
    if kind == 2:
        return rng.choice([True, False, None, 1.5])
    if kind == 3:
        return text(rng, 0, 30)
    if kind == 4:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {text(rng, 1, 6): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_form_case(rng: random.Random) -> tuple[str, Any, str | None]:
    """A URL, form params in one of the shapes both libraries accept, and an algorithm."""
    pairs = random_pairs(rng)
    shape = rng.randrange(4)
    params: Any
    if shape == 0:
        params = dict(pairs)
    elif shape == 1:
        params = multidict.MultiDict(pairs)
    elif shape == 2:
        params = QueryDictLike(pairs)
    else:
        params = {}
    return random_url(rng), params, rng.choice(ALGORITHMS)


def seeded(count: int = CASES) -> Iterator[random.Random]:
    for seed in range(count):
        yield random.Random(seed)


def port_variants(url: str) -> list[str]:
    parsed = urlparse(url)
    return [url, official_module.add_port(parsed), official_module.remove_port(parsed)]


@pytest.fixture
def ours() -> RequestValidator:
    return RequestValidator(TOKEN)


@pytest.fixture
def official() -> OfficialValidator:
    return OfficialValidator(TOKEN)


def test_twilio_docs_example(ours: RequestValidator) -> None:
    signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert ours.compute_signature(DOCS_URL, DOCS_PARAMS) == signature
    assert ours.validate(DOCS_URL, DOCS_PARAMS, signature)
    assert not ours.validate(DOCS_URL, {**DOCS_PARAMS, "Digits": "1235"}, signature)


def test_compute_signature_matches_official(
    ours: RequestValidator, official: OfficialValidator
) -> None:
    for rng in seeded():
        url, params, algorithm = random_form_case(rng)
        expected = official.compute_signature(url, params, algorithm)
        assert ours.compute_signature(url, params, algorithm) == expected, (url, params)
        valid = official.validate(url, params, expected, algorithm)
        assert ours.validate(url, params, expected, algorithm) is valid
        # Both validate the URL as urlparse() rebuilds it, which drops e.g. a bare "?".
        assert valid is (urlparse(url).geturl() == url)


def test_validate_matches_official_across_port_variants(
    ours: RequestValidator, official: OfficialValidator
) -> None:
    outcomes = set()
    for rng in seeded():
        url, params, algorithm = random_form_case(rng)
        signed_url = rng.choice(port_variants(url))
        signature = rng.choice(
            [
                official.compute_signature(signed_url, params, algorithm),
                official.compute_signature(signed_url, {"x": "y"}, algorithm),
                official.compute_signature(signed_url, params, HMAC_SHA1)[:-4] + "abc=",
            ]
        )
        for request_url in port_variants(url):
            expected = official.validate(request_url, params, signature, algorithm)
            assert ours.validate(request_url, params, signature, algorithm) == expected
            outcomes.add(expected)
    assert outcomes == {True, False}


def test_default_port_variants_accepted(ours: RequestValidator) -> None:
    for plain, with_port in [
        ("https://example.com/hook?a=1", "https://example.com:443/hook?a=1"),
        ("http://example.com/hook", "http://example.com:80/hook"),
    ]:
        for signed, requested in [(plain, with_port), (with_port, plain)]:
            assert ours.validate(
                requested, DOCS_PARAMS, ours.compute_signature(signed, DOCS_PARAMS)
            )
    # A non-default port may be dropped (Twilio may sign without it) but is never invented.
    signature = ours.compute_signature("https://example.com/hook", DOCS_PARAMS)
    assert ours.validate("https://example.com:8443/hook", DOCS_PARAMS, signature)
    signature = ours.compute_signature("https://example.com:8443/hook", DOCS_PARAMS)
    assert not ours.validate("https://example.com:9443/hook", DOCS_PARAMS, signature)


def test_tampered_form_requests_rejected(
    ours: RequestValidator, official: OfficialValidator
) -> None:
    for rng in seeded():
        pairs = random_pairs(rng)
        url, algorithm = canonical_url(rng), rng.choice(ALGORITHMS)
        signature = official.compute_signature(url, multidict.MultiDict(pairs), algorithm)
        index = rng.randrange(len(pairs))
        key, value = pairs[index]
        flipped = "A" if signature[0] != "A" else "B"
        tampered: list[tuple[str, Any, str]] = [
            (url.replace("://", "://evil.", 1), pairs, signature),
            (url + ("&" if "?" in url else "?") + "x=1", pairs, signature),
            (url, [*pairs[:index], (key, value + "x"), *pairs[index + 1 :]], signature),
            (url, [*pairs, ("Injected", "1")], signature),
            (url, pairs, flipped + signature[1:]),
            (url, pairs, signature[:-2]),
        ]
        for bad_url, bad_pairs, bad_signature in tampered:
            params = multidict.MultiDict(bad_pairs)
            assert not ours.validate(bad_url, params, bad_signature, algorithm)
            assert not official.validate(bad_url, params, bad_signature, algorithm)


def test_list_valued_plain_dict_matches_official_multidict(
    ours: RequestValidator, official: OfficialValidator
) -> None:
    for rng in seeded():
        pairs = random_pairs(rng)
        grouped: dict[str, list[str]] = {}
        for key, value in pairs:
            grouped.setdefault(key, []).append(value)
        url = canonical_url(rng)
        expected = official.compute_signature(url, multidict.MultiDict(pairs))
        assert ours.compute_signature(url, grouped) == expected
        as_tuples = {key: tuple(values) for key, values in grouped.items()}
        assert ours.validate(url, as_tuples, expected)


def test_json_body_matches_official(ours: RequestValidator, official: OfficialValidator) -> None:
    for rng in seeded():
        body = json.dumps(random_json(rng), ensure_ascii=rng.random() < 0.5)
        body_hash = official.compute_hash(body)
        assert ours.compute_hash(body) == body_hash
        assert ours.compute_hash(body.encode("utf-8")) == body_hash
        url = canonical_url(rng, extra_query=f"bodySHA256={body_hash}")
        algorithm = rng.choice(ALGORITHMS)
        signature = official.compute_signature(url, {}, algorithm)
        assert ours.validate(url, body, signature, algorithm)
        assert official.validate(url, body, signature, algorithm)
        assert ours.validate(url, body.encode("utf-8"), signature, algorithm)
        for bad_body in (body + " ", body[:-1], "{}" if body != "{}" else "[]"):
            assert not ours.validate(url, bad_body, signature, algorithm)
            assert not official.validate(url, bad_body, signature, algorithm)
        other_url = url.replace(body_hash, ours.compute_hash(body + "x"))
        other_signature = ours.compute_signature(other_url, {}, algorithm)
        assert not ours.validate(other_url, body, other_signature, algorithm)
        assert not official.validate(other_url, body, other_signature, algorithm)
        assert not ours.validate(url, body, signature[::-1], algorithm)


JSON_BODY = '{"CallSid": "CA123", "Status": "completed"}'


def body_hash_request(ours: RequestValidator) -> tuple[str, str]:
    """A JSON webhook as Twilio sends it: only the URL, which carries the body hash, is signed."""
    url = f"https://example.com/hook?a=1&bodySHA256={ours.compute_hash(JSON_BODY)}"
    return url, ours.compute_signature(url, {})


@pytest.mark.parametrize(
    "params",
    [{}, multidict.MultiDict(), QueryDictLike([]), None, json.loads(JSON_BODY)],
    ids=["dict", "multidict", "querydict", "none", "parsed-json"],
)
def test_body_hash_cannot_be_skipped_with_a_mapping(
    ours: RequestValidator,
    official: OfficialValidator,
    caplog: pytest.LogCaptureFixture,
    params: Any,
) -> None:
    # E.g. Flask's request.form (empty for a JSON body) or request.get_json(): the raw body,
    # which the hash covers, is gone, so any body could be behind this Twilio-signed URL.
    url, signature = body_hash_request(ours)
    assert official.validate(url, {}, signature)  # the official class skips the hash check
    with caplog.at_level(logging.WARNING, logger="twilio_sdk.webhooks"):
        assert not ours.validate(url, params, signature)
    assert "bodySHA256" in caplog.text and "raw body" in caplog.text
    assert ours.validate(url, JSON_BODY, signature)
    assert ours.validate(url, JSON_BODY.encode(), signature)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_body_hash_url_signed_with_params_is_rejected(
    ours: RequestValidator, official: OfficialValidator, algorithm: str | None
) -> None:
    # A signature over URL + params is what a form request would carry; with a body hash in
    # the URL the body itself must still match it, and params cannot show that it does.
    url, _ = body_hash_request(ours)
    params = {"CallSid": "CA999", "Status": "completed"}
    signature = ours.compute_signature(url, params, algorithm)
    assert official.validate(url, params, signature, algorithm)
    assert not ours.validate(url, params, signature, algorithm)
    assert not ours.validate(url, multidict.MultiDict(params), signature, algorithm)


def test_mapping_without_body_hash_still_validates(ours: RequestValidator) -> None:
    # Only URLs carrying bodySHA256 need the raw body; a "bodySHA256" form field does not count.
    params = {**DOCS_PARAMS, "bodySHA256": ours.compute_hash("x")}
    assert ours.validate(DOCS_URL, params, ours.compute_signature(DOCS_URL, params))


def test_unsigned_raw_body_is_rejected(ours: RequestValidator) -> None:
    # The official class raises TypeError here; a body the signature does not cover is invalid.
    url = "https://example.com/hook"
    assert not ours.validate(url, '{"a": 1}', ours.compute_signature(url, {}))
    assert ours.validate(url, "", ours.compute_signature(url, {}))


def test_missing_signature_is_invalid(ours: RequestValidator) -> None:
    assert not ours.validate(DOCS_URL, DOCS_PARAMS, None)
    assert not ours.validate(DOCS_URL, DOCS_PARAMS, "")
    assert not ours.validate(DOCS_URL, DOCS_PARAMS, "ünïcödé")


def test_url_with_credentials_and_port(ours: RequestValidator) -> None:
    # The official remove_port() truncates "user:pass@host:8080" to "user"; keep the host.
    signed = "https://user:pa55@example.com/hook"
    signature = ours.compute_signature(signed, DOCS_PARAMS)
    assert ours.validate("https://user:pa55@example.com:8080/hook", DOCS_PARAMS, signature)
    assert ours.validate("https://user:pa55@example.com:443/hook", DOCS_PARAMS, signature)
    assert ours.validate(signed, DOCS_PARAMS, signature)


def test_ipv6_host_and_bad_port(ours: RequestValidator) -> None:
    signature = ours.compute_signature("https://[::1]/hook", DOCS_PARAMS)
    assert ours.validate("https://[::1]:8080/hook", DOCS_PARAMS, signature)
    assert ours.validate("https://[::1]:443/hook", DOCS_PARAMS, signature)
    bad_port = "https://example.com:99999/hook"
    assert ours.validate(bad_port, DOCS_PARAMS, ours.compute_signature(bad_port, DOCS_PARAMS))


def test_unsupported_algorithm(ours: RequestValidator, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ValueError, match="Unsupported"):
        ours.compute_signature(DOCS_URL, DOCS_PARAMS, "HMAC_MD5")
    signature = ours.compute_signature(DOCS_URL, DOCS_PARAMS)
    with caplog.at_level(logging.WARNING, logger="twilio_sdk.webhooks"):
        assert not ours.validate(DOCS_URL, DOCS_PARAMS, signature, "HMAC_MD5")
    assert "HMAC_MD5" in caplog.text
    assert TOKEN not in caplog.text


def test_signature_algorithm_header_matches_official() -> None:
    samples = [
        None,
        "",
        "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
        " algorithm = HMAC_SHA1 , key=k",
        "key=k",
        "algorithm=",
        "algorithm",
        "algorithm=NEW_ALGO,algorithm=HMAC_SHA256",
    ]
    for header in samples:
        expected = official_module.get_signature_algorithm(header)
        assert webhooks.get_signature_algorithm(header) == expected


def test_constant_time_comparison(ours: RequestValidator, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    signature = ours.compute_signature(DOCS_URL, DOCS_PARAMS)
    assert ours.validate(DOCS_URL, DOCS_PARAMS, signature)
    assert calls and all(b == signature.encode() for _, b in calls)


def test_token_hidden_from_repr() -> None:
    secret = "0123456789abcdef0123456789abcdef"
    validator = RequestValidator(secret)
    assert secret not in repr(validator) and secret not in str(validator)
    assert repr(validator) == "RequestValidator(token=<hidden>)"


def test_module_variables_have_declared_types() -> None:
    # pyright --verifytypes counts a public variable whose type is only inferred as ambiguous.
    module = validator_module  # where twilio_sdk.webhooks's validator names are defined
    names = [n for n in ("logger", *module.__all__) if not callable(getattr(module, n))]
    assert "logger" in names
    assert [n for n in names if n not in module.__annotations__] == []


def test_request_validator_module_reexports_webhooks() -> None:
    assert twilio_sdk.request_validator.RequestValidator is RequestValidator
    assert twilio_sdk.request_validator.__all__ == validator_module.__all__
    for name in validator_module.__all__:
        assert getattr(twilio_sdk.request_validator, name) is getattr(webhooks, name)
