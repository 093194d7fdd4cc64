"""``python -m twilio_sdk demo``: the SDK's main workflows against the embedded fake Twilio.

No network and no credentials are needed.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m twilio_sdk")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run the main workflows against the embedded fake Twilio (offline)"
    )
    demo.add_argument("--quiet", action="store_true", help="print only the summary line")
    args = parser.parse_args(argv)
    from .testing._demo import run

    return run(quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())
