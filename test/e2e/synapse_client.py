"""Synapse's client-server and admin APIs, as the end-to-end tests use them.

Shared by the test modules here and test/e2e/whoami_rate.py.  Reads
MXPW_E2E_URL (Synapse's base URL) and MXPW_E2E_SECRET (the registration
shared secret) from the environment that test/e2e/run sets.
"""
import hashlib
import hmac
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

URL = os.environ["MXPW_E2E_URL"]
SERVER = "e2e.mxpw.test"


def user_id(localpart):
    return "@%s:%s" % (localpart, SERVER)


def http(method, path, body=None, token=None):
    """One request; returns its status and its JSON body."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def register(localpart, password, admin=False):
    """Synapse's shared-secret registration, as register_new_matrix_user does
    it; returns the new account's access token."""
    _, nonce = http("GET", "/_synapse/admin/v1/register")
    mac = hmac.new(os.environ["MXPW_E2E_SECRET"].encode(), digestmod=hashlib.sha1)
    for part in (nonce["nonce"].encode(), localpart.encode(), password.encode()):
        mac.update(part)
        mac.update(b"\x00")
    mac.update(b"admin" if admin else b"notadmin")
    status, body = http("POST", "/_synapse/admin/v1/register", {
        "nonce": nonce["nonce"], "username": localpart, "password": password,
        "admin": admin, "mac": mac.hexdigest()})
    assert status == 200, "Synapse registered %s (%d: %s)" % (localpart, status, body.get("errcode"))
    return body["access_token"]


def login(user, password):
    """A password login; returns its status and the access token, if any."""
    status, body = http("POST", "/_matrix/client/v3/login", {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user},
        "password": password})
    return status, body.get("access_token")


def whoami(token):
    return http("GET", "/_matrix/client/v3/account/whoami", token=token)[0]


def change_password(token, user, old, new):
    """Synapse's own password change (POST /account/password), with
    user-interactive auth by the old password, keeping the sessions;
    returns its status and errcode."""
    status, body = http("POST", "/_matrix/client/v3/account/password", {
        "new_password": new,
        "logout_devices": False,
        "auth": {"type": "m.login.password",
                 "identifier": {"type": "m.id.user", "user": user},
                 "password": old}}, token)
    return status, body.get("errcode")


def send_message(token, room, text):
    """Sends a text message; returns its event ID."""
    txn = "mxpw-%d" % time.monotonic_ns()
    status, body = http("PUT", "/_matrix/client/v3/rooms/%s/send/m.room.message/%s"
                        % (urllib.parse.quote(room), txn),
                        {"msgtype": "m.text", "body": text}, token)
    assert status == 200, "message sent (%d: %s)" % (status, body.get("errcode"))
    return body["event_id"]


class PushGateway:
    """A push gateway on 127.0.0.1 that records, for each notification
    Synapse posts to it, the event ID and the pushkeys it is for."""

    PATH = "/_matrix/push/v1/notify"

    def __init__(self):
        self.received = []
        self._cond = threading.Condition()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                note = body.get("notification", {})
                with gateway._cond:
                    gateway.received.append((note.get("event_id"),
                                             {d.get("pushkey") for d in note.get("devices", [])}))
                    gateway._cond.notify_all()
                reply = b'{"rejected": []}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d%s" % (self._server.server_address[1], self.PATH)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def pushed(self, event_id, pushkey):
        with self._cond:
            return any(e == event_id and pushkey in keys for e, keys in self.received)

    def wait(self, event_id, pushkey, seconds):
        """Whether a notification of event_id for pushkey arrives within seconds."""
        deadline = time.monotonic() + seconds
        with self._cond:
            while not self.pushed(event_id, pushkey):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def close(self):
        self._server.shutdown()
        self._server.server_close()
