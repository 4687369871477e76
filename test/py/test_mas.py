"""mxpw in the database of Matrix Authentication Service (MAS).

Runs in databases of their own (mxpw_mas*, copies of one loaded with
test/mas-schema.sql) on the cluster the PG* variables point at, as its
superuser, with the cluster's mxpw preloaded (test/run).

MAS's recipe (crates/handlers/src/passwords.rs at 682b8d26) is done here
independently of mxpw, in Python:
- optional NFKC ("unicode_normalization"), then the UTF-8 bytes;
- bcrypt (pyca bcrypt): the secret appended, bcrypt reads 72 bytes;
- pbkdf2-sha256 (hashlib): the secret appended;
- argon2id (python3-argon2, through argon2.low_level's cffi binding): the
  secret is Argon2's own secret input ("keyed hashing"), which argon2-cffi's
  higher-level functions do not offer.
The known answers are MAS's own test vectors (password hunter2, secret
a-secret-pepper, crates/handlers/src/snapshots/).  Every other password and
secret here is fake and contains "fake"; test/check-log scans the server log
for them after this suite.  Exact error messages are not asserted, only
SQLSTATEs and what the calls did.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import tempfile
import time
import unicodedata
import uuid

import bcrypt
import pytest
from argon2 import low_level

TEST_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAS_SCHEMA = os.path.join(TEST_DIR, "mas-schema.sql")
TEMPLATE = "mxpw_mas_template"
DB = "mxpw_mas"

# The fake users of test/mas-schema.sql.
USERS = {
    "alice": "018cc820-d888-4d41-5300-000000000001",
    "Alice": "018cc820-dc70-4d41-5300-000000000002",
    "bob": "018cc820-e058-4d41-5300-000000000003",
    "carol": "018cc820-e440-4d41-5300-000000000004",   # locked
    "dave": "018cc820-e828-4d41-5300-000000000005",    # deactivated
    "erin": "018cc820-ec10-4d41-5300-000000000006",    # sessions of every kind
    "frank": "018cc820-eff8-4d41-5300-000000000007",   # no password
    "twin": "018cc820-f3e0-4d41-5300-000000000008",
    "TwIn": "018cc820-f7c8-4d41-5300-000000000009",
}

# --- MAS's recipe, independently of mxpw ---------------------------------

def b64(b):
    return base64.b64encode(b).decode().rstrip("=")


def unb64(s):
    return base64.b64decode(s + "=" * (-len(s) % 4))


def argon2id_raw(password, salt, secret, m, t, p, outlen):
    """Argon2id with Argon2's secret input, as RustCrypto's
    Argon2::new_with_secret (argon2-cffi's hash_secret_raw has no secret)."""
    ffi, lib = low_level.ffi, low_level.lib
    out = ffi.new("uint8_t[]", outlen)
    pwd = ffi.new("uint8_t[]", password or b"\0")
    salt_buf = ffi.new("uint8_t[]", salt)
    secret_buf = ffi.new("uint8_t[]", secret) if secret else ffi.NULL
    ctx = ffi.new("argon2_context *", dict(
        out=out, outlen=outlen, pwd=pwd, pwdlen=len(password),
        salt=salt_buf, saltlen=len(salt),
        secret=secret_buf, secretlen=len(secret) if secret else 0,
        ad=ffi.NULL, adlen=0, t_cost=t, m_cost=m, lanes=p, threads=p,
        version=low_level.ARGON2_VERSION, allocate_cbk=ffi.NULL, free_cbk=ffi.NULL,
        flags=lib.ARGON2_DEFAULT_FLAGS))
    rc = low_level.core(ctx, low_level.Type.ID.value)
    assert rc == lib.ARGON2_OK, low_level.error_to_str(rc)
    return bytes(ffi.buffer(out, outlen))


def mas_key(scheme, password):
    if scheme.get("unicode_normalization"):
        password = unicodedata.normalize("NFKC", password)
    return password.encode("utf-8"), scheme.get("secret", "").encode("utf-8")


def mas_check(scheme, password, hashed):
    """MAS's check of password against hashed under scheme."""
    key, secret = mas_key(scheme, password)
    algorithm = scheme["algorithm"]
    if algorithm == "bcrypt":
        return hashed.startswith("$2b$") and bcrypt.checkpw((key + secret)[:72], hashed.encode())
    if algorithm == "argon2id":
        parts = hashed.split("$")
        if len(parts) != 6 or parts[1] != "argon2id":
            return False
        params = dict(kv.split("=") for kv in parts[3].split(","))
        digest = unb64(parts[5])
        mine = argon2id_raw(key, unb64(parts[4]), secret, int(params["m"]), int(params["t"]),
                            int(params["p"]), len(digest))
        return hmac.compare_digest(mine, digest)
    if algorithm == "pbkdf2":
        parts = hashed.split("$")
        if len(parts) != 5 or parts[1] != "pbkdf2-sha256":
            return False
        params = dict(kv.split("=") for kv in parts[2].split(","))
        digest = unb64(parts[4])
        mine = hashlib.pbkdf2_hmac("sha256", key + secret, unb64(parts[3]), int(params["i"]), len(digest))
        return hmac.compare_digest(mine, digest)
    raise ValueError(algorithm)


def mas_hash(scheme, password):
    """A hash made the way MAS makes it (MAS's default parameters)."""
    key, secret = mas_key(scheme, password)
    salt = secrets.token_bytes(16)
    algorithm = scheme["algorithm"]
    if algorithm == "bcrypt":
        return bcrypt.hashpw((key + secret)[:72], bcrypt.gensalt(scheme.get("cost", 12))).decode()
    if algorithm == "argon2id":
        return "$argon2id$v=19$m=19456,t=2,p=1$%s$%s" % (
            b64(salt), b64(argon2id_raw(key, salt, secret, 19456, 2, 1, 32)))
    return "$pbkdf2-sha256$i=600000,l=32$%s$%s" % (
        b64(salt), b64(hashlib.pbkdf2_hmac("sha256", key + secret, salt, 600000, 32)))


CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid(u):
    """The ULID (Crockford base32, 26 characters) of a uuid, as MAS prints it."""
    n = uuid.UUID(u).int
    return "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in range(25, -1, -1))


def test_python_recipe_on_mas_known_answers():
    # The recipe above against MAS's own vectors before it judges mxpw.
    for h, scheme, ok in KNOWN_ANSWERS:
        assert mas_check(KAT_SCHEMES[scheme - 1], "hunter2", h), h
    # The example pair of the ULID specification's implementations.
    assert ulid("01563e3a-b5d3-d676-4c61-efb99302bd5b") == "01ARZ3NDEKTSV4RRFFQ69G5FAV"

# --- MAS's known answers -------------------------------------------------

KAT_SECRET = "a-secret-pepper"
KAT_SCHEMES = [
    {"version": 1, "algorithm": "bcrypt", "cost": 10, "secret": KAT_SECRET},
    {"version": 2, "algorithm": "bcrypt", "cost": 10},
    {"version": 3, "algorithm": "argon2id", "secret": KAT_SECRET},
    {"version": 4, "algorithm": "argon2id"},
    {"version": 5, "algorithm": "pbkdf2", "secret": KAT_SECRET},
    {"version": 6, "algorithm": "pbkdf2"},
]
# (hash, the version of KAT_SCHEMES it was made with, whether it has a secret)
KNOWN_ANSWERS = [
    ("$2b$10$c/EX8bTbEMfTn4oCvcQyBOR1zPyLmGzZ2pMXoElLASqv2qpq5X15i", 1, True),
    ("$2b$10$mqjtwG6w3GawhuQQdwBCqOt0TQ0V4vGhB.tMuCZO8WL.ycBHkOLca", 2, False),
    ("$argon2id$v=19$m=19456,t=2,p=1$eEi11xG8mIOZYxej+ckCaQ$eBeygPqiuImQAaFQOkE6oVkPfqxIGgnqpQd/MwW4YX4", 3, True),
    ("$argon2id$v=19$m=19456,t=2,p=1$1WdxAF1UChkYSTnJ6NDbKg$ajKAfwlUmkbxITSdh55j+Hvoxzppx20ArNUF44oV9Nk", 4, False),
    ("$pbkdf2-sha256$i=600000,l=32$eEi11xG8mIOZYxej+ckCaQ$uyS+Ip4DieQ9S+m1EcT+vCtuiWpQ3TsDGPLY4mwkOxc", 5, True),
    ("$pbkdf2-sha256$i=600000,l=32$1WdxAF1UChkYSTnJ6NDbKg$uwgJSFAtjA082fY37K09Q5Hjbw3mBjFI/JLW9sw0F2A", 6, False),
]
KAT_IDS = ["bcrypt secret", "bcrypt", "argon2id secret", "argon2id", "pbkdf2 secret", "pbkdf2"]

# --- the schemes of the other tests ---------------------------------------

OLD = {"version": 1, "algorithm": "bcrypt", "cost": 4, "secret": "fake-mas-secret-v1"}
MAIN = [OLD, {"version": 2, "algorithm": "argon2id", "secret": "fake-mas-secret-v2",
              "unicode_normalization": True}]
CURRENT = MAIN[-1]

# The current scheme (version 2 over the old bcrypt one) of the cross-check.
CROSS_SCHEMES = {
    "bcrypt secret nfkc": {"algorithm": "bcrypt", "cost": 4, "secret": "fake-mas-secret-b",
                           "unicode_normalization": True},
    "bcrypt": {"algorithm": "bcrypt", "cost": 5},
    "argon2id secret nfkc": {"algorithm": "argon2id", "secret": "fake-mas-secret-a",
                             "unicode_normalization": True},
    "argon2id": {"algorithm": "argon2id"},
    "pbkdf2 secret": {"algorithm": "pbkdf2", "secret": "fake-mas-secret-p"},
    "pbkdf2 nfkc": {"algorithm": "pbkdf2", "unicode_normalization": True},
}
PASSWORDS = [
    "fake-simple-password",
    "fake-\ufb01-ligature",                  # NFKC: fi
    "fake-cafe\u0301-decomposed",           # NFKC composes
    "fake-emoji-\U0001F511-\u05e9\u05dc\u05d5\u05dd",
    "fake-" + "x" * 80,                     # bcrypt: past 72 bytes, secret cut off
    "fake-" + "\u00e9" * 20 + "\u00e8" * 20,  # 85 bytes, cut inside a character
]
NFKC_CHANGES = [i for i, pw in enumerate(PASSWORDS) if unicodedata.normalize("NFKC", pw) != pw]


def schemes_json(schemes):
    return json.dumps(schemes)

# --- running SQL ----------------------------------------------------------


def setup_sql(pg, schemes=MAIN, server_name="example.com"):
    # mxpw.allow_partial_pepper: passwords that leave part of a bcrypt
    # secret in the key are part of MAS's recipe to check.
    s = "\\set VERBOSITY verbose\nLOAD 'mxpw';\nSET mxpw.allow_partial_pepper = on;\n"
    if server_name:
        s += "SET mxpw.server_name = %s;\n" % pg.literal(server_name)
    if schemes is not None:
        s += "SET mxpw.mas_password_schemes = %s;\n" % pg.literal(schemes_json(schemes))
    return s


SQLSTATE = re.compile(r"ERROR:  ([0-9A-Z]{5}): ")


class Mas:
    """SQL in one database, each script in one psql session after the
    settings (the schemes, server_name)."""

    def __init__(self, pg, db):
        self.pg, self.db = pg, db

    def rows(self, sql, schemes=MAIN, server_name="example.com"):
        return self.pg.rows(setup_sql(self.pg, schemes, server_name) + sql, self.db)

    def one(self, sql, **kw):
        rows = self.rows(sql, **kw)
        assert len(rows) == 1, rows
        return rows[0]

    def fails(self, sql, **kw):
        """The SQLSTATE of the first error of the script (which must fail),
        and psql's messages."""
        err = self.pg.error(setup_sql(self.pg, kw.get("schemes", MAIN), kw.get("server_name", "example.com"))
                            + sql, self.db)
        assert err is not None, "the script did not fail"
        m = SQLSTATE.search(err)
        assert m, err
        return m.group(1), err

    def state(self):
        """A digest of every table mxpw may write."""
        return self.pg.rows(
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM user_passwords t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM user_sessions t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM compat_sessions t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM oauth2_sessions t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM personal_sessions t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM queue_jobs t;"
            "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM users t;", self.db)

    def active(self, username):
        """MAS's choice of a user's password row: (id, hash, version,
        upgraded_from_id, created_at ms, the ms of the id's ULID)."""
        row = self.pg.rows(
            "SELECT up.user_password_id, up.hashed_password, up.version, coalesce(up.upgraded_from_id::text, ''),"
            " floor(extract(epoch FROM up.created_at) * 1000)::bigint,"
            " ('x' || substr(replace(up.user_password_id::text, '-', ''), 1, 12))::bit(48)::bigint"
            " FROM user_passwords up WHERE up.user_id = %s"
            " ORDER BY up.created_at DESC LIMIT 1;" % self.pg.literal(USERS[username]), self.db)
        if not row:
            return None
        i, h, v, up, ms, ulid_ms = row[0].split("|")
        return dict(id=i, hash=h, version=int(v), upgraded_from=up, created_ms=int(ms), ulid_ms=int(ulid_ms))

    def count(self, sql):
        return int(self.pg.rows("SELECT count(*) FROM %s;" % sql, self.db)[0])


def createdb(name, template="template0"):
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-E", "UTF8", "--locale=C", "-T", template, name], check=True)


def dropdb(name):
    subprocess.run(["dropdb", "--if-exists", name], check=True)


@pytest.fixture(scope="module")
def template(pg):
    """A database with mxpw and test/mas-schema.sql, copied for each test."""
    with pg.database(TEMPLATE) as db:
        with open(MAS_SCHEMA, encoding="utf-8") as f:
            pg.run(f.read(), db)
        yield db


@pytest.fixture
def mas(pg, template):
    createdb(DB, template)
    try:
        yield Mas(pg, DB)
    finally:
        dropdb(DB)


@pytest.fixture(scope="module")
def kat(pg, template):
    createdb(DB + "_kat", template)
    try:
        yield Mas(pg, DB + "_kat")
    finally:
        dropdb(DB + "_kat")

# --- which store ------------------------------------------------------------


def test_store_is_mas(mas):
    assert mas.one("SELECT mxpw_account_store();") == "mas"


def test_store_is_synapse(pg, template):
    with pg.database(DB + "_synapse", synapse_schema=True) as db:
        assert pg.rows("SELECT mxpw_account_store();", db) == ["synapse"]


def test_store_neither(pg, template):
    with pg.database(DB + "_empty") as db:
        state, _ = Mas(pg, db).fails("SELECT mxpw_account_store();")
        assert state == "42P01"
        state, _ = Mas(pg, db).fails("SELECT mxpw_set_password('@bob:example.com', 'fake-nowhere');")
        assert state == "42P01"


def load_mas_schema(pg, db, schema):
    with open(MAS_SCHEMA, encoding="utf-8") as f:
        pg.run("CREATE SCHEMA %s;\nSET search_path = %s;\n%s" % (schema, schema, f.read()), db)


def test_store_both_is_an_error(pg, template):
    # Synapse's tables in public, MAS's in mas, and mxpw.mas_schema = mas.
    with pg.database(DB + "_both", synapse_schema=True) as db:
        load_mas_schema(pg, db, "mas")
        m = Mas(pg, db)
        assert m.rows("SELECT mxpw_account_store();") == ["synapse"]
        state, _ = m.fails("SET mxpw.mas_schema = 'mas';\nSELECT mxpw_account_store();")
        # 42P01 in the brief of 1.2; the implementation says 42P08
        # (ambiguous_parameter): "this database holds both ...".
        assert state in ("42P01", "42P08")
        before = m.rows("SELECT count(*) FROM mas.user_passwords;")
        state, _ = m.fails("SET mxpw.mas_schema = 'mas';\n"
                           "SELECT mxpw_set_password('@bob:example.com', 'fake-both-stores');")
        assert state in ("42P01", "42P08")
        assert m.rows("SELECT count(*) FROM mas.user_passwords;") == before


def test_mas_schema_setting(pg, template):
    with pg.database(DB + "_schema") as db:
        load_mas_schema(pg, db, "mas")
        m = Mas(pg, db)
        assert m.rows("SET mxpw.mas_schema = 'mas';\nSELECT mxpw_account_store();") == ["mas"]
        assert m.rows("SET mxpw.mas_schema = 'mas';\n"
                      "SELECT mxpw_set_password('@bob:example.com', 'fake-in-schema-mas');") == ["@bob:example.com"]
        h = pg.rows("SELECT hashed_password FROM mas.user_passwords WHERE user_id = %s"
                    " ORDER BY created_at DESC LIMIT 1;" % pg.literal(USERS["bob"]), db)[0]
        assert mas_check(CURRENT, "fake-in-schema-mas", h)

# --- known answers ------------------------------------------------------------


@pytest.mark.parametrize("h,version,with_secret", KNOWN_ANSWERS, ids=KAT_IDS)
def test_known_answer_verifies_with_its_version(pg, kat, h, version, with_secret):
    assert kat.one("SELECT mxpw_verify('hunter2', %s, %d);" % (pg.literal(h), version),
                   schemes=KAT_SCHEMES) == "t"
    assert kat.one("SELECT mxpw_verify('fake-hunter3', %s, %d);" % (pg.literal(h), version),
                   schemes=KAT_SCHEMES) == "f"


@pytest.mark.parametrize("h,version,with_secret", KNOWN_ANSWERS, ids=KAT_IDS)
def test_known_answer_needs_its_secret(pg, kat, h, version, with_secret):
    # The same algorithm with the secret, or without it, is the other version.
    other = version + 1 if with_secret else version - 1
    assert kat.one("SELECT mxpw_verify('hunter2', %s, %d);" % (pg.literal(h), other),
                   schemes=KAT_SCHEMES) == "f"


@pytest.mark.parametrize("h,version,with_secret", [k for k in KNOWN_ANSWERS if k[2]],
                         ids=[i for i, k in zip(KAT_IDS, KNOWN_ANSWERS) if k[2]])
def test_known_answer_verifies_by_format(pg, kat, h, version, with_secret):
    # One scheme per algorithm: mxpw_verify(password, hash) picks it by the
    # hash's format.
    schemes = [dict(s, version=i + 1) for i, s in enumerate(KAT_SCHEMES[0::2])]
    assert kat.one("SELECT mxpw_verify('hunter2', %s);" % pg.literal(h), schemes=schemes) == "t"


def test_verify_by_format_refuses_ambiguity(pg, kat):
    # Two bcrypt schemes: the format of a bcrypt hash fits both.
    state, _ = kat.fails("SELECT mxpw_verify('hunter2', %s);" % pg.literal(KNOWN_ANSWERS[0][0]),
                         schemes=KAT_SCHEMES)
    assert state != "XX000"


def test_check_password_with_known_answer(pg, kat):
    # mxpw_check_password on a row holding MAS's own argon2id hash.
    kat.rows("INSERT INTO user_passwords VALUES ('018f0000-0000-7000-8000-000000000001', %s, %s,"
             " '2030-01-01 00:00:00+00', 3, NULL);" % (pg.literal(USERS["frank"]), pg.literal(KNOWN_ANSWERS[2][0])),
             schemes=KAT_SCHEMES)
    assert kat.one("SELECT mxpw_check_password('@frank:example.com', 'hunter2');", schemes=KAT_SCHEMES) == "t"
    assert kat.one("SELECT mxpw_check_password('frank', 'fake-hunter3');", schemes=KAT_SCHEMES) == "f"

# --- mxpw's hashes under MAS's recipe ----------------------------------------


@pytest.fixture(scope="module", params=list(CROSS_SCHEMES), ids=list(CROSS_SCHEMES))
def cross(request, pg, template):
    """For one current scheme: mxpw_hash of every password, and the row
    mxpw_set_password wrote for some of them."""
    scheme = dict(CROSS_SCHEMES[request.param], version=2)
    schemes = [OLD, scheme]
    name = DB + "_cross"
    createdb(name, template)
    try:
        m = Mas(pg, name)
        sql = "".join("SELECT %d, mxpw_hash(%s);\n" % (i, pg.literal(pw)) for i, pw in enumerate(PASSWORDS))
        hashes = {int(i): h for i, h in (r.split("|", 1) for r in m.rows(sql, schemes=schemes))}
        stored = {}
        for i, user in ((3, "bob"), (4, "erin"), (5, "frank")):
            m.rows("SELECT mxpw_set_password(%s, %s);" % (pg.literal(user), pg.literal(PASSWORDS[i])),
                   schemes=schemes)
            stored[i] = m.active(user)
        yield scheme, hashes, stored
    finally:
        dropdb(name)


EVERY = pytest.mark.parametrize("i", range(len(PASSWORDS)), ids=lambda i: "password %d" % i)


@EVERY
def test_mxpw_hash_passes_mas_check(cross, i):
    scheme, hashes, _ = cross
    ok = mas_check(scheme, PASSWORDS[i], hashes[i])
    assert ok, "mxpw_hash of password %d fails MAS's check" % i


@EVERY
def test_mxpw_hash_refuses_a_wrong_password(cross, i):
    scheme, hashes, _ = cross
    accepted = mas_check(scheme, "wrong-" + PASSWORDS[i], hashes[i])
    assert not accepted, "mxpw_hash of password %d accepts a wrong one" % i


def test_mxpw_hash_uses_the_secret(cross):
    # With a secret, the hash of every password that leaves room for it
    # (bcrypt cuts it off a password of 72 bytes or more, as in MAS) fails
    # without it; without a secret, every hash passes with an empty one.
    scheme, hashes, _ = cross
    for i, pw in enumerate(PASSWORDS):
        if scheme["algorithm"] == "bcrypt" and len(mas_key(scheme, pw)[0]) >= 72:
            continue
        accepted = mas_check(dict(scheme, secret=""), pw, hashes[i])
        assert accepted == ("secret" not in scheme), "password %d: the secret is not used as MAS uses it" % i


@pytest.mark.parametrize("i", NFKC_CHANGES, ids=lambda i: "password %d" % i)
def test_mxpw_hash_follows_unicode_normalization(cross, i):
    scheme, hashes, _ = cross
    other = dict(scheme, unicode_normalization=not scheme.get("unicode_normalization", False))
    accepted = mas_check(other, PASSWORDS[i], hashes[i])
    assert not accepted, "unicode_normalization not followed for password %d" % i


@EVERY
def test_mxpw_hash_format_is_mas(cross, i):
    scheme, hashes, _ = cross
    h = hashes[i]
    if scheme["algorithm"] == "bcrypt":
        assert h.startswith("$2b$%02d$" % scheme.get("cost", 12)), "password %d" % i
    elif scheme["algorithm"] == "argon2id":
        assert h.startswith("$argon2id$v=19$m=19456,t=2,p=1$"), "password %d" % i
    else:
        assert h.startswith("$pbkdf2-sha256$i=600000,l=32$"), "password %d" % i


@pytest.mark.parametrize("i", [3, 4, 5], ids=lambda i: "password %d" % i)
def test_set_password_row_passes_mas_check(cross, i):
    scheme, _, stored = cross
    row = stored[i]
    assert row["version"] == 2
    ok = mas_check(scheme, PASSWORDS[i], row["hash"])
    assert ok, "the row mxpw_set_password wrote for password %d fails MAS's check" % i


def test_mas_hashes_verify_in_mxpw(pg, cross):
    scheme, _, _ = cross
    m = Mas(pg, DB + "_cross")
    for i, pw in enumerate(PASSWORDS[:4]):
        h = mas_hash(scheme, pw)
        assert m.one("SELECT mxpw_verify(%s, %s, 2);" % (pg.literal(pw), pg.literal(h)),
                     schemes=[OLD, scheme]) == "t", "password %d" % i
        assert m.one("SELECT mxpw_verify(%s, %s, 2);" % (pg.literal("wrong-" + pw), pg.literal(h)),
                     schemes=[OLD, scheme]) == "f", "password %d" % i


def test_bcrypt_default_cost_is_mas_default(mas):
    h = mas.one("SELECT mxpw_hash('fake-default-cost');",
                schemes=[{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-c"}])
    assert h.startswith("$2b$12$")


def test_hash_many(pg, mas):
    pws = PASSWORDS[:3]
    out = mas.one("SELECT array_to_string(mxpw_hash_many(ARRAY[%s]), ' ');"
                  % ", ".join(pg.literal(p) for p in pws)).split(" ")
    assert len(out) == len(pws)
    for i, (pw, h) in enumerate(zip(pws, out)):
        assert mas_check(CURRENT, pw, h), "hash_many entry %d" % i

# --- setting a password ------------------------------------------------------


def test_set_password_writes_the_row_mas_picks(mas):
    before = mas.pg.rows("SELECT t::text FROM user_passwords t WHERE user_id = %s ORDER BY 1;"
                         % mas.pg.literal(USERS["alice"]), mas.db)
    assert mas.one("SELECT mxpw_set_password('@alice:example.com', 'fake-new-alice');") == "@alice:example.com"
    row = mas.active("alice")
    assert row["version"] == 2, "not the highest version"
    assert row["upgraded_from"] == ""
    assert mas_check(CURRENT, "fake-new-alice", row["hash"])
    after = mas.pg.rows("SELECT t::text FROM user_passwords t WHERE user_id = %s ORDER BY 1;"
                        % mas.pg.literal(USERS["alice"]), mas.db)
    assert len(after) == len(before) + 1
    assert set(before) <= set(after), "an old row changed"
    assert mas.count("user_passwords") == 9


def test_set_password_id_is_a_ulid_of_created_at(mas):
    mas.rows("SELECT mxpw_set_password('bob', 'fake-ulid-bob');")
    row = mas.active("bob")
    assert row["ulid_ms"] == row["created_ms"]
    assert row["id"] != USERS["bob"]


def test_created_at_is_the_clock_after_the_lock(mas):
    # Not now() (the transaction's start): a transaction that waited for
    # another's lock and commits last must write the row MAS picks.
    out = mas.rows("BEGIN;\nSELECT pg_sleep(0.2);\n"
                  "SELECT mxpw_set_password('bob', 'fake-clock-bob');\n"
                  "SELECT (SELECT created_at FROM user_passwords WHERE user_id = %s"
                  " ORDER BY created_at DESC LIMIT 1) > now() + interval '0.15 s';\nCOMMIT;"
                   % mas.pg.literal(USERS["bob"]))
    assert out[-1] == "t"


@pytest.mark.parametrize("ahead", ["10 s", "1 day"])
def test_set_password_after_a_row_from_a_clock_ahead(mas, ahead):
    # MAS stamps its rows with its host's clock: a row from a clock ahead of
    # the database's is still older than the row mxpw writes after it, so
    # MAS uses mxpw's.
    mas.rows("INSERT INTO user_passwords VALUES ('018cc821-0000-7000-8000-000000000001', %s, %s,"
             " now() + interval %s, 2, NULL);"
             % (mas.pg.literal(USERS["bob"]), mas.pg.literal(mas_hash(CURRENT, "fake-skewed-bob")),
                mas.pg.literal(ahead)))
    ahead_row = mas.active("bob")
    assert mas_check(CURRENT, "fake-skewed-bob", ahead_row["hash"])
    assert mas.one("SELECT mxpw_set_password('bob', 'fake-after-skew-bob');") == "@bob:example.com"
    row = mas.active("bob")
    assert mas_check(CURRENT, "fake-after-skew-bob", row["hash"]), "MAS picks the row from the clock ahead"
    assert row["created_ms"] >= ahead_row["created_ms"]
    assert row["ulid_ms"] == row["created_ms"], "the id is not a ULID of created_at"
    assert mas.one("SELECT mxpw_check_password('bob', 'fake-after-skew-bob');") == "t"
    assert mas.one("SELECT count(*) FROM user_passwords WHERE user_id = %s"
                   " AND created_at >= (SELECT max(created_at) FROM user_passwords WHERE user_id = %s);"
                   % (mas.pg.literal(USERS["bob"]), mas.pg.literal(USERS["bob"]))) == "1"


@pytest.mark.parametrize("isolation", ["REPEATABLE READ", "SERIALIZABLE"])
def test_set_password_refused_under_a_transaction_snapshot(mas, isolation):
    # The snapshot would hide a row MAS committed after it was taken: the
    # change is refused, and nothing is written.
    before = mas.one("SELECT count(*) FROM user_passwords;")
    state, msg = mas.fails("BEGIN ISOLATION LEVEL %s;\n"
                           "SELECT mxpw_set_password('bob', 'fake-snapshot-bob');" % isolation)
    assert state == "0A000"
    assert "READ COMMITTED" in msg
    assert mas.one("SELECT count(*) FROM user_passwords;") == before
    assert mas.one("BEGIN ISOLATION LEVEL %s;\nSELECT mxpw_revoke_sessions('bob') >= 0;\nCOMMIT;"
                   % isolation) == "t", "logging out needs no such snapshot"


def test_set_password_with_localpart_and_case(mas):
    assert mas.one("SELECT mxpw_set_password('bob', 'fake-local-bob');") == "@bob:example.com"
    assert mas.one("SELECT mxpw_set_password('@BOB:example.com', 'fake-upper-bob');") == "@bob:example.com"
    assert mas_check(CURRENT, "fake-upper-bob", mas.active("bob")["hash"])


@pytest.mark.parametrize("given,username", [("@alice:example.com", "alice"), ("@Alice:example.com", "Alice"),
                                            ("Alice", "Alice"), ("twin", "twin"), ("@TwIn:example.com", "TwIn")])
def test_case_twins_exact_spelling(mas, given, username):
    twin = {"alice": "Alice", "Alice": "alice", "twin": "TwIn", "TwIn": "twin"}[username]
    twin_before = mas.active(twin)
    assert mas.one("SELECT mxpw_set_password(%s, 'fake-twin-password');" % mas.pg.literal(given)) \
        == "@%s:example.com" % username
    assert mas_check(CURRENT, "fake-twin-password", mas.active(username)["hash"])
    assert mas.active(twin) == twin_before


@pytest.mark.parametrize("given", ["@ALICE:example.com", "TWIN", "@twIN:example.com"])
def test_case_twins_none_exact(mas, given):
    # MAS's login finds no user when several match and none exactly.
    before = mas.state()
    state, _ = mas.fails("SELECT mxpw_set_password(%s, 'fake-twin-password');" % mas.pg.literal(given))
    assert state in ("42704", "21000")
    assert mas.state() == before


CALLS = {
    "set_password": "SELECT mxpw_set_password(%s, 'fake-refused-password');",
    "set_password logout": "SELECT mxpw_set_password(%s, 'fake-refused-password', true);",
    "set_password_hash": "SELECT mxpw_set_password_hash(%s, mxpw_hash('fake-refused-password'));",
    "set_password_hash version": "SELECT mxpw_set_password_hash(%s, mxpw_hash('fake-refused-password'), false, 2);",
    "reset_password": "SELECT mxpw_reset_password(%s, false) IS NOT NULL;",
    "set_passwords": "SELECT * FROM mxpw_set_passwords(ARRAY['bob', %s], ARRAY['fake-bulk-1', 'fake-bulk-2'], true);",
    "reset_passwords": "SELECT count(*) FROM mxpw_reset_passwords(ARRAY['bob', %s], true);",
}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("given,sqlstate", [("@carol:example.com", "55000"), ("dave", "55000"),
                                            ("@nobody:example.com", "42704")],
                         ids=["locked", "deactivated", "missing"])
def test_refused_accounts_change_nothing(mas, call, given, sqlstate):
    before = mas.state()
    state, _ = mas.fails(CALLS[call] % mas.pg.literal(given))
    assert state == sqlstate
    assert mas.state() == before


@pytest.mark.parametrize("call", list(CALLS))
def test_other_server_refused(mas, call):
    before = mas.state()
    state, _ = mas.fails(CALLS[call] % mas.pg.literal("@bob:other.example.org"))
    assert state not in ("XX000", "0A000")
    assert mas.state() == before


def test_server_name_required(mas):
    before = mas.state()
    state, _ = mas.fails("RESET mxpw.server_name;\n"
                         "SELECT mxpw_set_password('@bob:example.com', 'fake-no-server-name');",
                         server_name=None)
    assert state != "XX000"
    assert mas.state() == before


@pytest.mark.parametrize("sql", [
    "SELECT mxpw_set_password(NULL, 'fake-null-user');",
    "SELECT mxpw_set_password('bob', NULL);",
    "SELECT mxpw_set_password('bob', 'fake-null-logout', NULL);",
    "SELECT mxpw_set_password_hash('bob', NULL);",
    "SELECT mxpw_reset_password(NULL, false);",
    "SELECT mxpw_revoke_sessions(NULL);",
    "SELECT mxpw_check_password(NULL, 'fake-null-user');",
    "SELECT mxpw_check_password('bob', NULL);",
], ids=["set user", "set password", "set logout", "hash hash", "reset user", "revoke user",
        "check user", "check password"])
def test_null_arguments(mas, sql):
    before = mas.state()
    state, _ = mas.fails(sql)
    assert state == "22004"
    assert mas.state() == before


def test_rollback_leaves_nothing(mas):
    before = mas.state()
    mas.rows("BEGIN;\nSELECT mxpw_set_password('erin', 'fake-rolled-back', true);\n"
             "SELECT mxpw_reset_password('bob', true) IS NOT NULL;\n"
             "SELECT mxpw_revoke_sessions('erin');\nROLLBACK;")
    assert mas.state() == before


def test_set_password_hash(pg, mas):
    h = mas_hash(CURRENT, "fake-made-by-mas")
    assert mas.one("SELECT mxpw_set_password_hash('bob', %s);" % pg.literal(h)) == "@bob:example.com"
    row = mas.active("bob")
    assert (row["hash"], row["version"], row["upgraded_from"]) == (h, 2, "")
    assert row["ulid_ms"] == row["created_ms"]
    assert mas.one("SELECT mxpw_check_password('bob', 'fake-made-by-mas');") == "t"


def test_set_password_hash_null_version_is_left_out(pg, mas):
    # A NULL version is the version left out, as a NULL rounds is for
    # mxpw_hash: the scheme of the hash's algorithm.
    h = mas_hash(CURRENT, "fake-null-version")
    assert mas.one("SELECT mxpw_set_password_hash('bob', %s, false, NULL);" % pg.literal(h)) == "@bob:example.com"
    row = mas.active("bob")
    assert (row["hash"], row["version"]) == (h, 2)


def test_set_password_hash_with_version(pg, mas):
    h = mas_hash(OLD, "fake-old-scheme")
    assert mas.one("SELECT mxpw_set_password_hash('bob', %s, false, 1);" % pg.literal(h)) == "@bob:example.com"
    row = mas.active("bob")
    assert (row["hash"], row["version"]) == (h, 1)
    assert mas.one("SELECT mxpw_check_password('bob', 'fake-old-scheme');") == "t"


def test_set_password_hash_with_version_named_alone(pg, mas):
    # 1.3: logout_devices has a default in the form with a version, so an
    # operator names the version alone; erin's open sessions stay open.
    h = mas_hash(OLD, "fake-named-version")
    before = sessions(mas)
    assert mas.one("SELECT mxpw_set_password_hash('erin', %s, version => 1);" % pg.literal(h)) == "@erin:example.com"
    row = mas.active("erin")
    assert (row["hash"], row["version"]) == (h, 1)
    assert sessions(mas) == before
    assert {sid for sid, finished in before.items() if not finished} >= ERIN_ACTIVE
    assert mas.one("SELECT mxpw_check_password('erin', 'fake-named-version');") == "t"


def test_set_password_hash_refuses_a_hash_of_another_algorithm(pg, mas):
    before = mas.state()
    bcrypt_hash = mas_hash(OLD, "fake-wrong-format")
    state, _ = mas.fails("SELECT mxpw_set_password_hash('bob', %s, false, 2);" % pg.literal(bcrypt_hash))
    assert state == "22023"
    state, _ = mas.fails("SELECT mxpw_set_password_hash('bob', %s, false, 7);" % pg.literal(bcrypt_hash))
    assert state not in ("XX000",)
    assert mas.state() == before


def test_set_password_hash_without_version_labels_the_hash_right(pg, mas):
    # A bcrypt hash given without a version, while the highest scheme is
    # argon2id: refused, or stored with the version of the bcrypt scheme;
    # never under a version MAS would check it with argon2id.
    bcrypt_hash = mas_hash(OLD, "fake-labelled")
    err = mas.pg.error(setup_sql(pg) + "SELECT mxpw_set_password_hash('bob', %s);" % pg.literal(bcrypt_hash), mas.db)
    if err is None:
        row = mas.active("bob")
        assert (row["hash"], row["version"]) == (bcrypt_hash, 1)
        assert mas.one("SELECT mxpw_check_password('bob', 'fake-labelled');") == "t"
    else:
        assert SQLSTATE.search(err).group(1) == "22023"


def test_reset_password(pg, mas):
    generated = mas.one("SELECT mxpw_reset_password('@bob:example.com', false);")
    row = mas.active("bob")
    assert row["version"] == 2
    ok = mas_check(CURRENT, generated, row["hash"])
    assert ok, "the generated password does not pass MAS's check"
    assert len(generated) >= 16

# --- sessions -----------------------------------------------------------------


def sessions(mas):
    """{session id: finished_at or revoked_at} of every session."""
    rows = mas.pg.rows(
        "SELECT user_session_id, coalesce(finished_at::text, '') FROM user_sessions UNION ALL "
        "SELECT compat_session_id, coalesce(finished_at::text, '') FROM compat_sessions UNION ALL "
        "SELECT oauth2_session_id, coalesce(finished_at::text, '') FROM oauth2_sessions UNION ALL "
        "SELECT personal_session_id, coalesce(revoked_at::text, '') FROM personal_sessions;", mas.db)
    return dict(r.split("|") for r in rows)


ERIN_ACTIVE = {"018d2000-0000-7000-8000-0000000e0001", "018d2000-0000-7000-8000-0000000e0002",
               "018d2000-0000-7000-8000-0000000ec001", "018d2000-0000-7000-8000-0000000ec002",
               "018d2000-0000-7000-8000-0000000e0a01"}


def jobs(mas):
    return [dict(zip(("id", "status", "queue", "payload", "created_ms", "ulid_ms"), r.split("|")))
            for r in mas.pg.rows(
                "SELECT queue_job_id, status, queue_name, payload::text,"
                " floor(extract(epoch FROM created_at) * 1000)::bigint,"
                " ('x' || substr(replace(queue_job_id::text, '-', ''), 1, 12))::bit(48)::bigint"
                " FROM queue_jobs ORDER BY created_at;", mas.db)]


def check_logged_out(mas, before, usernames):
    after = sessions(mas)
    for sid, finished in before.items():
        if sid in ERIN_ACTIVE and "erin" in usernames:
            assert finished == "" and after[sid] != "", "session %s still active" % sid
        elif sid.endswith("b0001") or sid.endswith("bc001") or sid.endswith("b0a01"):
            assert (after[sid] != "") == ("bob" in usernames), "bob's session %s" % sid
        else:
            assert after[sid] == finished, "session %s changed" % sid
    queued = jobs(mas)
    assert sorted(json.loads(j["payload"])["user_id"] for j in queued) == \
        sorted(ulid(USERS[u]) for u in usernames)
    for j in queued:
        assert (j["status"], j["queue"]) == ("available", "sync-devices")
        assert json.loads(j["payload"]) == {"user_id": json.loads(j["payload"])["user_id"]}
        assert j["ulid_ms"] == j["created_ms"], "queue_job_id is not a ULID of created_at"


def test_revoke_sessions(mas):
    before = sessions(mas)
    assert mas.one("SELECT mxpw_revoke_sessions('@erin:example.com');") == str(len(ERIN_ACTIVE))
    check_logged_out(mas, before, ["erin"])


def test_revoke_sessions_notifies_mas_workers(mas):
    out = mas.pg.run(setup_sql(mas.pg) + "LISTEN queue_available;\nSELECT mxpw_revoke_sessions('erin');\n"
                     "SELECT 1;\n", mas.db)
    text = out.stdout + out.stderr
    assert 'Asynchronous notification "queue_available"' in text
    assert "sync-devices" in text


def test_set_password_logout(mas):
    before = sessions(mas)
    mas.rows("SELECT mxpw_set_password('erin', 'fake-logout-erin', true);")
    check_logged_out(mas, before, ["erin"])
    assert mas_check(CURRENT, "fake-logout-erin", mas.active("erin")["hash"])


def test_set_password_without_logout(mas):
    before = sessions(mas)
    mas.rows("SELECT mxpw_set_password('erin', 'fake-stay-erin');")
    assert sessions(mas) == before
    assert jobs(mas) == []


def test_reset_password_logout(mas):
    before = sessions(mas)
    mas.rows("SELECT mxpw_reset_password('erin', true) IS NOT NULL;")
    check_logged_out(mas, before, ["erin"])

# --- bulk ---------------------------------------------------------------------


def test_set_passwords(mas):
    before = sessions(mas)
    out = mas.rows("SELECT * FROM mxpw_set_passwords(ARRAY['@bob:example.com', 'erin'],"
                   " ARRAY['fake-bulk-bob', 'fake-bulk-erin'], true);")
    assert sorted(out) == ["@bob:example.com", "@erin:example.com"]
    out = mas.rows("SELECT * FROM mxpw_set_passwords(ARRAY['@Alice:example.com'], ARRAY['fake-bulk-Alice']);")
    assert out == ["@Alice:example.com"]
    for user in ("bob", "erin", "Alice"):
        row = mas.active(user)
        assert row["version"] == 2 and row["ulid_ms"] == row["created_ms"]
        assert mas_check(CURRENT, "fake-bulk-" + user, row["hash"]), user
    check_logged_out(mas, before, ["bob", "erin"])


def test_reset_passwords(mas):
    out = mas.rows("SELECT * FROM mxpw_reset_passwords(ARRAY['bob', 'frank'], false);")
    got = dict(r.split("|", 1) for r in out)
    assert sorted(got) == ["@bob:example.com", "@frank:example.com"]
    for user in ("bob", "frank"):
        ok = mas_check(CURRENT, got["@%s:example.com" % user], mas.active(user)["hash"])
        assert ok, "the generated password of %s does not pass MAS's check" % user
    assert jobs(mas) == []


def test_bulk_refuses_a_twin_without_exact_spelling(mas):
    before = mas.state()
    state, _ = mas.fails("SELECT * FROM mxpw_set_passwords(ARRAY['bob', 'ALICE'],"
                         " ARRAY['fake-bulk-1', 'fake-bulk-2']);")
    assert state in ("42704", "21000")
    assert mas.state() == before

# --- checking and rehashing ---------------------------------------------------


def test_check_password_mas(mas):
    assert mas.one("SELECT mxpw_check_password('@alice:example.com', 'fake-old-alice');") == "t"
    assert mas.one("SELECT mxpw_check_password('Alice', 'fake-old-Alice');") == "t"
    assert mas.one("SELECT mxpw_check_password('Alice', 'fake-old-alice');") == "f"
    # alice's older row: not the one MAS's login uses.
    assert mas.one("SELECT mxpw_check_password('alice', 'fake-old-carol');") == "f"
    assert mas.one("SELECT mxpw_check_password('alice', 'fake-wrong');") == "f"
    mas.rows("SELECT mxpw_set_password('alice', 'fake-new-alice');")
    assert mas.one("SELECT mxpw_check_password('alice', 'fake-new-alice');") == "t"
    assert mas.one("SELECT mxpw_check_password('alice', 'fake-old-alice');") == "f"


def test_check_password_changes_nothing(mas):
    before = mas.state()
    mas.rows("SELECT mxpw_check_password('erin', 'fake-old-erin');")
    assert mas.state() == before


def test_check_password_synapse(pg, template):
    with pg.database(DB + "_synapse_check", synapse_schema=True) as db:
        m = Mas(pg, db)
        pg.run("INSERT INTO users (name) VALUES ('@sam:example.com');", db)
        m.rows("SELECT mxpw_set_password('@sam:example.com', 'fake-sam-password');", schemes=None)
        assert m.one("SELECT mxpw_check_password('@sam:example.com', 'fake-sam-password');", schemes=None) == "t"
        assert m.one("SELECT mxpw_check_password('sam', 'fake-sam-password');", schemes=None) == "t"
        assert m.one("SELECT mxpw_check_password('@sam:example.com', 'fake-not-sam');", schemes=None) == "f"
        state, _ = m.fails("SELECT mxpw_check_password('@nobody:example.com', 'fake-sam-password');",
                           schemes=None)
        assert state == "42704"


def test_needs_rehash(pg, mas):
    assert mas.one("SELECT mxpw_needs_rehash(mxpw_hash('fake-current'));") == "f"
    assert mas.one("SELECT mxpw_needs_rehash(%s);" % pg.literal(mas_hash(OLD, "fake-old-scheme"))) == "t"

# --- what one check may compute -----------------------------------------------

# A check cannot be interrupted, so none may take longer than a bcrypt at
# cost 16, the most mxpw computes: 3.0 to 3.5 s on the test machine
# (docs/benchmarks.md).  On a shared machine only coarse bounds are
# asserted: twice that for what is computed, half of it for what is refused.
BCRYPT_16_SECONDS = 3.5
LIMIT_SECRET = "fake-mas-secret-limits"
LIMIT_SCHEMES = [{"version": 1, "algorithm": "argon2id", "secret": LIMIT_SECRET},
                 {"version": 2, "algorithm": "pbkdf2", "secret": LIMIT_SECRET}]
LIMIT_SALT = b"fake-salt-limits"


def timed(f, *args, **kw):
    start = time.monotonic()
    result = f(*args, **kw)
    return result, time.monotonic() - start


# Each within the bounds mxpw had on each cost alone: 12 s of argon2id, and
# 4 to 6 s of pbkdf2, that no cancel or timeout interrupted.
COSTLY = {
    "argon2id m=256MiB t=64 p=64": (1, "$argon2id$v=19$m=262144,t=64,p=64", 32),
    "argon2id m*t over the bound": (1, "$argon2id$v=19$m=262144,t=3,p=1", 32),
    "pbkdf2-sha256 i=10^7 l=64": (2, "$pbkdf2-sha256$i=10000000,l=64", 64),
    "pbkdf2-sha256 2 blocks over the bound": (2, "$pbkdf2-sha256$i=1000001,l=64", 64),
    "pbkdf2-sha512 over the bound": (2, "$pbkdf2-sha512$i=2000001,l=64", 64),
}


@pytest.mark.parametrize("name", list(COSTLY))
def test_costly_hash_refused_before_computing(pg, mas, name):
    version, head, outlen = COSTLY[name]
    h = "%s$%s$%s" % (head, b64(LIMIT_SALT), b64(b"\0" * outlen))
    (state, _), seconds = timed(
        mas.fails, "SET statement_timeout = '%dms';\nSELECT mxpw_verify('fake-costly', %s, %d);"
        % (2000 * BCRYPT_16_SECONDS, pg.literal(h), version), schemes=LIMIT_SCHEMES)
    assert state == "54000"
    assert seconds < BCRYPT_16_SECONDS / 2


def limit_hash(algorithm, password):
    key, secret = password.encode(), LIMIT_SECRET.encode()
    if algorithm == "argon2id":
        return 1, "$argon2id$v=19$m=262144,t=2,p=1$%s$%s" % (
            b64(LIMIT_SALT), b64(argon2id_raw(key, LIMIT_SALT, secret, 262144, 2, 1, 32)))
    return 2, "$pbkdf2-sha512$i=2000000,l=64$%s$%s" % (
        b64(LIMIT_SALT), b64(hashlib.pbkdf2_hmac("sha512", key + secret, LIMIT_SALT, 2000000, 64)))


@pytest.mark.parametrize("algorithm", ["argon2id", "pbkdf2"])
def test_hash_at_the_bound_checks_in_time(pg, mas, algorithm):
    version, h = limit_hash(algorithm, "fake-at-the-bound")
    ok, seconds = timed(mas.one, "SELECT mxpw_verify('fake-at-the-bound', %s, %d);"
                        % (pg.literal(h), version), schemes=LIMIT_SCHEMES)
    assert ok == "t"
    assert seconds < 2 * BCRYPT_16_SECONDS


# Out of canonical order, so that NFKC's time is quadratic: over a second
# for these 16,000 characters before checks were bounded to 2048 bytes.
COMBINING_MARKS = "fake" + "\u0301\u0316" * 8000


def test_check_password_long_combining_marks(pg, mas):
    mas.rows("SELECT mxpw_set_password('bob', 'fake-bob-marks');")
    ok, seconds = timed(mas.one, "SET statement_timeout = '500ms';\n"
                        "SELECT mxpw_check_password('bob', %s);" % pg.literal(COMBINING_MARKS))
    assert ok == "f"
    assert seconds < BCRYPT_16_SECONDS / 2
    assert mas.one("SELECT mxpw_check_password('bob', 'fake-bob-marks');") == "t"

# --- secret_file ----------------------------------------------------------------


@pytest.fixture
def secret_dir():
    """A directory the server's OS user can read.  Paths name no secret:
    errors name the file, and the server log is scanned for "fake"."""
    d = tempfile.mkdtemp(prefix="mxpw-secret-")
    os.chmod(d, 0o755)
    try:
        yield d
    finally:
        subprocess.run(["rm", "-rf", d], check=True)


def secret_file_schemes(path):
    return [{"version": 1, "algorithm": "bcrypt", "cost": 4},
            {"version": 2, "algorithm": "argon2id", "secret_file": path}]


def test_secret_file_through_a_symlink(pg, mas, secret_dir):
    # As MAS reads it, every byte, the final newline included.
    content = "fake-mas-secret-in-a-file\n"
    path = os.path.join(secret_dir, "secret")
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, 0o644)
    os.symlink(path, os.path.join(secret_dir, "link"))
    h = mas.one("SELECT mxpw_hash('fake-file-secret');",
                schemes=secret_file_schemes(os.path.join(secret_dir, "link")))
    assert mas_check({"algorithm": "argon2id", "secret": content}, "fake-file-secret", h)


def test_secret_file_fifo_refused_promptly(pg, mas, secret_dir):
    # Opening a FIFO without a writer blocked the backend where no cancel,
    # timeout or terminate reached it.  Should it block again, a writer
    # opens and closes it so that the cluster is not left with the backend.
    fifo = os.path.join(secret_dir, "fifo")
    os.mkfifo(fifo, 0o644)
    script = setup_sql(pg, secret_file_schemes(fifo)) + \
        "SET statement_timeout = '2s';\nSELECT mxpw_hash('fake-fifo-secret');\n"
    start = time.monotonic()
    proc = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", DB],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8")
    try:
        _, err = proc.communicate(script, timeout=3 * BCRYPT_16_SECONDS)
    except subprocess.TimeoutExpired:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        proc.communicate()
        pytest.fail("the backend blocked opening a FIFO")
    assert time.monotonic() - start < BCRYPT_16_SECONDS / 2
    assert proc.returncode != 0
    assert SQLSTATE.search(err).group(1) == "42809"
    assert "mxpw.mas_password_schemes" in err


@pytest.mark.parametrize("kind", ["directory", "device", "too long"])
def test_secret_file_not_a_small_regular_file(pg, mas, secret_dir, kind):
    if kind == "directory":
        path, sqlstate = secret_dir, "42809"
    elif kind == "device":
        path, sqlstate = "/dev/zero", "42809"
    else:
        path, sqlstate = os.path.join(secret_dir, "long"), "54000"
        with open(path, "w") as f:
            f.write("fake-mas-secret-long" * 4000)
        os.chmod(path, 0o644)
    state, err = mas.fails("SELECT mxpw_hash('fake-file-secret');", schemes=secret_file_schemes(path))
    assert state == sqlstate
    assert "fake" not in err.lower()

# --- the schemes setting ------------------------------------------------------

BAD_SCHEMES = {
    "not json": '[{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-1"',
    "not an array": '{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-2"}',
    "unknown algorithm": '[{"version": 1, "algorithm": "md5", "secret": "fake-mas-secret-bad-3"}]',
    "no version": '[{"algorithm": "bcrypt", "secret": "fake-mas-secret-bad-4"}]',
    "version not a number": '[{"version": "one", "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-5"}]',
    "duplicate version": '[{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-6"},'
                         ' {"version": 1, "algorithm": "argon2id", "secret": "fake-mas-secret-bad-6"}]',
    "bcrypt cost out of range": '[{"version": 1, "algorithm": "bcrypt", "cost": 99,'
                                ' "secret": "fake-mas-secret-bad-7"}]',
    "secret and secret_file": '[{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-8",'
                              ' "secret_file": "/nonexistent/fake-mas-secret-file"}]',
    "secret not a string": '[{"version": 1, "algorithm": "bcrypt", "secret": ["fake-mas-secret-bad-9"]}]',
    # Refused as too deep before parsing, not "stack depth limit exceeded".
    "deeply nested arrays": "[" * 100000,
    "deeply nested objects": '[{"version": 1, "algorithm": "bcrypt", "secret": "fake-mas-secret-bad-10",'
                             ' "cost": ' + '{"a": ' * 100000,
    "four levels": '[{"version": 1, "algorithm": "bcrypt", "secret": [["fake-mas-secret-bad-11"]]}]',
}


@pytest.mark.parametrize("name", list(BAD_SCHEMES))
def test_bad_schemes_refused_without_the_secret(pg, mas, name):
    state, err = mas.fails("SET mxpw.mas_password_schemes = %s;" % pg.literal(BAD_SCHEMES[name]))
    assert state == "22023"
    assert "fake-mas-secret" not in err, "the error shows the secret"
    assert "fake" not in err.lower(), "the error shows a secret"
    # The schemes in force are still the good ones.
    assert mas.rows("DO $$ BEGIN SET mxpw.mas_password_schemes = %s; EXCEPTION WHEN OTHERS THEN NULL; END $$;\n"
                    "SELECT mxpw_verify('fake-kept', mxpw_hash('fake-kept'), 2);"
                    % pg.literal(BAD_SCHEMES[name]))[-1] == "t"


ROLE = "mxpw_mas_helpdesk"


@pytest.fixture
def helpdesk(pg, mas):
    pg.run("DROP ROLE IF EXISTS %s; CREATE ROLE %s;" % (ROLE, ROLE))
    try:
        yield "SET ROLE %s;\n" % ROLE
    finally:
        pg.run("DROP OWNED BY %s CASCADE; DROP ROLE %s;" % (ROLE, ROLE), DB)


@pytest.mark.parametrize("sql", [
    "SHOW mxpw.mas_password_schemes;",
    "SELECT current_setting('mxpw.mas_password_schemes');",
    "SELECT current_setting('mxpw.mas_password_schemes', true);",
], ids=["show", "current_setting", "current_setting missing_ok"])
def test_non_superuser_cannot_read_schemes(mas, helpdesk, sql):
    state, err = mas.fails(helpdesk + sql)
    assert state == "42501"
    assert "fake" not in err.lower()


def test_non_superuser_sees_no_schemes_anywhere(mas, helpdesk):
    out = "\n".join(mas.rows(helpdesk + "SELECT name || '=' || setting FROM pg_settings;\nSHOW ALL;"))
    assert "fake-mas-secret" not in out
    assert "mxpw.mas_password_schemes=" not in out


@pytest.mark.parametrize("sql", [
    "SET mxpw.mas_password_schemes = '[{\"version\": 1, \"algorithm\": \"bcrypt\", \"secret\": \"fake-hidden-s\"}]';",
    "SELECT set_config('mxpw.mas_password_schemes', '[{\"version\": 1, \"algorithm\": \"bcrypt\"}]', false);",
    "RESET mxpw.mas_password_schemes;",
    "SET mxpw.mas_schema = 'unreached_schema';",
    "SET mxpw.server_name = 'evil.example';",
    "SELECT set_config('mxpw.server_name', 'evil.example', false);",
], ids=["set", "set_config", "reset", "mas_schema", "server_name", "server_name set_config"])
def test_non_superuser_cannot_set(mas, helpdesk, sql):
    state, _ = mas.fails(helpdesk + sql)
    assert state == "42501"


@pytest.mark.parametrize("reset", ["", "RESET ALL;\n"], ids=["set role", "reset all"])
def test_non_superuser_uses_the_configured_schemes(mas, helpdesk, reset):
    # The schemes a superuser set stay in force for a role that may not
    # set them, after SET ROLE; and, as for mxpw.pepper, RESET ALL leaves
    # them alone.
    mas.pg.run("GRANT EXECUTE ON FUNCTION mxpw_hash(text, integer) TO %s;" % ROLE, DB)
    h = mas.one(helpdesk + reset + "SELECT mxpw_hash('fake-helpdesk');")
    assert mas_check(CURRENT, "fake-helpdesk", h)


def test_non_superuser_cannot_reach_users_through_another_server(mas, helpdesk):
    # A role that may change passwords cannot make "@alice:evil.example"
    # name MAS's alice by setting mxpw.server_name: only a superuser may.
    mas.pg.run("GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean, boolean) TO %s;"
               "GRANT SELECT, UPDATE ON users TO %s; GRANT SELECT, INSERT ON user_passwords TO %s;"
               % (ROLE, ROLE, ROLE), DB)
    before = mas.state()
    state, _ = mas.fails(helpdesk + "SET mxpw.server_name = 'evil.example';\n"
                         "SELECT mxpw_set_password('@alice:evil.example', 'fake-evil-alice');")
    assert state == "42501"
    state, _ = mas.fails(helpdesk + "SELECT mxpw_set_password('@alice:evil.example', 'fake-evil-alice');")
    assert state == "22023"
    assert mas.state() == before
    assert mas.one(helpdesk + "SELECT mxpw_set_password('@alice:example.com', 'fake-helpdesk-alice');") \
        == "@alice:example.com"


def test_server_name_delegated_with_grant_set(mas, helpdesk):
    # PostgreSQL 15 and later: a superuser may let a role set it.
    if int(mas.one("SHOW server_version_num;")) < 150000:
        pytest.skip("GRANT SET ON PARAMETER needs PostgreSQL 15")
    mas.pg.run("GRANT SET ON PARAMETER mxpw.server_name TO %s;" % ROLE, DB)
    try:
        assert mas.one(helpdesk + "SET mxpw.server_name = 'other.example';\nSHOW mxpw.server_name;") \
            == "other.example"
    finally:
        mas.pg.run("REVOKE SET ON PARAMETER mxpw.server_name FROM %s;" % ROLE, DB)
