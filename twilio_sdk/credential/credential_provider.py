"""`CredentialProvider`, importable from the official library's path:
`twilio.credential.credential_provider`."""

from twilio_sdk.credential import CredentialProvider as CredentialProvider

__all__ = ["CredentialProvider"]
