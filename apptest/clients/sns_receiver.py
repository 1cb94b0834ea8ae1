"""A loopback SNS HTTP endpoint for the client scripts: it appends every
delivery (message type and JSON body) as one JSON line to a file, and
confirms subscriptions by fetching their SubscribeURL, as a real endpoint
does. It listens on 127.0.0.1 and writes its port to a file once ready.

Usage: sns_receiver.py PORT_FILE MESSAGES_FILE
"""

import json
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_handler(out_path, lock):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            kind = self.headers.get("x-amz-sns-message-type", "")
            with lock, open(out_path, "a") as f:
                f.write(json.dumps({"type": kind, "subscription": self.headers.get("x-amz-sns-subscription-arn", ""),
                                    "body": json.loads(body)}) + "\n")
            if kind == "SubscriptionConfirmation":
                with urllib.request.urlopen(json.loads(body)["SubscribeURL"], timeout=10) as r:
                    r.read()
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


def serve(port_file, out_path):
    """Starts the receiver in a background thread and returns the server."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(out_path, threading.Lock()))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    if port_file:
        with open(port_file + ".tmp", "w") as f:
            f.write(str(srv.server_address[1]))
        import os
        os.replace(port_file + ".tmp", port_file)
    return srv


def read(out_path):
    """Returns the deliveries recorded so far."""
    try:
        with open(out_path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
    threading.Event().wait()
