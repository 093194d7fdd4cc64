"""Tests for twilio_sdk._errors: status mapping, body parsing and formatting."""

from __future__ import annotations

import json
import pickle

import httpx
import pytest

from twilio_sdk._errors import (
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    CredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwilioConnectionError,
    TwilioException,
    TwilioRestException,
    TwilioTimeoutError,
    UnprocessableEntityError,
    error_from_response,
    exception_class_for_status,
)

URL = "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/SM404.json"


def make_response(
    status: int,
    body: object = None,
    *,
    text: str | None = None,
    method: str = "GET",
    url: str = URL,
) -> httpx.Response:
    request = httpx.Request(method, url)
    if text is not None:
        return httpx.Response(status, text=text, request=request)
    if body is None:
        return httpx.Response(status, request=request)
    return httpx.Response(status, json=body, request=request)


TWILIO_404 = {
    "code": 20404,
    "message": (
        "The requested resource /2010-04-01/Accounts/AC123/Messages/SM404.json was not found"
    ),
    "more_info": "https://www.twilio.com/docs/errors/20404",
    "status": 404,
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (405, ClientError),
        (418, ClientError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (599, ServerError),
        (302, TwilioRestException),
        (600, TwilioRestException),
    ],
)
def test_status_maps_to_exception_class(status: int, cls: type[TwilioRestException]) -> None:
    assert exception_class_for_status(status) is cls
    error = error_from_response(make_response(status, {"message": "x"}))
    assert type(error) is cls
    assert error.status == status


@pytest.mark.parametrize(
    "cls",
    [
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
    ],
)
def test_4xx_classes_are_client_errors(cls: type[TwilioRestException]) -> None:
    assert issubclass(cls, ClientError)
    assert issubclass(cls, TwilioRestException)
    assert issubclass(cls, TwilioException)
    assert not issubclass(cls, ServerError)


def test_other_hierarchy() -> None:
    assert issubclass(ServerError, TwilioRestException)
    assert issubclass(TwilioTimeoutError, TwilioConnectionError)
    assert issubclass(TwilioConnectionError, TwilioException)
    assert not issubclass(TwilioConnectionError, TwilioRestException)
    assert issubclass(CredentialsError, TwilioException)
    assert issubclass(CredentialsError, ValueError)


def test_twilio_json_body_fields_are_parsed() -> None:
    body = {**TWILIO_404, "details": {"field": "To", "reason": "invalid"}}
    error = error_from_response(make_response(404, body, url=URL + "?PageSize=2"))
    assert isinstance(error, NotFoundError)
    assert error.status == 404
    assert error.code == 20404
    assert error.message == TWILIO_404["message"]
    assert error.msg == error.message
    assert error.more_info == "https://www.twilio.com/docs/errors/20404"
    assert error.details == {"field": "To", "reason": "invalid"}
    assert error.method == "GET"
    assert error.uri == URL + "?PageSize=2"
    assert error.url == error.uri


def test_status_comes_from_the_response_not_the_body() -> None:
    error = error_from_response(make_response(400, {"status": 500, "message": "m"}))
    assert isinstance(error, BadRequestError)
    assert error.status == 400


def test_method_comes_from_the_request() -> None:
    error = error_from_response(make_response(400, {"message": "m"}, method="POST"))
    assert error.method == "POST"


def test_str_format() -> None:
    error = error_from_response(make_response(404, TWILIO_404))
    assert str(error) == (
        f"HTTP 404 error: GET {URL} -> [20404] {TWILIO_404['message']} "
        "(more info: https://www.twilio.com/docs/errors/20404)"
    )
    assert "\n" not in str(error)


def test_str_without_code_or_more_info() -> None:
    error = TwilioRestException(500, URL, "boom", method="POST")
    assert str(error) == f"HTTP 500 error: POST {URL} -> boom"


def test_str_derives_more_info_from_code() -> None:
    error = TwilioRestException(400, URL, "bad", code=21211)
    assert str(error).endswith("[21211] bad (more info: https://www.twilio.com/docs/errors/21211)")


def test_str_without_request() -> None:
    error = error_from_response(httpx.Response(503, text="down"))
    assert error.method == ""
    assert error.uri == ""
    assert str(error) == "HTTP 503 error: down"


def test_non_json_body_uses_text() -> None:
    error = error_from_response(make_response(502, text="<html>Bad Gateway</html>\n"))
    assert isinstance(error, ServerError)
    assert error.message == "<html>Bad Gateway</html>"
    assert error.code is None
    assert error.more_info is None
    assert error.details is None


def test_long_non_json_body_is_truncated() -> None:
    error = error_from_response(make_response(500, text="x" * 5000))
    assert error.message == "x" * 500 + "..."


def test_empty_body_uses_reason_phrase() -> None:
    error = error_from_response(make_response(503))
    assert error.message == "Service Unavailable"
    error = error_from_response(make_response(499))
    assert error.message == "HTTP 499"


def test_json_body_without_message_uses_reason_phrase() -> None:
    error = error_from_response(make_response(404, {"code": 20404}))
    assert error.message == "Not Found"
    assert error.code == 20404


def test_json_non_object_body_falls_back_to_text() -> None:
    error = error_from_response(make_response(400, text=json.dumps(["a", "b"])))
    assert error.message == '["a", "b"]'
    assert error.code is None
    assert error_from_response(make_response(400, text='"just a string"')).message == (
        '"just a string"'
    )


def test_invalid_utf8_body_is_tolerated() -> None:
    response = httpx.Response(500, content=b"\xff\xfe{", request=httpx.Request("GET", URL))
    error = error_from_response(response)
    assert isinstance(error, ServerError)
    assert error.message


def test_odd_field_types() -> None:
    error = error_from_response(
        make_response(400, {"code": "21211", "message": 5, "more_info": None, "details": [1]})
    )
    assert error.code == 21211
    assert error.message == "Bad Request"
    assert error.more_info is None
    assert error.details is None
    assert error_from_response(make_response(400, {"code": True})).code is None


def test_rfc9457_problem_body() -> None:
    body = {
        "type": "https://www.twilio.com/docs/api/errors/20001",
        "title": "Invalid parameter",
        "status": 400,
        "code": 20001,
        "detail": "Name is too long",
        "errors": [{"pointer": "/name", "detail": "too long"}],
    }
    error = error_from_response(make_response(400, body))
    assert error.code == 20001
    assert error.message == "Invalid parameter: Name is too long"
    assert error.more_info == "https://www.twilio.com/docs/api/errors/20001"
    assert error.details == {"errors": [{"pointer": "/name", "detail": "too long"}]}


def test_unread_streaming_response() -> None:
    def stream() -> httpx.SyncByteStream:
        return httpx.ByteStream(b'{"message": "m"}')

    response = httpx.Response(500, stream=stream(), request=httpx.Request("GET", URL))
    error = error_from_response(response)
    assert isinstance(error, ServerError)
    assert error.message == "Internal Server Error"


def test_official_constructor_compatibility() -> None:
    positional = TwilioRestException(404, URL, "gone", 20404, "DELETE", {"a": 1})
    assert (positional.status, positional.uri, positional.msg) == (404, URL, "gone")
    assert (positional.code, positional.method, positional.details) == (20404, "DELETE", {"a": 1})
    assert positional.more_info is None
    keywords = TwilioRestException(status=400, uri=URL, msg="bad", code=1, more_info="u")
    assert keywords.message == "bad"
    assert keywords.method == "GET"
    assert keywords.more_info == "u"
    minimal = TwilioRestException(500, URL)
    assert minimal.msg == ""
    assert minimal.code is None


def test_rest_exception_pickles() -> None:
    error = error_from_response(make_response(404, {**TWILIO_404, "details": {"a": 1}}))
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is NotFoundError
    assert str(clone) == str(error)
    assert clone.details == {"a": 1}
    assert clone.more_info == error.more_info


def test_connection_error() -> None:
    cause = httpx.ConnectError("refused")
    try:
        try:
            raise cause
        except httpx.ConnectError as exc:
            raise TwilioConnectionError("GET u failed", "GET", "u") from exc
    except TwilioConnectionError as error:
        assert error.__cause__ is cause
        assert str(error) == "GET u failed"
        assert (error.method, error.url) == ("GET", "u")
    timeout = pickle.loads(pickle.dumps(TwilioTimeoutError("slow", "POST", "v")))
    assert type(timeout) is TwilioTimeoutError
    assert (str(timeout), timeout.method, timeout.url) == ("slow", "POST", "v")
    assert str(TwilioConnectionError("plain")) == "plain"
