"""HTTP clients at the official library's import paths (`twilio.http.*`)."""
