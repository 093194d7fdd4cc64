"""The public names of `twilio_sdk`, as httpx guards its own: what `__all__` lists is exactly
what the package offers, each name is importable, and each public class shows under the
package (`twilio_sdk.NotFoundError`, not the private module it is defined in)."""

from __future__ import annotations

import inspect

import twilio_sdk


def test_all_lists_every_public_name_once_and_each_imports() -> None:
    assert len(twilio_sdk.__all__) == len(set(twilio_sdk.__all__))
    for name in twilio_sdk.__all__:
        assert getattr(twilio_sdk, name) is not None, name
    defined = {n for n in vars(twilio_sdk) if not n.startswith("_")} - {"TYPE_CHECKING", "Any"}
    # Submodules are attributes too once imported; they are not exports.
    defined = {n for n in defined if not inspect.ismodule(getattr(twilio_sdk, n))}
    assert defined <= set(twilio_sdk.__all__), defined - set(twilio_sdk.__all__)


def test_public_classes_show_under_the_package() -> None:
    for name in twilio_sdk.__all__:
        member = getattr(twilio_sdk, name)
        if inspect.isclass(member):
            assert member.__module__ == "twilio_sdk", (name, member.__module__)


def test_the_official_exception_names_are_the_ones_exported() -> None:
    for name in ("TwilioException", "TwilioRestException", "ApiResponse", "Client"):
        assert name in twilio_sdk.__all__
