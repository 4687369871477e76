"""End-to-end tests of mxpw against a real Synapse.

Run by test/e2e/run, which starts PostgreSQL and Synapse and passes in:
  MXPW_E2E_URL       Synapse's client-server API base URL
  MXPW_E2E_SECRET    the registration shared secret
  MXPW_E2E_CHROOT    the root Synapse runs in (for its hash_password tool)
  MXPW_E2E_CONFIG    homeserver.yaml's path inside that root
  MXPW_E2E_RESTART   a command that restarts Synapse
and the usual PG* variables for psql (superuser, Synapse's database).

One story, told in order: each test starts from the state the ones before
it left (in `story`), as pytest runs a module's tests in the order they are
written.  Every password here is fake and contains "fake", except the
generated ones, which no message shows.
"""
import os
import re
import socket
import subprocess
import types

import pytest

from synapse_client import (SERVER, PushGateway, http, login, register, send_message,
                            user_id, whoami)

ALICE = user_id("alice")
BULK = [user_id("carol"), user_id("dan")]


def logs_in(user, password):
    """The status of a login, the only thing a test asserts on."""
    return login(user, password)[0]


def in_parallel_workers(pg, statement):
    """One statement with parallel workers forced on, and the caller not
    hashing; returns its rows and the DEBUG messages, which say how the
    hashing was shared."""
    out = pg.run("SELECT set_config(name, 'on', false) FROM pg_settings"
                 " WHERE name IN ('force_parallel_mode', 'debug_parallel_query');\n"
                 "SET parallel_leader_participation = off;\n"
                 "SET client_min_messages = debug1;\n" + statement + ";\n")
    return out.stdout.splitlines()[1:], out.stderr


@pytest.fixture(scope="module")
def story(pg):
    """Alice and an admin, registered by Synapse; the state the tests pass on."""
    _, version = http("GET", "/_synapse/admin/v1/server_version")
    print("Synapse %s; %s" % (version.get("server_version"), pg.rows("SELECT version()")[0]))
    register("alice", "fake-registered-password")
    return types.SimpleNamespace(admin_token=register("admin", "fake-admin-password", admin=True))


def set_password(pg, user, password, extra=""):
    return pg.rows("SELECT mxpw_set_password(%s, %s%s)" % (pg.literal(user), pg.literal(password), extra))


def stored_hash(pg, user):
    return pg.rows("SELECT password_hash FROM users WHERE name = %s" % pg.literal(user))[0]


def verifies(pg, password, hash):
    return pg.rows("SELECT mxpw_verify(%s, %s)" % (pg.literal(password), pg.literal(hash)))


# Synapse's own hashes verify in mxpw.

def test_synapse_hash_verifies(pg, story):
    assert verifies(pg, "fake-registered-password", stored_hash(pg, ALICE)) == ["t"], \
        "hash Synapse made at registration verifies with mxpw_verify"


def test_wrong_password_does_not_verify(pg, story):
    assert verifies(pg, "fake-other-password", stored_hash(pg, ALICE)) == ["f"], \
        "a wrong password does not verify against Synapse's hash"


# A password set in SQL logs in at once; the old one stops working.

def test_set_password_returns_the_account(pg, story):
    assert set_password(pg, ALICE, "fake-new-password-1") == [ALICE], "mxpw_set_password returns the account"


def test_new_password_logs_in(story):
    assert logs_in(ALICE, "fake-new-password-1") == 200, "new password logs in"


def test_old_password_refused(story):
    assert logs_in(ALICE, "fake-registered-password") == 403, "old password is refused (403)"


# Passwords NFKC changes, and passwords past 72 bytes, log in as typed, and
# as Synapse's recipe makes them.  Each case sets the password, then logs in
# as typed, then in the other form.
CASES = [
    ("fake-\ufb01-\uff30\uff41\uff53\uff53", "fake-fi-Pass", "ligature and fullwidth"),
    ("fake-cafe\u0301-\u2126", "fake-caf\u00e9-\u03a9", "decomposed accent and ohm sign"),
    ("fake-" + "\u00e9" * 50, "fake-" + "\u00e9" * 34, "over 72 bytes, cut inside a character"),
    ("fake-emoji-\U0001F511-\u05e9\u05dc\u05d5\u05dd", None, "emoji and right-to-left text"),
]


@pytest.mark.parametrize("i,form", [(i, form) for i, (_, same, _) in enumerate(CASES)
                                    for form in ("typed", "same") if form == "typed" or same is not None],
                         ids=lambda v: str(v))
def test_unicode_password_logs_in(pg, story, i, form):
    pw, same, what = CASES[i]
    if form == "typed":
        set_password(pg, ALICE, pw)
        assert logs_in(ALICE, pw) == 200, "password with %s logs in as typed" % what
    else:
        assert logs_in(ALICE, same) == 200, \
            "password with %s also logs in as Synapse's recipe makes it (case %d)" % (what, i)


# A password with a character Unicode added after 13.0 is refused: this
# Synapse's Python (Unicode 16.0) maps both to older characters, the
# PostgreSQL here (Unicode 14.0) leaves them alone, and the user would be
# locked out.  The stored hash stays, and the last password still works.

@pytest.mark.parametrize("char,what", [("\U0001CCF0", "U+1CCF0 (Unicode 16.0)"), ("\U0001E030", "U+1E030 (Unicode 15.0)")],
                         ids=["U+1CCF0", "U+1E030"])
def test_new_unicode_refused(pg, story, char, what):
    before = stored_hash(pg, ALICE)
    err = pg.error("SELECT mxpw_set_password(%s, %s)" % (pg.literal(ALICE), pg.literal("fake-new-" + char)))
    assert err is not None and "Unicode normalisation" in err and stored_hash(pg, ALICE) == before, \
        "a password with %s is refused and the stored hash is unchanged" % what


def test_previous_password_still_logs_in(story):
    assert logs_in(ALICE, CASES[-1][0]) == 200, "after the refusals the previous password still logs in"


# Bare localparts and other cases reach the same account.

@pytest.mark.parametrize("i,given", enumerate(("alice", "ALICE", "@Alice:" + SERVER)), ids=lambda v: str(v))
def test_user_id_forms(pg, story, i, given):
    pw = "fake-case-password-%d" % i
    account = set_password(pg, given, pw)
    assert account == [ALICE] and logs_in(ALICE, pw) == 200, \
        "user id %r reaches %s and its password logs in" % (given, ALICE)


# A generated password logs in.

def test_reset_password_logs_in(pg, story):
    generated = pg.rows("SELECT mxpw_reset_password(%s)" % pg.literal(ALICE))[0]
    status = logs_in("alice", generated)
    assert status == 200, "mxpw_reset_password's password logs in"


def test_password_before_reset_refused(story):
    assert logs_in("alice", "fake-case-password-2") == 403, "the password before the reset is refused"


# Synapse's hash_password output verifies, and stored it logs in.

def test_hash_password_makes_2b(story):
    out = subprocess.run(["chroot", os.environ["MXPW_E2E_CHROOT"], "synapse_hash_password",
                          "-c", os.environ["MXPW_E2E_CONFIG"], "-p", "fake-tool-password"],
                         capture_output=True, text=True, check=True)
    story.tool_hash = out.stdout.strip().splitlines()[-1]
    assert story.tool_hash.startswith("$2b$"), "hash_password makes a $2b$ hash"


def test_hash_password_hash_verifies(pg, story):
    assert verifies(pg, "fake-tool-password", story.tool_hash) == ["t"], "hash_password's hash verifies with mxpw_verify"


def test_hash_password_hash_stored_logs_in(pg, story):
    pg.rows("SELECT mxpw_set_password_hash(%s, %s)" % (pg.literal(ALICE), pg.literal(story.tool_hash)))
    assert logs_in(ALICE, "fake-tool-password") == 200, "hash_password's hash stored by mxpw logs in"


# Logging out.  Synapse caches the tokens it has looked up: a deleted token
# it has already seen keeps working until it restarts, one it has not seen
# since it started is refused at once.  Logging out also deletes the pushers
# of the user's devices, and the running Synapse keeps pushing to those it
# had started until it restarts.  Alice's pushers are registered from her
# first device; erin's, in the same room, shows that pushes do arrive.
ERIN = user_id("erin")


@pytest.fixture(scope="module")
def gateway():
    g = PushGateway()
    yield g
    g.close()


def add_pusher(token, pushkey, url):
    status, body = http("POST", "/_matrix/client/v3/pushers/set", {
        "kind": "http", "app_id": "test.mxpw.e2e", "app_display_name": "mxpw e2e",
        "device_display_name": "e2e", "pushkey": pushkey, "lang": "en",
        "data": {"url": url}}, token)
    assert status == 200, "Synapse registered pusher %s (%d: %s)" % (pushkey, status, body.get("errcode"))


def dead_url():
    """A push gateway URL on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return "http://127.0.0.1:%d%s" % (s.getsockname()[1], PushGateway.PATH)


def listed_pushers(token):
    status, body = http("GET", "/_matrix/client/v3/pushers", token=token)
    assert status == 200, "GET /pushers answered (%d)" % status
    return sorted(p["pushkey"] for p in body["pushers"])


def table_pushers(pg, user):
    return pg.rows("SELECT pushkey FROM pushers WHERE user_name = %s ORDER BY pushkey" % pg.literal(user))


def test_fresh_tokens_answer(story):
    story.seen1 = login(ALICE, "fake-tool-password")[1]
    story.seen2 = login(ALICE, "fake-tool-password")[1]
    story.unseen = login(ALICE, "fake-tool-password")[1]
    statuses = (whoami(story.seen1), whoami(story.seen2))
    assert statuses == (200, 200), "fresh tokens answer whoami"


def test_pushers_registered(pg, story, gateway):
    erin = register("erin", "fake-erin-password")
    status, body = http("POST", "/_matrix/client/v3/createRoom",
                        {"preset": "private_chat", "invite": [ALICE, ERIN]}, story.admin_token)
    assert status == 200, "the admin made a room (%d: %s)" % (status, body.get("errcode"))
    story.room = body["room_id"]
    for token in (story.seen1, erin):
        status, body = http("POST", "/_matrix/client/v3/join/" + story.room, {}, token)
        assert status == 200, "joined the room (%d: %s)" % (status, body.get("errcode"))
    add_pusher(story.seen1, "alice-gateway", gateway.url)
    add_pusher(story.seen1, "alice-dead", dead_url())
    add_pusher(erin, "erin-gateway", gateway.url)
    assert listed_pushers(story.seen1) == table_pushers(pg, ALICE) == ["alice-dead", "alice-gateway"], \
        "alice's two pushers are in GET /pushers and in the table"


def test_pushes_arrive(story, gateway):
    event = send_message(story.admin_token, story.room, "before the logout")
    arrived = (gateway.wait(event, "alice-gateway", 30), gateway.wait(event, "erin-gateway", 30))
    assert arrived == (True, True), "Synapse pushed the message to alice's and erin's pushers"


def test_revoke_sessions_deletes_the_tokens(pg, story):
    tokens = int(pg.rows("SELECT (SELECT count(*) FROM access_tokens WHERE user_id = %(u)s)"
                         " + (SELECT count(*) FROM refresh_tokens WHERE user_id = %(u)s)"
                         % {"u": pg.literal(ALICE)})[0])
    revoked = int(pg.rows("SELECT mxpw_revoke_sessions(%s)" % pg.literal(ALICE))[0])
    assert revoked == tokens >= 3, \
        "mxpw_revoke_sessions returns how many tokens it deleted, pushers not counted (%d of %d)" % (revoked, tokens)


def test_no_token_left(pg, story):
    assert pg.rows("SELECT count(*) FROM access_tokens WHERE user_id = %s" % pg.literal(ALICE)) == ["0"], \
        "no access token of the user is left in the database"


def test_revoke_sessions_deletes_the_pushers(pg, story):
    left = (table_pushers(pg, ALICE), table_pushers(pg, ERIN))
    assert left == ([], ["erin-gateway"]), "alice's pushers are gone from the table, erin's is kept"


def test_token_after_revocation_works(story):
    story.seen3 = login(ALICE, "fake-tool-password")[1]
    status = whoami(story.seen3)
    assert status == 200, "a token made after the revocation works"


def test_no_pusher_listed(story):
    assert listed_pushers(story.seen3) == [], "GET /pushers lists none of alice's pushers"


def test_running_synapse_still_pushes_to_deleted_pusher(story, gateway):
    story.deleted_event = send_message(story.admin_token, story.room, "after the logout")
    arrived = gateway.wait(story.deleted_event, "alice-gateway", 30)
    print("a message sent after mxpw deleted the pusher reached it: %s" % arrived)
    assert arrived, "the running Synapse still pushes to the pusher mxpw deleted (it keeps pushers in memory)"


def test_seen_deleted_tokens_answer_until_restart(pg, story):
    set_password(pg, ALICE, "fake-after-logout", ", logout_devices => true")
    story.before = (whoami(story.seen1), whoami(story.seen3), whoami(story.unseen))
    print("whoami before Synapse restarts, deleted tokens (seen, seen, never seen): %s" % (story.before,))
    assert story.before[0] == 200 and story.before[1] == 200, \
        "deleted tokens Synapse had seen still answer while it runs (its token cache)"


def test_unseen_deleted_token_refused(story):
    assert story.before[2] == 401, "a deleted token Synapse had not seen is refused at once (401)"


def test_restart_refuses_every_deleted_token(story):
    subprocess.run(os.environ["MXPW_E2E_RESTART"], shell=True, check=True)
    after = (whoami(story.seen1), whoami(story.seen2), whoami(story.seen3))
    print("whoami after Synapse restarts: %s" % (after,))
    assert after == (401, 401, 401), "after a restart every deleted token is refused (401)"


def test_restarted_synapse_stops_pushing(story, gateway):
    event = send_message(story.admin_token, story.room, "after the restart")
    erin = gateway.wait(event, "erin-gateway", 30)
    # Erin's push came: alice's, had Synapse still held her pusher, would
    # have come with it.
    alice = gateway.wait(event, "alice-gateway", 2)
    assert (erin, alice) == (True, False), \
        "after a restart Synapse pushes to erin's pusher and no longer to alice's deleted one"


def test_logout_devices_password_logs_in(story):
    assert logs_in(ALICE, "fake-after-logout") == 200, "the password set with logout_devices logs in"


# Unknown and deactivated users are refused, and nothing changes.
FINGERPRINT = "SELECT md5(string_agg(name || coalesce(password_hash, ''), ',' ORDER BY name)) FROM users"


def test_synapse_deactivates_bob(pg, story):
    register("bob", "fake-bob-password")
    status, _ = http("POST", "/_synapse/admin/v1/deactivate/" + user_id("bob"), {"erase": False}, story.admin_token)
    story.fingerprint = pg.rows(FINGERPRINT)
    assert status == 200, "Synapse deactivated bob"


def test_unknown_user_refused(pg, story):
    err = pg.error("SELECT mxpw_set_password('@nobody:%s', 'fake-nobody-password')" % SERVER)
    assert err is not None and "does not exist" in err, "an unknown user is refused"


def test_deactivated_user_refused(pg, story):
    err = pg.error("SELECT mxpw_set_password('@bob:%s', 'fake-bob-new-password')" % SERVER)
    assert err is not None and "deactivated" in err, "a deactivated user is refused"


def test_refused_calls_changed_no_row(pg, story):
    assert pg.rows(FINGERPRINT) == story.fingerprint, "refused calls changed no row"


def test_deactivated_user_cannot_log_in(story):
    assert logs_in("bob", "fake-bob-new-password") == 403, "the deactivated user cannot log in"


# The bulk functions, with two passwords hashed by a parallel worker alone:
# the worker gets the pepper from the caller's settings, and what it hashes
# logs in.
BULK_USERS = "ARRAY['%s', 'dan']" % BULK[0]
BOTH_IN_WORKERS = r"hashed 2 passwords, 2 of them in parallel workers"


def test_set_passwords_returns_the_accounts(pg, story):
    register("carol", "fake-carol-password")
    register("dan", "fake-dan-password")
    rows, story.debug = in_parallel_workers(
        pg, "SELECT * FROM mxpw_set_passwords(%s, ARRAY['fake-carol-bulk', 'fake-dan-bulk'])" % BULK_USERS)
    assert rows == BULK, "mxpw_set_passwords returns the accounts"


def test_set_passwords_hashed_in_a_worker(story):
    assert re.search(BOTH_IN_WORKERS, story.debug) is not None, "a parallel worker hashed both passwords"


def test_set_passwords_log_in(story):
    assert logs_in("carol", "fake-carol-bulk") == 200 and logs_in("dan", "fake-dan-bulk") == 200, \
        "passwords set by mxpw_set_passwords log in"


def test_reset_passwords_returns_passwords(pg, story):
    rows, debug = in_parallel_workers(pg, "SELECT * FROM mxpw_reset_passwords(%s)" % BULK_USERS)
    story.generated = dict(row.split("|", 1) for row in rows)
    accounts = sorted(story.generated)
    assert accounts == BULK and re.search(BOTH_IN_WORKERS, debug) is not None, \
        "mxpw_reset_passwords returns a password for each account, hashed in a parallel worker"


def test_reset_passwords_log_in(story):
    statuses = [logs_in(user, pw) for user, pw in story.generated.items()]
    assert statuses == [200] * len(BULK), "passwords generated by mxpw_reset_passwords log in"


def test_password_before_bulk_reset_refused(story):
    assert logs_in("carol", "fake-carol-bulk") == 403, "the password before the bulk reset is refused"
