"""`ClientCredentialProvider`, importable from the official library's path:
`twilio.credential.client_credential_provider`."""

from twilio_sdk.credential import ClientCredentialProvider as ClientCredentialProvider
from twilio_sdk.credential import CredentialProvider as CredentialProvider

__all__ = ["ClientCredentialProvider", "CredentialProvider"]
