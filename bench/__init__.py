"""Side-by-side benchmarks of twilio_sdk and the official library (`nox -s bench`)."""
