"""HTTP-level helpers at the official library's :mod:`twilio.http` import paths."""
