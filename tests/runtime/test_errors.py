"""Tests for twilio_sdk._errors: status mapping, body parsing and formatting."""

from __future__ import annotations

import copy
import json
import pickle

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException as OfficialRestException

from twilio_sdk._errors import (
    ArgumentTypeError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ClientStateError,
    ConflictError,
    CredentialsError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwilioConnectionError,
    TwilioException,
    TwilioRestException,
    TwilioTimeoutError,
    UnprocessableEntityError,
    UnsafeURLError,
    error_from_response,
    exception_class_for_status,
    redact_url,
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


# --------------------------------------------------------------------------- messages


def test_long_text_bodies_are_cut_at_500_characters() -> None:
    assert error_from_response(make_response(502, text="x" * 500)).message == "x" * 500
    assert error_from_response(make_response(502, text="x" * 501)).message == "x" * 500 + "..."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "Invalid parameter"}, "Invalid parameter"),
        ({"detail": "Name is too long"}, "Name is too long"),
        (
            {"title": "Invalid parameter", "detail": "Name is too long"},
            "Invalid parameter: Name is too long",
        ),
        ({"title": "", "detail": "Name is too long"}, "Name is too long"),
        ({"message": "Twilio's own", "title": "ignored", "detail": "ignored"}, "Twilio's own"),
    ],
)
def test_problem_details_with_a_title_or_a_detail_or_both(body: object, message: str) -> None:
    assert error_from_response(make_response(400, body)).message == message


@pytest.mark.parametrize(
    ("body", "more_info"),
    [
        (
            {"type": "about:blank", "title": "Not Found"},
            None,
        ),  # RFC 9457: "no more than the status"
        (
            {"type": "https://www.twilio.com/docs/api/errors/20404"},
            "https://www.twilio.com/docs/api/errors/20404",
        ),
        (
            {"type": "https://example.com/t", "more_info": "https://twilio.com/m"},
            "https://twilio.com/m",
        ),
        ({"type": ""}, None),
    ],
)
def test_a_problem_type_is_the_more_info_link_unless_it_is_about_blank(
    body: object, more_info: str | None
) -> None:
    error = error_from_response(make_response(404, body))
    assert error.more_info == more_info
    assert str(error).endswith(f"(more info: {more_info})" if more_info else error.message)


def test_str_shows_the_more_info_link_the_body_gave() -> None:
    error = error_from_response(make_response(404, {**TWILIO_404, "more_info": "https://t.co/x"}))
    assert str(error).endswith("[20404] " + TWILIO_404["message"] + " (more info: https://t.co/x)")


def test_str_of_a_hand_built_exception_shows_what_it_knows_of_the_request() -> None:
    assert str(TwilioRestException(500, URL, "boom", method="")) == f"HTTP 500 error: {URL} -> boom"
    assert (
        str(TwilioRestException(500, "", "boom", method="POST")) == "HTTP 500 error: POST -> boom"
    )
    assert str(TwilioRestException(500, "", "boom", method="")) == "HTTP 500 error: boom"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # A `?` inside a value is part of that value, not a second query.
        ("https://x/Messages.json?Body=why?+me&To=%2B1555", "https://x/Messages.json?Body=…&To=…"),
        # A fragment is not part of the query, whatever it contains.
        ("https://x/Messages.json?To=%2B1555#top&From=1", "https://x/Messages.json?To=…"),
    ],
)
def test_redacted_urls_show_only_the_query_names(url: str, shown: str) -> None:
    assert redact_url(url) == shown


# --------------------------------------------------------------------------- malformed responses


def _answer(body: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=body, request=httpx.Request("GET", URL + "?To=%2B1555"))


def test_malformed_response_error_describes_the_response() -> None:
    error = MalformedResponseError.of(_answer(b"<html>gateway</html>"), "not JSON")
    assert (error.reason, error.status, error.method) == ("not JSON", 200, "GET")
    assert error.url == URL + "?To=%2B1555"
    assert error.excerpt == "<html>gateway</html>"
    assert str(error) == f"GET {URL}?To=… -> HTTP 200: not JSON: '<html>gateway</html>'"
    empty = MalformedResponseError.of(_answer(b"", 204), "empty body")
    assert str(empty) == f"GET {URL}?To=… -> HTTP 204: empty body (empty body)"


def test_a_malformed_body_is_shown_up_to_200_bytes() -> None:
    assert MalformedResponseError.of(_answer(b"x" * 200), "r").excerpt == "x" * 200
    assert MalformedResponseError.of(_answer(b"x" * 201), "r").excerpt == "x" * 200 + "..."
    # A character cut in two at the limit is replaced, not an error.
    cut = MalformedResponseError.of(_answer(b"x" * 199 + "é".encode()), "r")
    assert cut.excerpt == "x" * 199 + "\ufffd..."


def test_an_unread_streamed_response_is_described_as_empty() -> None:
    response = httpx.Response(
        200, stream=httpx.ByteStream(b"<html>"), request=httpx.Request("GET", URL)
    )
    error = MalformedResponseError.of(response, "not JSON")
    assert error.excerpt == ""
    assert str(error).endswith("not JSON (empty body)")


# --------------------------------------------------------------------------- args, pickle, copy


def test_args_are_the_constructor_arguments_in_the_official_order() -> None:
    # The official TwilioRestException's args are (status, uri, msg, code, method, details);
    # code reading exc.args, and pickle and copy (which rebuild an error from its args), see ours
    # the same way, with more_info and the headers after them.
    theirs = OfficialRestException(404, URL, "gone", 20404, "DELETE", {"a": 1})
    ours = TwilioRestException(404, URL, "gone", 20404, "DELETE", {"a": 1}, "https://m", {"A": "1"})
    assert ours.args[:6] == theirs.args
    assert ours.args[6:] == ("https://m", httpx.Headers({"A": "1"}))
    error = error_from_response(make_response(404, TWILIO_404))
    assert error.args == (
        404,
        URL,
        TWILIO_404["message"],
        20404,
        "GET",
        None,
        TWILIO_404["more_info"],
        error.headers,
    )
    malformed = MalformedResponseError("not JSON", 200, "GET", URL, "<html>")
    assert malformed.args == ("not JSON", 200, "GET", URL, "<html>")
    assert TwilioTimeoutError("slow", "POST", URL).args == ("slow", "POST", URL)


EVERY_ERROR = [
    error_from_response(make_response(429, TWILIO_404 | {"details": {"a": 1}})),
    TwilioRestException(302, URL),
    ServerError(503, URL, "down", None, "POST", None, None, {"Twilio-Request-Id": "RQ1"}),
    MalformedResponseError("not JSON", 200, "GET", URL + "?To=%2B1", "<html>"),
    TwilioConnectionError("connect failed", "GET", URL),
    TwilioTimeoutError("read timed out", "POST", URL),
    ClientStateError("the client is closed"),
    CredentialsError("no credentials"),
    InvalidArgumentError("parameter 'x' (X): bad"),
    ArgumentTypeError("parameter 'x' (X): expected a string"),
    UnsafeURLError("page link 'http://x' leaves https://api.twilio.com: not followed"),
]


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("clone", [lambda e: pickle.loads(pickle.dumps(e)), copy.copy])
def test_every_error_survives_pickle_and_copy(error: Exception, clone: object) -> None:
    # Errors cross process boundaries (multiprocessing, task queues) and get copied.
    again = clone(error)  # type: ignore[operator]
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.args == error.args
    assert vars(again) == vars(error)
