#!/usr/bin/python3
"""End-to-end checks of mxpw against a real Synapse.

Run by test/e2e/run, which starts PostgreSQL and Synapse and passes in:
  MXPW_E2E_URL       Synapse's client-server API base URL
  MXPW_E2E_SECRET    the registration shared secret
  MXPW_E2E_CHROOT    the root Synapse runs in (for its hash_password tool)
  MXPW_E2E_CONFIG    homeserver.yaml's path inside that root
  MXPW_E2E_RESTART   a command that restarts Synapse
and the usual PG* variables for psql (superuser, Synapse's database).
Every password here is fake and contains "fake".
"""
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

URL = os.environ["MXPW_E2E_URL"]
SERVER = "e2e.mxpw.test"
results = {"passed": 0, "failed": 0}


def check(ok, what):
    results["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)


def http(method, path, body=None, token=None):
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


def psql(*statements):
    """Statements through one psql session; raises with the error."""
    args = [arg for statement in statements for arg in ("-c", statement)]
    out = subprocess.run(["psql", "-X", "-At", "-q", "-v", "ON_ERROR_STOP=1"] + args,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return out


def sql(statement):
    """One statement; returns its rows."""
    return psql(statement).stdout.splitlines()


def sql_error(statement):
    try:
        sql(statement)
        return None
    except RuntimeError as e:
        return str(e)


def sql_in_parallel_workers(statement):
    """One statement with parallel workers forced on, and the caller not
    hashing; returns its rows and the DEBUG messages, which say how the
    hashing was shared."""
    out = psql("SELECT set_config(name, 'on', false) FROM pg_settings"
               " WHERE name IN ('force_parallel_mode', 'debug_parallel_query')",
               "SET parallel_leader_participation = off",
               "SET client_min_messages = debug1", statement)
    return out.stdout.splitlines()[1:], out.stderr


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def register(localpart, password, admin=False):
    """Synapse's shared-secret registration, as register_new_matrix_user does it."""
    _, nonce = http("GET", "/_synapse/admin/v1/register")
    mac = hmac.new(os.environ["MXPW_E2E_SECRET"].encode(), digestmod=hashlib.sha1)
    for part in (nonce["nonce"].encode(), localpart.encode(), password.encode()):
        mac.update(part)
        mac.update(b"\x00")
    mac.update(b"admin" if admin else b"notadmin")
    status, body = http("POST", "/_synapse/admin/v1/register", {
        "nonce": nonce["nonce"], "username": localpart, "password": password,
        "admin": admin, "mac": mac.hexdigest()})
    assert status == 200, (status, body)
    return body["access_token"]


def login(user, password):
    status, body = http("POST", "/_matrix/client/v3/login", {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": user},
        "password": password})
    return status, body.get("access_token")


def whoami(token):
    return http("GET", "/_matrix/client/v3/account/whoami", token=token)[0]


def stored_hash(user_id):
    return sql("SELECT password_hash FROM users WHERE name = %s" % literal(user_id))[0]


def synapse_hash_password(password):
    out = subprocess.run(["chroot", os.environ["MXPW_E2E_CHROOT"], "synapse_hash_password",
                          "-c", os.environ["MXPW_E2E_CONFIG"], "-p", password],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def main():
    status, version = http("GET", "/_synapse/admin/v1/server_version")
    print("Synapse %s; %s" % (version.get("server_version"), sql("SELECT version()")[0]))

    alice = "@alice:" + SERVER
    register("alice", "fake-registered-password")
    admin_token = register("admin", "fake-admin-password", admin=True)

    # Synapse's own hashes verify in mxpw.
    h = stored_hash(alice)
    check(sql("SELECT mxpw_verify('fake-registered-password', %s)" % literal(h)) == ["t"],
          "hash Synapse made at registration verifies with mxpw_verify")
    check(sql("SELECT mxpw_verify('fake-other-password', %s)" % literal(h)) == ["f"],
          "a wrong password does not verify against Synapse's hash")

    # A password set in SQL logs in at once; the old one stops working.
    check(sql("SELECT mxpw_set_password(%s, 'fake-new-password-1')" % literal(alice)) == [alice],
          "mxpw_set_password returns the account")
    check(login(alice, "fake-new-password-1")[0] == 200, "new password logs in")
    check(login(alice, "fake-registered-password")[0] == 403, "old password is refused (403)")

    # Passwords NFKC changes, and passwords past 72 bytes, log in as typed.
    cases = [
        ("fake-\ufb01-\uff30\uff41\uff53\uff53", "fake-fi-Pass", "ligature and fullwidth"),
        ("fake-cafe\u0301-\u2126", "fake-caf\u00e9-\u03a9", "decomposed accent and ohm sign"),
        ("fake-" + "\u00e9" * 50, "fake-" + "\u00e9" * 34, "over 72 bytes, cut inside a character"),
        ("fake-emoji-\U0001F511-\u05e9\u05dc\u05d5\u05dd", None, "emoji and right-to-left text"),
    ]
    for pw, same, what in cases:
        sql("SELECT mxpw_set_password(%s, %s)" % (literal(alice), literal(pw)))
        check(login(alice, pw)[0] == 200, "password with %s logs in as typed" % what)
        if same is not None:
            check(login(alice, same)[0] == 200,
                  "password with %s also logs in as %r, as Synapse's recipe says" % (what, same))

    # A password with a character Unicode added after 13.0 is refused: this
    # Synapse's Python (Unicode 16.0) maps both to older characters, the
    # PostgreSQL here (Unicode 14.0) leaves them alone, and the user would be
    # locked out.  The stored hash stays, and the last password still works.
    last = cases[-1][0]
    before = stored_hash(alice)
    for char, what in (("\U0001CCF0", "U+1CCF0 (Unicode 16.0)"), ("\U0001E030", "U+1E030 (Unicode 15.0)")):
        err = sql_error("SELECT mxpw_set_password(%s, %s)" % (literal(alice), literal("fake-new-" + char)))
        check(err is not None and "Unicode normalisation" in err and stored_hash(alice) == before,
              "a password with %s is refused and the stored hash is unchanged" % what)
    check(login(alice, last)[0] == 200, "after the refusals the previous password still logs in")

    # Bare localparts and other cases reach the same account.
    for i, given in enumerate(("alice", "ALICE", "@Alice:" + SERVER)):
        pw = "fake-case-password-%d" % i
        account = sql("SELECT mxpw_set_password(%s, %s)" % (literal(given), literal(pw)))
        check(account == [alice] and login(alice, pw)[0] == 200,
              "user id %r reaches %s and its password logs in" % (given, alice))

    # A generated password logs in.
    generated = sql("SELECT mxpw_reset_password(%s)" % literal(alice))[0]
    check(login("alice", generated)[0] == 200, "mxpw_reset_password's password logs in")
    check(login("alice", "fake-case-password-2")[0] == 403, "the password before the reset is refused")

    # Synapse's hash_password output verifies, and stored it logs in.
    tool_hash = synapse_hash_password("fake-tool-password")
    check(tool_hash.startswith("$2b$"), "hash_password makes a $2b$ hash")
    check(sql("SELECT mxpw_verify('fake-tool-password', %s)" % literal(tool_hash)) == ["t"],
          "hash_password's hash verifies with mxpw_verify")
    sql("SELECT mxpw_set_password_hash(%s, %s)" % (literal(alice), literal(tool_hash)))
    check(login(alice, "fake-tool-password")[0] == 200, "hash_password's hash stored by mxpw logs in")

    # Logging out.  Synapse caches the tokens it has looked up: a deleted
    # token it has already seen keeps working until it restarts, one it has
    # not seen since it started is refused at once.
    _, seen1 = login(alice, "fake-tool-password")
    _, seen2 = login(alice, "fake-tool-password")
    _, unseen = login(alice, "fake-tool-password")
    check(whoami(seen1) == 200 and whoami(seen2) == 200, "fresh tokens answer whoami")
    revoked = int(sql("SELECT mxpw_revoke_sessions(%s)" % literal(alice))[0])
    check(revoked >= 3, "mxpw_revoke_sessions deleted the tokens (%d rows)" % revoked)
    check(sql("SELECT count(*) FROM access_tokens WHERE user_id = %s" % literal(alice)) == ["0"],
          "no access token of the user is left in the database")
    _, seen3 = login(alice, "fake-tool-password")
    check(whoami(seen3) == 200, "a token made after the revocation works")
    sql("SELECT mxpw_set_password(%s, 'fake-after-logout', logout_devices => true)" % literal(alice))
    before = (whoami(seen1), whoami(seen3), whoami(unseen))
    print("whoami before Synapse restarts, deleted tokens (seen, seen, never seen): %s" % (before,))
    check(before[0] == 200 and before[1] == 200,
          "deleted tokens Synapse had seen still answer while it runs (its token cache)")
    check(before[2] == 401, "a deleted token Synapse had not seen is refused at once (401)")
    subprocess.run(os.environ["MXPW_E2E_RESTART"], shell=True, check=True)
    after = (whoami(seen1), whoami(seen2), whoami(seen3))
    print("whoami after Synapse restarts: %s" % (after,))
    check(after == (401, 401, 401), "after a restart every deleted token is refused (401)")
    check(login(alice, "fake-after-logout")[0] == 200, "the password set with logout_devices logs in")

    # Unknown and deactivated users are refused, and nothing changes.
    register("bob", "fake-bob-password")
    status, _ = http("POST", "/_synapse/admin/v1/deactivate/@bob:" + SERVER, {"erase": False}, admin_token)
    check(status == 200, "Synapse deactivated bob")
    fingerprint = "SELECT md5(string_agg(name || coalesce(password_hash, ''), ',' ORDER BY name)) FROM users"
    before = sql(fingerprint)
    err = sql_error("SELECT mxpw_set_password('@nobody:%s', 'fake-nobody-password')" % SERVER)
    check(err is not None and "does not exist" in err, "an unknown user is refused")
    err = sql_error("SELECT mxpw_set_password('@bob:%s', 'fake-bob-new-password')" % SERVER)
    check(err is not None and "deactivated" in err, "a deactivated user is refused")
    check(sql(fingerprint) == before, "refused calls changed no row")
    check(login("bob", "fake-bob-new-password")[0] == 403, "the deactivated user cannot log in")

    # The bulk functions, with two passwords hashed by a parallel worker
    # alone: the worker gets the pepper from the caller's settings, and what
    # it hashes logs in.
    register("carol", "fake-carol-password")
    register("dan", "fake-dan-password")
    bulk_users = "ARRAY[%s, 'dan']" % literal("@carol:" + SERVER)
    accounts = ["@carol:" + SERVER, "@dan:" + SERVER]
    rows, debug = sql_in_parallel_workers(
        "SELECT * FROM mxpw_set_passwords(%s, ARRAY['fake-carol-bulk', 'fake-dan-bulk'])" % bulk_users)
    check(rows == accounts, "mxpw_set_passwords returns the accounts")
    check(re.search(r"hashed 2 passwords, 2 of them in parallel workers", debug) is not None,
          "a parallel worker hashed both passwords")
    check(login("carol", "fake-carol-bulk")[0] == 200 and login("dan", "fake-dan-bulk")[0] == 200,
          "passwords set by mxpw_set_passwords log in")
    rows, debug = sql_in_parallel_workers("SELECT * FROM mxpw_reset_passwords(%s)" % bulk_users)
    generated = dict(row.split("|", 1) for row in rows)
    check(sorted(generated) == accounts
          and re.search(r"hashed 2 passwords, 2 of them in parallel workers", debug) is not None,
          "mxpw_reset_passwords returns a password for each account, hashed in a parallel worker")
    check(all(login(user, pw)[0] == 200 for user, pw in generated.items()),
          "passwords generated by mxpw_reset_passwords log in")
    check(login("carol", "fake-carol-bulk")[0] == 403, "the password before the bulk reset is refused")

    print("e2e: %d passed, %d failed" % (results["passed"], results["failed"]))
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
