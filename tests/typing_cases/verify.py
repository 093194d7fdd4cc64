"""Verify, as Twilio's docs write it: a service, a verification by SMS, its check; the
domain shortcut (`client.verify.services`) and the explicit version (`client.verify.v2`)."""

from __future__ import annotations

from twilio_sdk import Client


def verify_a_number(client: Client) -> None:
    service = client.verify.v2.services.create(friendly_name="My Verify Service", code_length="6")
    verification = service.verifications.create(to="+15017122661", channel="sms", locale="en")
    print(verification.sid, verification.status)
    check = client.verify.services("VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").verification_checks.create(
        to="+15017122661", code="123456"
    )
    if check.status == "approved":
        print("verified")


def services(client: Client) -> None:
    for service in client.verify.v2.services.list(limit=20):
        print(service.sid, service.friendly_name)
    client.verify.v2.services.create(
        friendly_name="Another", do_not_share_warning_enabled="true", lookup_enabled=False
    )


def refused(client: Client) -> None:
    verifications = client.verify.v2.services("VA…").verifications
    verifications.create(to="+15017122661", channel={"sms": True})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    verifications.create(to="+15017122661", channel="sms", code_length=6)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.verify.v2.services.create(friendly_name="x", code_length=6.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


CALLS = (verify_a_number, services)
