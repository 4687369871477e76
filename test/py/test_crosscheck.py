"""Cross-checks mxpw against pyca bcrypt, the library Synapse hashes with,
using Synapse's own recipe, both ways:

- hashes made here the way Synapse makes them verify with mxpw_verify;
- hashes made by mxpw_hash verify here the way Synapse's login checks them.

Runs in a database of its own, mxpw_crosscheck, on the cluster the PG*
variables point at.  Passwords are fake, with a fake pepper; a test's name
gives a password's index, never the password.
"""
import unicodedata

import bcrypt
import pytest

PEPPER = "fake-crosscheck-p\u00e9pper"
PASSWORDS = [
    "fake-simple-password",
    "fake-\ufb01-ligature",                       # NFKC: fi
    "fake-cafe\u0301-decomposed",                # NFKC composes
    "\uff46\uff41\uff4b\uff45-fullwidth",        # NFKC: fake-fullwidth
    "fake-\u2126\u00b2-ohm-squared",
    "fake-emoji-\U0001F511\U0001F469\u200d\U0001F4BB",
    "fake-rtl-\u05e9\u05dc\u05d5\u05dd-\u0645\u0631\u062d\u0628\u0627",
    "fake-" + "x" * 60,                          # pepper cut after 72 bytes
    "fake-" + "\u00e9" * 40,                     # cut inside a character
    "fake-" + "y" * 300,                         # far past 72 bytes
    "fake-a\u0308\u0301\u0323-combining",
]


def synapse_key(password, pepper=PEPPER):
    # Synapse: NFKC, UTF-8, pepper appended; bcrypt reads 72 bytes.
    key = unicodedata.normalize("NFKC", password).encode("utf8") + pepper.encode("utf8")
    return key[:72]


def rounds(i):
    # Synapse's default cost for the first password, the cheapest for the rest.
    return 12 if i == 0 else 4


EVERY = pytest.mark.parametrize("i", range(len(PASSWORDS)), ids=lambda i: "password %d" % i)
# Where the password leaves room for some of the pepper; else the pepper is
# cut off, as in Synapse.
PEPPERED = pytest.mark.parametrize("i", [i for i, pw in enumerate(PASSWORDS) if len(synapse_key(pw, "")) < 72],
                                   ids=lambda i: "password %d" % i)


@pytest.fixture(scope="module")
def psql(pg):
    """Runs SQL with the test pepper in mxpw_crosscheck; returns its rows."""
    with pg.database("mxpw_crosscheck") as db:
        # Passwords that leave part of the pepper in bcrypt's key are part of
        # the recipe to check; mxpw refuses them unless a superuser allows it.
        setup = "SET mxpw.pepper = %s;\nSET mxpw.allow_partial_pepper = on;\n" % pg.literal(PEPPER)
        yield lambda sql: pg.rows(setup + sql, db)


@pytest.fixture(scope="module")
def verified(pg, psql):
    """Hashes made by pyca bcrypt the way Synapse makes them, verified by
    mxpw with their password and a wrong one: {i: (good, bad)}."""
    hashes = [bcrypt.hashpw(synapse_key(pw), bcrypt.gensalt(rounds(i))).decode()
              for i, pw in enumerate(PASSWORDS)]
    sql = "\n".join("SELECT %d, mxpw_verify(%s, %s), mxpw_verify(%s, %s);"
                    % (i, pg.literal(pw), pg.literal(h), pg.literal("wrong-" + pw), pg.literal(h))
                    for i, (pw, h) in enumerate(zip(PASSWORDS, hashes)))
    rows = [line.split("|") for line in psql(sql)]
    return {int(i): (good, bad) for i, good, bad in rows}


@pytest.fixture(scope="module")
def mxpw_hashes(pg, psql):
    """mxpw_hash of every password: {i: hash}."""
    sql = "\n".join("SELECT %d, mxpw_hash(%s, %d);" % (i, pg.literal(pw), rounds(i))
                    for i, pw in enumerate(PASSWORDS))
    return {int(i): h for i, h in (line.split("|") for line in psql(sql))}


# pyca bcrypt -> mxpw_verify, at cost 4 and at Synapse's default 12.

@EVERY
def test_pyca_hash_verifies_in_mxpw(verified, i):
    assert verified[i][0] == "t", "pyca hash of password %s does not verify in mxpw" % i


@EVERY
def test_wrong_password_refused_by_mxpw(verified, i):
    assert verified[i][1] == "f", "wrong password %s verifies in mxpw" % i


# mxpw_hash -> pyca bcrypt checkpw, as Synapse's login does.

@EVERY
def test_mxpw_hash_is_2b(mxpw_hashes, i):
    assert mxpw_hashes[i].startswith("$2b$"), "mxpw hash %s is not $2b$" % i


@EVERY
def test_mxpw_hash_passes_pyca_checkpw(mxpw_hashes, i):
    ok = bcrypt.checkpw(synapse_key(PASSWORDS[i]), mxpw_hashes[i].encode())
    assert ok, "mxpw hash of password %s fails pyca checkpw" % i


@PEPPERED
def test_mxpw_hash_uses_the_pepper(mxpw_hashes, i):
    accepted = bcrypt.checkpw(synapse_key(PASSWORDS[i], ""), mxpw_hashes[i].encode())
    assert not accepted, "mxpw hash %s ignores the pepper" % i


@EVERY
def test_mxpw_hash_refuses_a_wrong_password(mxpw_hashes, i):
    accepted = bcrypt.checkpw(synapse_key("wrong-" + PASSWORDS[i]), mxpw_hashes[i].encode())
    assert not accepted, "mxpw hash %s accepts a wrong password" % i
