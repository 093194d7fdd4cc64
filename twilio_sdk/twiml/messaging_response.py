"""TwiML for messaging: ``MessagingResponse`` with <Message> and <Redirect>.

Drop-in for ``twilio.twiml.messaging_response``.
"""

from __future__ import annotations

from typing import Any, Final

from ._base import GenericNode, HttpMethod, Redirect, TwiML, TwiMLError, child

__all__ = [
    "Body", "GenericNode", "Media", "Message", "MessagingResponse", "Redirect", "TwiML",
    "TwiMLError",
]  # fmt: skip


class MessagingResponse(TwiML):
    """<Response>: the root of a TwiML document answering an incoming message."""

    _tag = "Response"

    message: Final = child(lambda: Message)
    redirect: Final = child(lambda: Redirect)


class Message(TwiML):
    """<Message>: send a reply message (text in ``body`` or nested <Body>/<Media>)."""

    _text = "body"

    def __init__(
        self,
        body: str | None = None,
        to: str | None = None,
        from_: str | None = None,
        action: str | None = None,
        method: HttpMethod | None = None,
        status_callback: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    body: Final = child(lambda: Body)
    media: Final = child(lambda: Media)


class Body(TwiML):
    """<Body>: the text of a <Message>."""

    _text = "message"

    def __init__(self, message: str, **kwargs: Any) -> None:
        self._init(locals())


class Media(TwiML):
    """<Media>: the URL of a media file to attach to a <Message>."""

    _text = "url"

    def __init__(self, url: str, **kwargs: Any) -> None:
        self._init(locals())
