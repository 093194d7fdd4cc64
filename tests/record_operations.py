"""Record one cassette per spec file by calling every operation against a Prism mock.

    npm ci --prefix tests/prism
    python tests/record_operations.py [--jobs 2] [SPEC_FILE ...]

For each spec file with operations: start `prism mock` on a loopback port, call each
operation twice through the public `Client`, with arguments synthesised from the spec
(`tests/operation_cases.py`: first the required ones and a sample, then every parameter),
and record the exchanges with vcrpy into
`tests/cassettes/<spec>.yaml`. The SDK's requests keep their real `https://<product>.twilio.com`
URLs in the cassette: vcrpy patches `httpx.HTTPTransport.handle_request`, and our transport
only redirects the connection below that layer (in its httpcore pool) to Prism.

A request Prism rejects (4xx/5xx, e.g. 422 for an invalid request) or a call that raises is a
failure: it is reported, left out of the cassette, and makes the exit status non-zero; the
cassettes still keep every operation that passed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpcore  # noqa: E402
import httpx  # noqa: E402
import operation_cases as oc  # noqa: E402

PRISM = Path(__file__).resolve().parent / "prism" / "node_modules" / ".bin" / "prism"
BASE_PORT = 4610


def _decode_for_prism(request: httpcore.Request) -> None:
    """Prism never answers a request whose body is compressed (`Content-Encoding: gzip`, as
    the SDK sends the Memory v1 bodies so declared): it is handed the decompressed body, with
    the header kept so that Prism still validates its value. vcrpy has recorded the request
    above this layer, as the SDK sent it, compressed."""
    coding = next(
        (v.decode() for k, v in request.headers if k.lower() == b"content-encoding"), None
    )
    if not coding:
        return
    body = oc.decode_body(b"".join(request.stream), coding)  # type: ignore[arg-type]
    request.headers = [
        (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
        for k, v in request.headers
    ]
    request.stream = [body]


class _RedirectPool:
    """An httpcore pool wrapper sending every request to the local Prism instead."""

    def __init__(self, pool: Any, port: int) -> None:
        self._pool = pool
        self._port = port

    def handle_request(self, request: httpcore.Request) -> httpcore.Response:
        request.url = httpcore.URL(
            scheme=b"http", host=b"127.0.0.1", port=self._port, target=request.url.target
        )
        _decode_for_prism(request)
        response = self._pool.handle_request(request)
        # Prism mocks the `Content-Encoding` header some specs declare (memory v1) but never
        # encodes the body; drop it so the client does not try to gunzip plain JSON.
        response.headers = [(k, v) for k, v in response.headers if k.lower() != b"content-encoding"]
        for name, value in response.headers:
            if name.lower() == b"sl-violations":
                VIOLATIONS.extend(json.loads(value.decode()))
        return response

    def close(self) -> None:
        self._pool.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


# Prism's validation findings for the requests of the current operation (header
# `sl-violations`; Prism runs without `--errors`, see `prism_command`).
VIOLATIONS: list[dict[str, Any]] = []


def prism_spec(spec_file: str, directory: Path) -> Path:
    """A copy of the spec for Prism, with `encoding` declared for form-body array properties
    and object form properties read as JSON strings.

    Twilio (and the SDK, and the cassettes) send list parameters as repeated form keys
    (`K=a&K=b`, OpenAPI's default `style: form, explode: true`). Prism 5 applies that default
    only when the property has an explicit `encoding` entry; without one it keeps a single
    value and rejects it as "must be array". Declaring the default explicitly changes nothing
    in the API described; the copy is only read by Prism.
    """
    spec = json.loads((oc.SPEC_DIR / spec_file).read_text())
    for item in (spec.get("paths") or {}).values():
        for method, operation in item.items():
            if method not in oc.HTTP_METHODS or not isinstance(operation, dict):
                continue
            body = oc._resolve(spec, operation.get("requestBody")) or {}
            media = (body.get("content") or {}).get("application/x-www-form-urlencoded")
            if not media:
                continue
            schema = oc._resolve(spec, media.get("schema")) or {}
            encoding = media.setdefault("encoding", {})
            properties = schema.get("properties") or {}
            for name, prop in list(properties.items()):
                resolved = oc._resolve(spec, prop) or {}
                kind = resolved.get("type")
                if kind == "object":
                    # Twilio reads an object form field as a JSON string (Video
                    # `TranscriptionsConfiguration`), as the official library and the SDK
                    # send it; Prism 5 can only deserialize exploded `key=value` objects and
                    # refuses the string as "must be object". It checks a JSON object here.
                    properties[name] = {
                        "type": "string",
                        "pattern": r"^\{.*\}$",
                        "description": resolved.get("description", ""),
                    }
                elif kind == "array" or (isinstance(kind, list) and "array" in kind):
                    encoding.setdefault(name, {"style": "form", "explode": True})
                    if resolved.get("nullable") or isinstance(kind, list):
                        # Prism turns `nullable` into `type: [array, null]`, which its form
                        # deserializer no longer recognises as an array: inline it without.
                        inline = {k: v for k, v in resolved.items() if k != "nullable"}
                        inline["type"] = "array"
                        properties[name] = inline
    target = directory / spec_file
    target.write_text(json.dumps(spec))
    return target


class PrismTransport(httpx.HTTPTransport):
    """`httpx.HTTPTransport` (so vcrpy's patch sees the original request) that connects to Prism.

    `handle_request` is inherited, not overridden: vcrpy replaces it on `HTTPTransport` and
    records the request as the SDK built it; only the pool underneath is redirected.
    """

    def __init__(self, port: int) -> None:
        super().__init__()
        self._pool = _RedirectPool(self._pool, port)  # type: ignore[assignment]


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prism exited with status {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"prism did not listen on port {port} within {timeout}s")


def prism_command(spec: Path, port: int) -> list[str]:
    """`prism mock` without `--errors`: Prism then reports every violation in an
    `sl-violations` header instead of answering 422/500. Request violations are failures
    exactly as with `--errors`; response violations (a spec example that does not match its
    own schema, e.g. relative `uri` values under `format: uri` in the 2010 API) are the spec's
    fault, so the example is recorded and the violation reported as a warning. With
    `--errors` those operations could not be recorded at all.
    """
    return [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)]


def _port_for(slot: int) -> int:
    return BASE_PORT + slot


class RequestRejected(Exception):
    """Prism found the request invalid (the `--errors` 422 case)."""

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        super().__init__(
            "Prism rejected the request: " + "; ".join(_violation_text(v) for v in violations)
        )


def _location(violation: dict[str, Any]) -> list[str]:
    return [str(part) for part in violation.get("location") or []]


def _violation_text(violation: dict[str, Any]) -> str:
    return f"{'.'.join(_location(violation))}: {violation.get('message')}"


def _format_error(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:600]


def record_spec(spec_file: str, ops: list[dict[str, Any]], port: int) -> dict[str, Any]:
    """Record the cassette of one spec file; returns counts and failures."""
    started = time.monotonic()
    cassette = oc.cassette_path(spec_file)
    cassette.parent.mkdir(parents=True, exist_ok=True)
    log_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"prism-{spec_file}.log"
    failures: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    recorded = 0
    with log_file.open("wb") as log, tempfile.TemporaryDirectory() as workdir:
        proc = subprocess.Popen(
            prism_command(prism_spec(spec_file, Path(workdir)), port),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "SCARF_ANALYTICS": "false"},
        )
        try:
            _wait_for_port(port, proc, timeout=180)
            tmp = cassette.with_suffix(".yaml.tmp")
            tmp.unlink(missing_ok=True)
            recorder = oc.make_vcr("all")
            with httpx.Client(transport=PrismTransport(port), timeout=60) as http:
                basic = oc.make_client(http)
                with recorder.use_cassette(str(tmp)) as tape:
                    for op in ops:
                        before = len(tape.data)
                        VIOLATIONS.clear()
                        call = "first call"
                        try:
                            # A new OAuth client per operation: its exchanges then include the
                            # token request, as when the test replays it with a new client.
                            oauth = op["auth"] == "oauth"
                            client = oc.make_client(http, op) if oauth else basic
                            # The first call (required parameters and a sample), then the
                            # second with every parameter, as the test replays them.
                            for full in (False, True):
                                call = "call with every parameter" if full else "first call"
                                oc.invoke(client, op, full=full)
                                rejected = [
                                    v for v in VIOLATIONS if _location(v)[:1] != ["response"]
                                ]
                                if rejected:
                                    raise RequestRejected(rejected)
                        except BaseException as exc:  # noqa: BLE001 - reported per operation
                            if isinstance(exc, KeyboardInterrupt):
                                raise
                            del tape.data[before:]
                            failures.append((f"{oc.op_id(op)} ({call})", _format_error(exc)))
                            if os.environ.get("RECORD_TRACEBACKS"):
                                traceback.print_exc()
                        else:
                            recorded += 1
                            for v in VIOLATIONS:
                                warnings.append((oc.op_id(op), _violation_text(v)))
                    tape.dirty = True  # write even when every operation failed
            if tmp.exists():
                tmp.replace(cassette)
            elif recorded == 0:
                cassette.unlink(missing_ok=True)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {
        "spec": spec_file,
        "ops": len(ops),
        "recorded": recorded,
        "failures": failures,
        "warnings": warnings,
        "seconds": time.monotonic() - started,
    }


def _worker(args: tuple[str, list[dict[str, Any]], int]) -> dict[str, Any]:
    spec_file, ops, port = args
    try:
        return record_spec(spec_file, ops, port)
    except Exception as exc:  # noqa: BLE001 - the whole spec failed (Prism did not start …)
        return {
            "spec": spec_file,
            "ops": len(ops),
            "recorded": 0,
            "failures": [(oc.op_id(op), "spec not recorded: " + _format_error(exc)) for op in ops],
            "warnings": [],
            "seconds": 0.0,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", help="spec file names (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list response violations (spec examples not matching the spec)",
    )
    args = parser.parse_args(argv)
    if not PRISM.exists():
        print(f"{PRISM} is missing: run `npm ci --prefix tests/prism` first", file=sys.stderr)
        return 2
    grouped = oc.operations_by_spec()
    specs = args.specs or sorted(grouped)
    unknown = [s for s in specs if s not in grouped]
    if unknown:
        print(f"no operations for: {', '.join(unknown)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    # Biggest specs first so the two workers finish together; slot = port per worker task.
    order = sorted(specs, key=lambda s: -len(grouped[s]))
    tasks = [(spec, grouped[spec], _port_for(i)) for i, spec in enumerate(order)]
    results: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_worker, task) for task in tasks]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            status = "ok" if not result["failures"] else f"{len(result['failures'])} FAILED"
            print(
                f"{result['spec']:<34} {result['recorded']:>4}/{result['ops']:<4} recorded  "
                f"{status:<10} {result['seconds']:6.1f}s",
                flush=True,
            )
            for name, error in result["failures"]:
                print(f"    FAIL {name}: {error}", flush=True)
            if args.verbose:
                for name, text in result["warnings"]:
                    print(f"    spec example violates its schema: {name}: {text}", flush=True)
    total = sum(r["ops"] for r in results)
    recorded = sum(r["recorded"] for r in results)
    failed = sum(len(r["failures"]) for r in results)
    warned = len({name for r in results for name, _ in r["warnings"]})
    print(
        f"\n{len(results)} spec files, {total} operations: {recorded} recorded, {failed} failed "
        f"in {time.monotonic() - started:.1f}s; {warned} recorded operations return a spec "
        "example that violates the spec's own response schema (-v lists them)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
