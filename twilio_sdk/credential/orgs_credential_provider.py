"""`OrgsCredentialProvider`, importable from the official library's path:
`twilio.credential.orgs_credential_provider`."""

from twilio_sdk.credential import CredentialProvider as CredentialProvider
from twilio_sdk.credential import OrgsCredentialProvider as OrgsCredentialProvider

__all__ = ["OrgsCredentialProvider", "CredentialProvider"]
