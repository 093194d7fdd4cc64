"""Create an Access Token (Voice SDK) and a Client capability token; offline."""

from __future__ import annotations

from twilio_sdk.jwt.access_token import AccessToken
from twilio_sdk.jwt.access_token.grants import VoiceGrant
from twilio_sdk.jwt.client import ClientCapabilityToken

ACCOUNT_SID = "AC" + "0" * 32
token = AccessToken(
    ACCOUNT_SID, "SK" + "0" * 32, "api-key-secret-of-at-least-32-bytes", identity="alice"
)
token.add_grant(VoiceGrant(outgoing_application_sid="AP" + "0" * 32, incoming_allow=True))
print("access token:", token.to_jwt()[:40], "…")

capability = ClientCapabilityToken(ACCOUNT_SID, "auth-token-of-at-least-thirty-two-bytes")
capability.allow_client_incoming("alice")
print("capability token:", capability.to_jwt()[:40], "…")
