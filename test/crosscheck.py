#!/usr/bin/python3
"""Cross-checks mxpw against pyca bcrypt, the library Synapse hashes with,
using Synapse's own recipe, both ways:

- hashes made here the way Synapse makes them verify with mxpw_verify;
- hashes made by mxpw_hash verify here the way Synapse's login checks them.

Runs psql against the database named by the usual PG* variables, in which
the mxpw extension exists.  Passwords are fake, with a fake pepper.
"""
import subprocess
import sys
import unicodedata

import bcrypt

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


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def psql(sql):
    # Passwords that leave part of the pepper in bcrypt's key are part of
    # the recipe to check; mxpw refuses them unless a superuser allows it.
    script = "SET mxpw.pepper = %s;\nSET mxpw.allow_partial_pepper = on;\n%s" % (literal(PEPPER), sql)
    out = subprocess.run(["psql", "-X", "-At", "-q", "-v", "ON_ERROR_STOP=1"],
                         input=script, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def main():
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: " + what, file=sys.stderr)

    # pyca bcrypt -> mxpw_verify, at cost 4 and at Synapse's default 12.
    cases = []
    for i, pw in enumerate(PASSWORDS):
        rounds = 12 if i == 0 else 4
        cases.append((i, pw, bcrypt.hashpw(synapse_key(pw), bcrypt.gensalt(rounds)).decode()))
    sql = "\n".join(
        "SELECT %d, mxpw_verify(%s, %s), mxpw_verify(%s, %s);"
        % (i, literal(pw), literal(h), literal("wrong-" + pw), literal(h))
        for i, pw, h in cases)
    for line in psql(sql):
        i, good, bad = line.split("|")
        check(good == "t", "pyca hash of password %s does not verify in mxpw" % i)
        check(bad == "f", "wrong password %s verifies in mxpw" % i)

    # mxpw_hash -> pyca bcrypt checkpw, as Synapse's login does.
    sql = "\n".join("SELECT %d, mxpw_hash(%s, %d);" % (i, literal(pw), 12 if i == 0 else 4)
                    for i, pw in enumerate(PASSWORDS))
    for line in psql(sql):
        i, h = line.split("|")
        pw = PASSWORDS[int(i)]
        check(h.startswith("$2b$"), "mxpw hash %s is not $2b$" % i)
        check(bcrypt.checkpw(synapse_key(pw), h.encode()), "mxpw hash of password %s fails pyca checkpw" % i)
        if len(synapse_key(pw, "")) < 72:   # else the pepper is cut off, as in Synapse
            check(not bcrypt.checkpw(synapse_key(pw, ""), h.encode()), "mxpw hash %s ignores the pepper" % i)
        check(not bcrypt.checkpw(synapse_key("wrong-" + pw), h.encode()),
              "mxpw hash %s accepts a wrong password" % i)

    print("crosscheck (pyca bcrypt %s, Unicode %s in Python): %d passed, %d failed"
          % (bcrypt.__version__, unicodedata.unidata_version, passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
