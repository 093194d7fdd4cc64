"""HTTP clients and helpers at the official library's `twilio.http` import paths."""
