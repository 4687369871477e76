"""pyca bcrypt as Synapse hashes a password (synapse/handlers/auth.py,
hash_password): NFKC, UTF-8, the pepper appended, bcrypt.gensalt(rounds).

usage: pyca.py ROUNDS N
Prints the seconds per hash, averaged over N hashes after one to warm up.
"""
import sys
import time
import unicodedata

import bcrypt

PASSWORD = "fake-bench-password"
PEPPER = "fake-bench-pepper"


def synapse_hash(password, rounds):
    pw = unicodedata.normalize("NFKC", password)
    return bcrypt.hashpw(pw.encode("utf8") + PEPPER.encode("utf8"),
                         bcrypt.gensalt(rounds)).decode("ascii")


rounds, n = int(sys.argv[1]), int(sys.argv[2])
synapse_hash(PASSWORD, rounds)
t0 = time.perf_counter()
for _ in range(n):
    synapse_hash(PASSWORD, rounds)
print("%.9f" % ((time.perf_counter() - t0) / n))
