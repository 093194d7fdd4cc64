"""Shared test settings."""

from hypothesis import HealthCheck, settings

# Property tests check what is encoded, not how fast: on a loaded 2-core CI machine example
# generation and single examples can be slow, which must not fail a run.
settings.register_profile("twilio_sdk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("twilio_sdk")
