"""twilio_sdk: a typed SDK for every Twilio REST endpoint."""
