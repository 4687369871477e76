"""Checks that a backend's memory stays flat over many calls of each mxpw
function: no leak per call.

Each function is called MXPW_MEMORY_CALLS times (default 10,000) in one
backend, in transactions of 1,000 calls, after 1,000 calls to warm the
caches.  Between transactions the backend's memory is measured two ways:
the bytes of all its memory contexts (pg_backend_memory_contexts, what
palloc holds) and its anonymous resident memory (RssAnon in
/proc/self/status, which also sees malloc and libraries).  Inside each
transaction the contexts are measured after its first call and after its
last, which catches memory held until the end of the transaction.

The bulk functions are called with small arrays, on which they hash in the
leader; mxpw_hash_many is also called MXPW_MEMORY_PARALLEL_CALLS times
(default 2,000) with force_parallel_mode / debug_parallel_query on, so that
every call starts a parallel worker and creates and destroys a shared memory
segment.  Starting a worker takes milliseconds, hence the smaller default;
below 1,000 those tests are skipped.

Runs in a database of its own, mxpw_memory, on the cluster the PG*
variables point at, as a superuser.  Every password contains "fake".  Each
function is measured once, by the first test that needs it; its three
limits are three tests.
"""
import os
import re

import pytest

CALLS = int(os.environ.get("MXPW_MEMORY_CALLS", "10000"))
PARALLEL_CALLS = int(os.environ.get("MXPW_MEMORY_PARALLEL_CALLS", "2000"))
BLOCK = 1000
DB = "mxpw_memory"
# Allowed growth over all the measured calls: far below one byte of leak per
# call for the contexts; RSS moves by whole pages and with malloc's moods.
CONTEXT_LIMIT = 64 * 1024
RSS_LIMIT_KB = 256
TRANSACTION_LIMIT = 16 * 1024
# A change waits in the transaction's memory until its commit logs it: one
# chunk of about 100 bytes (a struct, the user ID and the role), in blocks
# that double in size as they fill, so up to twice that per change.
PENDING_CHANGE_BYTES = 2 * 128

MEASURE = ("SELECT 'mem', '%s', %d, (SELECT sum(total_bytes) FROM pg_backend_memory_contexts), "
           "substring(pg_read_file('/proc/self/status') FROM 'RssAnon:\\s+(\\d+) kB');\n")

FORCE_PARALLEL = ("SELECT set_config(name, 'on', false) FROM pg_settings "
                  "WHERE name IN ('force_parallel_mode', 'debug_parallel_query');\n")
PARALLEL = "mxpw_hash_many, parallel worker"
# PostgreSQL keeps about 50 bytes per worker launch until the end of the
# transaction (the parallel context's known_attached_workers): measured on a
# plain parallel query, not checked, and mxpw must add nothing to it.
PLAIN_PARALLEL = "plain parallel query (PostgreSQL)"
PARALLEL_SKIP = pytest.mark.skipif(PARALLEL_CALLS < BLOCK, reason="MXPW_MEMORY_PARALLEL_CALLS is below %d" % BLOCK)

# name: (statement for call k, calls, set-up statements)
FUNCTIONS = {
    "mxpw_hash": ("SELECT mxpw_hash('fake-memory-{k}', 4);", CALLS, ""),
    "mxpw_verify": ("SELECT mxpw_verify('fake-memory-{k}', :'hash');", CALLS, ""),
    "mxpw_needs_rehash": ("SELECT mxpw_needs_rehash(:'hash');", CALLS, ""),
    "mxpw_set_password": ("SELECT mxpw_set_password('@mem{u}:example.com', 'fake-memory-{k}');", CALLS, ""),
    "mxpw_set_password_hash": ("SELECT mxpw_set_password_hash('@mem{u}:example.com', :'hash');", CALLS, ""),
    "mxpw_reset_password": ("SELECT mxpw_reset_password('@mem{u}:example.com');", CALLS, ""),
    "mxpw_revoke_sessions": ("SELECT mxpw_revoke_sessions('@mem{u}:example.com');", CALLS, ""),
    "mxpw_hash_many": ("SELECT mxpw_hash_many(ARRAY['fake-memory-{k}'], 4);", CALLS, ""),
    "mxpw_set_passwords": ("SELECT count(*) FROM mxpw_set_passwords(ARRAY['@mem{u}:example.com'], "
                           "ARRAY['fake-memory-{k}']);", CALLS, ""),
    "mxpw_reset_passwords": ("SELECT count(*) FROM mxpw_reset_passwords(ARRAY['@mem{u}:example.com']);",
                             CALLS, ""),
    PLAIN_PARALLEL: ("SELECT count(*) FROM users;", BLOCK, FORCE_PARALLEL),
    PARALLEL: ("SELECT mxpw_hash_many(ARRAY['fake-memory-{k}-a', 'fake-memory-{k}-b'], 4);",
               PARALLEL_CALLS // BLOCK * BLOCK, FORCE_PARALLEL),
}
CHECKED = pytest.mark.parametrize("name", [
    name if name != PARALLEL else pytest.param(name, marks=PARALLEL_SKIP)
    for name in FUNCTIONS if name != PLAIN_PARALLEL])


def script(statement, calls, setup=""):
    """One session: warm-up block, then the measured blocks."""
    lines = ["SET mxpw.bcrypt_rounds = 4;\n", "SET client_min_messages = warning;\n", setup,
             "SELECT mxpw_hash('fake-memory-hash', 4) AS hash \\gset\n"]
    for block in range(calls // BLOCK + 1):
        lines.append("BEGIN;\n")
        for i in range(BLOCK):
            k = block * BLOCK + i
            # Each account at most once per transaction, as a migration would.
            lines.append("\\o /dev/null\n" if i == 0 else "")
            lines.append(statement.format(k=k, u=i) + "\n")
            if i == 0:
                lines.append("\\o\n" + MEASURE % ("first", block) + "\\o /dev/null\n")
        lines.append("\\o\n" + MEASURE % ("last", block) + "COMMIT;\n")
        lines.append(MEASURE % ("idle", block))
    return "".join(lines)


class Measurement:
    def __init__(self, name, calls, rows):
        by = {(r[1], int(r[2])): (int(r[3]), int(r[4])) for r in rows}
        last = calls // BLOCK
        self.calls = calls
        self.ctx0, self.rss0 = by[("idle", 0)]
        self.ctx1, self.rss1 = by[("idle", last)]
        # The growth within a transaction.
        self.in_txn = max(by[("last", b)][0] - by[("first", b)][0] for b in range(1, last + 1))
        print("%-32s %6d calls  contexts %8d -> %8d bytes  RssAnon %6d -> %6d kB  in a transaction +%d bytes"
              % (name, calls, self.ctx0, self.ctx1, self.rss0, self.rss1, self.in_txn))


@pytest.fixture(scope="module")
def database(pg):
    with pg.database(DB, synapse_schema=True):
        pg.run("INSERT INTO users (name, creation_ts, deactivated)"
               " SELECT format('@mem%s:example.com', i), 1700000000, 0 FROM generate_series(0, 999) AS i;", DB)
        yield DB


@pytest.fixture(scope="module")
def measured(pg, database):
    """measured(name): the Measurement of that function, made once."""
    done = {}

    def get(name):
        if name not in done:
            statement, calls, setup = FUNCTIONS[name]
            try:
                rows = pg.rows(script(statement, calls, setup), database)
                done[name] = Measurement(name, calls, [line.split("|") for line in rows
                                                       if line.startswith("mem|")])
            except Exception as e:
                done[name] = e
        if isinstance(done[name], Exception):
            raise AssertionError("%s: %s" % (name, done[name]))
        return done[name]
    return get


@CHECKED
def test_contexts_flat(measured, name):
    m = measured(name)
    assert m.ctx1 - m.ctx0 <= CONTEXT_LIMIT, \
        "%s: memory contexts grew by %d bytes over %d calls" % (name, m.ctx1 - m.ctx0, m.calls)


@CHECKED
def test_rss_flat(measured, name):
    m = measured(name)
    assert m.rss1 - m.rss0 <= RSS_LIMIT_KB, "%s: RssAnon grew by %d kB over %d calls" % (name, m.rss1 - m.rss0, m.calls)


@CHECKED
def test_flat_within_a_transaction(measured, name):
    m = measured(name)
    baseline = measured(PLAIN_PARALLEL).in_txn if name == PARALLEL else None
    changes = not name.startswith(("mxpw_hash", "mxpw_verify", "mxpw_needs_rehash"))
    allowed = TRANSACTION_LIMIT + (PENDING_CHANGE_BYTES * (BLOCK - 1) if changes else 0)
    assert m.in_txn - (baseline or 0) <= allowed, \
        "%s: memory contexts grew by %d bytes within a transaction of %d calls (allowed %d)%s" \
        % (name, m.in_txn, BLOCK, allowed, "" if baseline is None else " (PostgreSQL's own: %d)" % baseline)


@PARALLEL_SKIP
def test_forced_parallel_mode_starts_a_worker(pg, database):
    debug = pg.run(FORCE_PARALLEL + "SET client_min_messages = debug1;\n"
                   "SELECT mxpw_hash_many(ARRAY['fake-memory-a', 'fake-memory-b'], 4) IS NOT NULL;\n",
                   database).stderr
    assert re.search(r"\(1 launched, 1 requested\)", debug) is not None, \
        "forced parallel mode starts a worker for mxpw_hash_many"
