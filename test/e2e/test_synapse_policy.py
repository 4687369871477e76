"""Synapse's password_config.policy, judged by Synapse and by mxpw.

test/e2e/run starts a Synapse whose homeserver.yaml has, under
password_config, `policy:` set to the JSON in MXPW_E2E_PASSWORD_POLICY (JSON
is YAML).  Synapse judges each password below when a user chooses it
(POST /_matrix/client/v3/account/password, with user-interactive auth by
the old password; synapse/handlers/password_policy.py); then mxpw, with
mxpw.synapse_password_policy set to the same JSON, must refuse (SQLSTATE
22023) exactly the passwords Synapse refused, for the rule Synapse named
(its errcode, which mxpw's detail gives), and accept the others.

Synapse counts code points of the password as typed, before any
normalisation; its digit, upper and lower case rules are ASCII classes and
its symbol is anything else ([^a-zA-Z0-9]), so a non-ASCII letter or digit
counts as a symbol.  Every password here contains "fake" or "FAKE".
"""
import os
import re
import types

import pytest

from synapse_client import change_password, login, register, user_id

POLICY = os.environ["MXPW_E2E_PASSWORD_POLICY"]
USER = user_id("policy")

# (password, what it tries); with the policy of test/e2e/run (10 code
# points, a digit, a symbol, an upper and a lower case letter).
PASSWORDS = [
    ("fake-Pass1", "every rule met, exactly 10 code points"),
    ("fake-Pas1", "9 code points"),
    ("fake-Passw", "no digit"),
    ("fakePassw1", "no symbol"),
    ("FAKE-PASS1", "no lower case letter"),
    ("fake-pass1", "no upper case letter"),
    ("FAKE1", "too short and no lower case letter: the length is judged first"),
    ("fake-P\u00e41\u00f6", "9 code points in 11 bytes"),
    ("fake-P1ae\u0301", "10 code points, 9 once composed (NFC/NFKC)"),
    ("fake-P1\ufb01x", "9 code points, 10 once NFKC splits the ligature"),
    ("fake-P1\U0001F511x", "9 code points, 10 UTF-16 units (an emoji)"),
    ("fakePass1\U0001F511", "an emoji as the only symbol"),
    ("fakePass\u00e91", "a non-ASCII letter as the only symbol"),
    ("fakePass\u04371", "a Cyrillic letter as the only symbol"),
    ("fake Pass1", "a space as the only symbol"),
    ("fakePass1\u00a7", "a Latin-1 symbol as the only symbol"),
    ("fake-Pass\u0661", "an Arabic-Indic digit as the only digit"),
    ("fake-Pass\uff11", "a fullwidth digit as the only digit (NFKC would make it ASCII)"),
    ("fake-pass1\uff30", "a fullwidth capital as the only capital"),
    ("fake-pass1\u03a9", "a Greek capital as the only capital"),
    ("FAKE-\u00e4\u00f6\u00fc-123", "non-ASCII lower case letters only"),
    ("fake-Pass1" * 10, "100 code points"),
]


@pytest.fixture(scope="module")
def judged():
    """Synapse's verdict on each password: None when it took it, else its
    errcode."""
    register("policy", "fake-Policy-start-0")
    current = "fake-Policy-start-0"
    token = login(USER, current)[1]
    verdicts = []
    for password, what in PASSWORDS:
        status, errcode = change_password(token, USER, current, password)
        assert status in (200, 400), "Synapse judged the password with %s (%d: %s)" % (what, status, errcode)
        verdicts.append(None if status == 200 else errcode)
        if status == 200:
            current = password
    return types.SimpleNamespace(verdicts=verdicts, current=current)


def test_synapse_applies_every_rule(judged):
    seen = sorted({v for v in judged.verdicts if v is not None})
    print("Synapse's verdicts: %s" % [v or "accepted" for v in judged.verdicts])
    assert seen == ["M_PASSWORD_NO_DIGIT", "M_PASSWORD_NO_LOWERCASE", "M_PASSWORD_NO_SYMBOL",
                    "M_PASSWORD_NO_UPPERCASE", "M_PASSWORD_TOO_SHORT"] and None in judged.verdicts, \
        "Synapse enforced the policy: it refused passwords for each of its rules and took others"


def test_last_accepted_password_logs_in(judged):
    assert login(USER, judged.current)[0] == 200, "the last password Synapse took logs in"


def mxpw_verdict(pg, password):
    """mxpw_set_password's answer with the policy set: None when it took the
    password, else the SQLSTATE, and the error's text."""
    err = pg.error("\\set VERBOSITY verbose\n"
                   "SET mxpw.synapse_password_policy = %s;\n"
                   "SELECT mxpw_set_password(%s, %s);\n"
                   % (pg.literal(POLICY), pg.literal(USER), pg.literal(password)))
    if err is None:
        return None, ""
    m = re.search(r"ERROR:\s+([0-9A-Z]{5}):", err)
    return (m.group(1) if m else "no SQLSTATE"), err


def test_mxpw_refuses_what_synapse_refuses(pg, judged):
    if pg.rows("SELECT count(*) FROM pg_settings WHERE name = 'mxpw.synapse_password_policy'") != ["1"]:
        pytest.skip("this mxpw has no setting mxpw.synapse_password_policy")
    mismatches = []
    for (password, what), synapse in zip(PASSWORDS, judged.verdicts):
        sqlstate, err = mxpw_verdict(pg, password)
        want = None if synapse is None else "22023"
        problems = [p for p, wrong in (
            ("mxpw %s" % (sqlstate or "accepted"), sqlstate != want),
            ("mxpw's error names another rule", synapse is not None and synapse not in err),
            ("the error shows the password", password in err)) if wrong]
        if problems:
            mismatches.append("%s: Synapse %s; %s" % (what, synapse or "accepted", ", ".join(problems)))
    assert mismatches == [], \
        "mxpw refuses (22023) exactly the passwords Synapse refuses, naming Synapse's errcode, never the password"
