"""A loopback Twilio stand-in: answers every request with a Message resource (run as a process)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MESSAGE = {
    "account_sid": "AC" + "a" * 32,
    "api_version": "2010-04-01",
    "body": "Hi",
    "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
    "date_sent": None,
    "date_updated": "Thu, 30 Jul 2015 20:12:31 +0000",
    "direction": "outbound-api",
    "error_code": None,
    "error_message": None,
    "from": "+15017122661",
    "messaging_service_sid": None,
    "num_media": "0",
    "num_segments": "1",
    "price": None,
    "price_unit": "USD",
    "sid": "SM" + "a" * 32,
    "status": "queued",
    "subresource_uris": {"media": "/2010-04-01/Accounts/AC/Messages/SM/Media.json"},
    "to": "+15558675310",
    "uri": "/2010-04-01/Accounts/AC/Messages/SM.json",
}
BODY = json.dumps(MESSAGE).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # one write per response: no Nagle / delayed-ACK stalls between parts

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
