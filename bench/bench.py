"""mxpw's benchmark against its peers; run it with `make bench` (bench/run).

Measures, in one run and interleaved round by round so that a change in the
machine's load hits every method alike:

  - per-call latency at costs 10 and 12 of
      the floor: libxcrypt's bcrypt in a bare C loop (bench/floor.c),
      mxpw_hash,
      mxpw_set_password (find and lock the account, hash, store, log),
      pgcrypto's crypt(password, gen_salt('bf', cost)),
      pyca bcrypt as Synapse calls it (bench/pyca.py);
  - 48 hashes through mxpw_hash_many with 0 to 3 parallel workers against
    48 serial mxpw_hash calls, at costs 10 and 12;
  - with MAS's argon2id (m=19456 KiB, t=2, p=1), in a database holding
    test/mas-schema.sql with mxpw.mas_password_schemes set to one argon2id
    scheme: per-call latency of libargon2 in a bare C loop
    (bench/floor_argon2.c) and of mxpw_hash, and 48 hashes through
    mxpw_hash_many with 2 parallel workers against 0 (serial).

  - MAS's password policy: the cost of judging one password of 100
    characters (zxcvbn, the first 100 characters as MAS's crate scores) in
    mxpw_set_passwords, against one bcrypt hash at cost 10 (the floor) of
    the same round.  Two calls over POLICY_N passwords for accounts that do
    not exist, checked and with skip_password_check, each refused after
    every entry is judged and before any hash: their difference over
    POLICY_N is the check alone.

After the rounds, not interleaved: the memory of one backend over
BENCH_MEMORY_CALLS (default 10,000) argon2id mxpw_hash calls in
transactions of 1,000, sampled after each transaction (VmRSS and RssAnon
of /proc/self/status, and the total of pg_backend_memory_contexts); and the
same over MEMORY_CALLS policy checks of 100-character passwords.

SQL methods are timed inside the server (clock_timestamp around a PL/pgSQL
loop, after one call to warm the backend), the others inside their process.
Prints a table of medians and ratios and writes bench.json, bench.txt and
bench.png to the output directory.

usage: bench.py FLOOR-PROGRAM ARGON2-FLOOR-PROGRAM OUT-DIR
       (PG* variables name the cluster)
"""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
COSTS = (10, 12)
CALLS = {10: 8, 12: 3}           # calls per single-call measurement
MANY = 48                        # hashes per bulk measurement
WORKERS = (0, 1, 2, 3)
DEFAULT_WORKERS = 2              # max_parallel_workers_per_gather's default
DB = "mxpw_bench"
PASSWORD = "fake-bench-password"

# MAS's argon2id, through mxpw in a MAS-shaped database.
MAS_DB = "mxpw_bench_mas"
MAS_SCHEMES = '[{"version":1,"algorithm":"argon2id"}]'
ARGON2_CALLS = 16                # calls per single-call measurement
ARGON2_WORKERS = 2               # against 0: max_parallel_workers_per_gather
# Each argon2id hash holds 19 MiB in its process, and mxpw_hash_many runs as
# many processes as maintenance_work_mem holds hashes (64MB, the default,
# set explicitly, holds 3) and no more than there are cores.
ARGON2_MWM = "64MB"
MEMORY_CALLS = int(os.environ.get("BENCH_MEMORY_CALLS", "10000"))
MEMORY_STEP = 1000               # calls per transaction, then a sample
POLICY_N = 200                   # passwords judged per policy measurement

floor_program, argon2_floor_program, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))


def psql(sql, db=DB):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db],
                          input=sql, capture_output=True, text=True, check=True).stdout.strip()


def setup():
    subprocess.run(["dropdb", "--if-exists", DB], check=True, capture_output=True)
    subprocess.run(["createdb", DB], check=True)
    psql(open(os.path.join(here, "..", "test", "synapse-schema.sql")).read())
    psql("""
CREATE EXTENSION mxpw;
CREATE EXTENSION pgcrypto;
INSERT INTO users (name, creation_ts) VALUES ('@bench:example.com', 1700000000);

-- Seconds per call of n calls, after one to warm the backend.
CREATE FUNCTION bench_mxpw_hash(n integer, cost integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    PERFORM mxpw_hash('%(pw)s', 4);
    t0 := clock_timestamp();
    FOR i IN 1..n LOOP
        PERFORM mxpw_hash('%(pw)s', cost);
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) / n;
END $$;

CREATE FUNCTION bench_pgcrypto(n integer, cost integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    PERFORM crypt('%(pw)s', gen_salt('bf', 4));
    t0 := clock_timestamp();
    FOR i IN 1..n LOOP
        PERFORM crypt('%(pw)s', gen_salt('bf', cost));
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) / n;
END $$;

CREATE FUNCTION bench_set_password(n integer, cost integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    PERFORM set_config('mxpw.bcrypt_rounds', '4', true);
    PERFORM mxpw_set_password('@bench:example.com', '%(pw)s');
    PERFORM set_config('mxpw.bcrypt_rounds', cost::text, true);
    t0 := clock_timestamp();
    FOR i IN 1..n LOOP
        PERFORM mxpw_set_password('@bench:example.com', '%(pw)s');
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) / n;
END $$;

-- Seconds for one mxpw_hash_many call of n passwords with w workers at most.
CREATE FUNCTION bench_hash_many(n integer, cost integer, w integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    passwords text[] := array_fill('%(pw)s'::text, ARRAY[n]);
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', w::text, true);
    PERFORM mxpw_hash('%(pw)s', 4);
    t0 := clock_timestamp();
    PERFORM mxpw_hash_many(passwords, cost);
    RETURN extract(epoch FROM clock_timestamp() - t0);
END $$;
""" % {"pw": PASSWORD})
    setup_mas()


def setup_mas():
    subprocess.run(["dropdb", "--if-exists", MAS_DB], check=True, capture_output=True)
    subprocess.run(["createdb", "-E", "UTF8", "--locale=C", "-T", "template0", MAS_DB], check=True)
    psql(open(os.path.join(here, "..", "test", "mas-schema.sql")).read(), db=MAS_DB)
    # Every session of the database gets the scheme and the server name.
    psql("""
CREATE EXTENSION mxpw;
ALTER DATABASE %(db)s SET mxpw.mas_password_schemes = '%(schemes)s';
ALTER DATABASE %(db)s SET mxpw.server_name = 'example.com';
""" % {"db": MAS_DB, "schemes": MAS_SCHEMES}, db=MAS_DB)
    psql("""
-- Seconds per call of n calls, after one to warm the backend.
CREATE FUNCTION bench_argon2_hash(n integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    PERFORM mxpw_hash('%(pw)s');
    t0 := clock_timestamp();
    FOR i IN 1..n LOOP
        PERFORM mxpw_hash('%(pw)s');
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) / n;
END $$;

-- Seconds for one mxpw_hash_many call of n passwords with w workers at most.
CREATE FUNCTION bench_argon2_many(n integer, w integer) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    passwords text[] := array_fill('%(pw)s'::text, ARRAY[n]);
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', w::text, true);
    PERFORM set_config('maintenance_work_mem', '%(mwm)s', true);
    PERFORM mxpw_hash('%(pw)s');
    t0 := clock_timestamp();
    PERFORM mxpw_hash_many(passwords);
    RETURN extract(epoch FROM clock_timestamp() - t0);
END $$;

-- n calls, for the memory run (one transaction).
CREATE FUNCTION bench_argon2_calls(n integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..n LOOP
        PERFORM mxpw_hash('%(pw)s');
    END LOOP;
END $$;

-- Passwords of 100 characters for the policy check: random printable
-- ASCII, and l33t characters throughout (zxcvbn's costliest), as
-- test/py/test_zxcvbn.py's cost test draws them.
SELECT setseed(0.5);
CREATE TABLE bench_policy_passwords AS
    SELECT i, 'fake' || (SELECT string_agg(CASE WHEN a.ascii
                                               THEN chr(33 + floor(random() * 94)::int)
                                               ELSE substr('!$%%(+0123456789<@[{|aeilost', 1 + floor(random() * 27)::int, 1) END, '')
                         FROM generate_series(1, 96) AS k, (SELECT i %% 2 = 0 AS ascii) AS a) AS password
    FROM generate_series(1, %(n)d) AS i;

-- Seconds for mxpw_set_passwords over n of them, for accounts that do not
-- exist: every entry is judged (unless skip), then the call fails on the
-- accounts, before any hash.
CREATE FUNCTION bench_policy(n integer, skip boolean) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ids text[];
    pws text[];
BEGIN
    SELECT array_agg(format('@bench-nobody-%%s:example.com', i) ORDER BY i), array_agg(password ORDER BY i)
    INTO ids, pws FROM (SELECT * FROM bench_policy_passwords ORDER BY i LIMIT n) p;
    t0 := clock_timestamp();
    BEGIN
        PERFORM * FROM mxpw_set_passwords(ids, pws, false, skip);
        RAISE EXCEPTION 'bench_policy: the call did not fail';
    EXCEPTION WHEN undefined_object OR invalid_parameter_value THEN
        NULL;
    END;
    RETURN extract(epoch FROM clock_timestamp() - t0);
END $$;

-- n policy checks, for the memory run.
CREATE FUNCTION bench_policy_calls(n integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    FOR k IN 1 .. n / %(n)d LOOP
        PERFORM bench_policy(%(n)d, false);
    END LOOP;
END $$;

-- The backend's memory: VmRSS and RssAnon in kB, memory contexts in bytes.
CREATE FUNCTION bench_memory(OUT vm_rss bigint, OUT rss_anon bigint, OUT contexts bigint)
LANGUAGE plpgsql AS $$
DECLARE status text := pg_read_file('/proc/self/status');
BEGIN
    vm_rss := substring(status FROM 'VmRSS:\s*([0-9]+) kB')::bigint;
    rss_anon := substring(status FROM 'RssAnon:\s*([0-9]+) kB')::bigint;
    SELECT sum(total_bytes) INTO contexts FROM pg_backend_memory_contexts;
END $$;
""" % {"pw": PASSWORD, "mwm": ARGON2_MWM, "n": POLICY_N}, db=MAS_DB)


def floor(cost, n):
    return float(subprocess.run([floor_program, str(cost), str(n)], capture_output=True,
                                text=True, check=True).stdout)


def pyca(cost, n):
    return float(subprocess.run(["/usr/bin/python3", os.path.join(here, "pyca.py"), str(cost), str(n)],
                                capture_output=True, text=True, check=True).stdout)


SINGLE = [
    ("floor", "libxcrypt, bare C loop (floor)", floor),
    ("mxpw_hash", "mxpw_hash", lambda c, n: float(psql("SELECT bench_mxpw_hash(%d, %d)" % (n, c)))),
    ("set_password", "mxpw_set_password", lambda c, n: float(psql("SELECT bench_set_password(%d, %d)" % (n, c)))),
    ("pgcrypto", "pgcrypto crypt(gen_salt('bf'))", lambda c, n: float(psql("SELECT bench_pgcrypto(%d, %d)" % (n, c)))),
    ("pyca", "pyca bcrypt, as Synapse calls it", pyca),
]


def argon2_floor(n):
    return float(subprocess.run([argon2_floor_program, str(n)], capture_output=True,
                                text=True, check=True).stdout)


def argon2_floor_pair(n):
    """The bare loop in two processes at once, as wall-clock seconds per hash
    of the pair together (each makes n + 1 hashes, its warm-up included):
    what two cores of this machine give argon2id at best.  The processes'
    own averages would overstate it, as the two do not run in step."""
    start = time.monotonic()
    procs = [subprocess.Popen([argon2_floor_program, str(n)], stdout=subprocess.DEVNULL)
             for _ in range(2)]
    for p in procs:
        if p.wait() != 0:
            raise RuntimeError("floor_argon2 failed")
    return (time.monotonic() - start) / (2 * (n + 1))


def argon2_many(w):
    return float(psql("SELECT bench_argon2_many(%d, %d)" % (MANY, w), db=MAS_DB))


ARGON2_SINGLE = [
    ("argon2_floor", "libargon2, bare C loop (floor)", argon2_floor),
    ("argon2_mxpw_hash", "mxpw_hash, MAS store, argon2id scheme",
     lambda n: float(psql("SELECT bench_argon2_hash(%d)" % n, db=MAS_DB))),
]


def policy_check():
    """Seconds to judge one password: checked minus skipped, over POLICY_N."""
    out = psql("SELECT bench_policy(%d, false) - bench_policy(%d, true)" % (POLICY_N, POLICY_N), db=MAS_DB)
    return float(out) / POLICY_N


def many(cost, w):
    return float(psql("SELECT bench_hash_many(%d, %d, %d)" % (MANY, cost, w)))


def serial(cost):
    return MANY * float(psql("SELECT bench_mxpw_hash(%d, %d)" % (MANY, cost)))


def run():
    samples = {}                 # key -> list over rounds

    def add(key, value):
        samples.setdefault(key, []).append(value)

    tasks = []
    for cost in COSTS:
        for key, _, fn in SINGLE:
            tasks.append(("%s@%d" % (key, cost), lambda fn=fn, cost=cost: fn(cost, CALLS[cost])))
        tasks.append(("serial48@%d" % cost, lambda cost=cost: serial(cost)))
        for w in WORKERS:
            tasks.append(("many48_w%d@%d" % (w, cost), lambda cost=cost, w=w: many(cost, w)))
    for key, _, fn in ARGON2_SINGLE:
        tasks.append((key, lambda fn=fn: fn(ARGON2_CALLS)))
    tasks.append(("argon2_floor_pair", lambda: argon2_floor_pair(ARGON2_CALLS)))
    for w in (0, ARGON2_WORKERS):
        tasks.append(("argon2_many48_w%d" % w, lambda w=w: argon2_many(w)))
    tasks.append(("policy_check", policy_check))
    for r in range(ROUNDS):
        # Each round starts one task further on, so none is always first.
        shift = r * len(tasks) // ROUNDS
        for key, fn in tasks[shift:] + tasks[:shift]:
            add(key, fn())
        print("round %d of %d done" % (r + 1, ROUNDS), file=sys.stderr)
    return samples


def argon2_workers_launched():
    """(launched, requested) workers of one mxpw_hash_many call as timed,
    from mxpw's DEBUG1 message."""
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", MAS_DB],
                       input="SET client_min_messages = debug1;\nSELECT bench_argon2_many(%d, %d);\n"
                       % (MANY, ARGON2_WORKERS), capture_output=True, text=True, check=True)
    m = re.search(r"mxpw: hashed \d+ passwords, \d+ of them in parallel workers "
                  r"\((\d+) launched, (\d+) requested\)", r.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def memory_run(calls="bench_argon2_calls", first=1):
    """The backend's memory over MEMORY_CALLS argon2id mxpw_hash calls (or
    policy checks, with calls="bench_policy_calls") in one session, in
    transactions of MEMORY_STEP: a list of samples (calls, seconds since the
    first, VmRSS kB, RssAnon kB, memory contexts bytes)."""
    sample = "SELECT %d, extract(epoch FROM clock_timestamp()), * FROM bench_memory();\n"
    script = "SELECT %s(%d);\n" % (calls, first) + sample % 0
    done = 0
    while done < MEMORY_CALLS:
        step = min(MEMORY_STEP, MEMORY_CALLS - done)
        done += step
        script += "SELECT %s(%d);\n" % (calls, step) + sample % done
    rows = [line.split("|") for line in psql(script, db=MAS_DB).splitlines() if "|" in line]
    t0 = float(rows[0][1])
    return [(int(c), float(t) - t0, int(v), int(a), int(m)) for c, t, v, a, m in rows]


def machine():
    def first(cmd, default="?"):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return default
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
    debian = first(["cat", "/etc/debian_version"])
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": "Debian " + debian,
        "virtualisation": first(["systemd-detect-virt"], "unknown"),
        "postgresql": psql("SHOW server_version", db="postgres"),
        "libxcrypt": first(["dpkg-query", "-W", "-f=${Version}", "libcrypt1"]),
        "libargon2": first(["dpkg-query", "-W", "-f=${Version}", "libargon2-1"]),
        "pgcrypto": psql("SELECT extversion FROM pg_extension WHERE extname = 'pgcrypto'"),
        "pyca_bcrypt": first(["/usr/bin/python3", "-c", "import bcrypt; print(bcrypt.__version__)"]),
        "python": first(["/usr/bin/python3", "-c", "import platform; print(platform.python_version())"]),
        "load_average": open("/proc/loadavg").read().split()[:3],
    }


def ratio(samples, a, b, invert=False):
    """Median of the per-round ratios a/b (paired: measured in one round)."""
    pairs = [(x / y if not invert else y / x) for x, y in zip(samples[a], samples[b])]
    return statistics.median(pairs)


def memory_lines(memory, what):
    """The table of a memory run, and its growth from the first
    transaction's end to the last's."""
    base = next((m for m in memory if m[0] >= MEMORY_STEP), memory[-1])
    last = memory[-1]
    lines = ["memory of one backend over %d %s, transactions of %d (%.0f s, %.3f ms a call)"
             % (last[0], what, MEMORY_STEP, last[1], 1000 * last[1] / last[0] if last[0] else 0),
             "  after calls     VmRSS kB   RssAnon kB   memory contexts, bytes"]
    for calls, _, vm, anon, ctx in memory:
        lines.append("  %11d %12d %12d %14d" % (calls, vm, anon, ctx))
    lines.append("  growth from %d to %d calls: VmRSS %+d kB, RssAnon %+d kB, memory contexts %+d bytes"
                 % (base[0], last[0], last[2] - base[2], last[3] - base[3], last[4] - base[4]))
    growth = {"vm_rss_kb": last[2] - base[2], "rss_anon_kb": last[3] - base[3],
              "memory_contexts_bytes": last[4] - base[4]}
    return lines, base, last, growth


def report(samples, info, memory, policy_memory=()):
    med = {k: statistics.median(v) for k, v in samples.items()}
    lines = []
    out = lines.append
    out("mxpw benchmark, %s" % info["date"])
    out("machine: %s, %d cores, %.1f GiB, %s, Linux %s (%s)"
        % (info["cpu"], info["cores"], info["memory_gib"], info["os"], info["kernel"], info["virtualisation"]))
    out("software: PostgreSQL %s, libxcrypt %s, libargon2 %s, pgcrypto %s, pyca bcrypt %s (Python %s)"
        % (info["postgresql"], info["libxcrypt"], info["libargon2"], info["pgcrypto"], info["pyca_bcrypt"],
           info["python"]))
    out("load average before/after: %s / %s" % (" ".join(info["load_average"]), " ".join(info["load_after"])))
    out("method: %d rounds, interleaved; a round times %s; the table gives"
        % (ROUNDS, " and ".join("%d calls at cost %d" % (CALLS[c], c) for c in COSTS)))
    out("        medians over the rounds, and each ratio is the median of its ratios within a round")
    out("")
    out("per-call latency, ms: median (fastest round)" + "".join("%16s" % ("cost %d" % c) for c in COSTS))
    for key, label, _ in SINGLE:
        out("  %-42s" % label + "".join("%8.1f (%5.1f)" % (1000 * med["%s@%d" % (key, c)],
                                                          1000 * min(samples["%s@%d" % (key, c)]))
                                        for c in COSTS))
    out("")
    out("%d hashes, seconds (hashes/s)               " % MANY + "".join("%16s" % ("cost %d" % c) for c in COSTS))
    rows = [("%d serial mxpw_hash calls" % MANY, "serial48")] + \
        [("mxpw_hash_many, %d worker%s%s" % (w, "" if w == 1 else "s", " (default)" if w == DEFAULT_WORKERS else ""),
          "many48_w%d" % w) for w in WORKERS]
    for label, key in rows:
        out("  %-42s" % label + "".join("%8.2f (%5.1f)" % (med["%s@%d" % (key, c)], MANY / med["%s@%d" % (key, c)])
                                        for c in COSTS))
    out("")
    targets = [
        ("mxpw_hash / bare libxcrypt", [ratio(samples, "mxpw_hash@%d" % c, "floor@%d" % c) for c in COSTS],
         "<= 1.03", lambda v: v <= 1.03),
        ("mxpw_hash / pgcrypto", [ratio(samples, "mxpw_hash@%d" % c, "pgcrypto@%d" % c) for c in COSTS],
         "<= 1.03", lambda v: v <= 1.03),
        ("mxpw_set_password / mxpw_hash", [ratio(samples, "set_password@%d" % c, "mxpw_hash@%d" % c) for c in COSTS],
         "<= 1.05", lambda v: v <= 1.05),
        ("pyca bcrypt (Synapse) / mxpw_hash", [ratio(samples, "pyca@%d" % c, "mxpw_hash@%d" % c) for c in COSTS],
         "", None),
        ("speed-up: %d serial / mxpw_hash_many" % MANY,
         [ratio(samples, "serial48@%d" % c, "many48_w%d@%d" % (DEFAULT_WORKERS, c)) for c in COSTS],
         ">= 1.8 at cost 10", lambda v: v >= 1.8),
    ]
    out("ratios                                       " + "".join("%10s" % ("cost %d" % c) for c in COSTS)
        + "   target              met")
    results = []
    for label, values, target, test in targets:
        if test is None:
            met = ""
        elif label.startswith("speed-up"):
            met = "yes" if test(values[0]) else "NO"
        else:
            met = "yes" if all(test(v) for v in values) else "NO"
        out("  %-42s" % label + "".join("%10.3f" % v for v in values) + "   %-19s %s" % (target, met))
        results.append({"ratio": label, "values": dict(zip(map(str, COSTS), values)),
                        "target": target, "met": met})
    out("  (speed-up with mxpw_hash_many at %d workers, max_parallel_workers_per_gather's default)"
        % DEFAULT_WORKERS)

    out("")
    out("MAS's argon2id (m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash), mxpw_hash in a MAS-shaped")
    out("database with mxpw.mas_password_schemes = '%s'; a round times %d calls"
        % (MAS_SCHEMES, ARGON2_CALLS))
    out("")
    out("per-call latency, ms: median (fastest round)       argon2id")
    for key, label, _ in ARGON2_SINGLE:
        out("  %-42s%8.1f (%5.1f)" % (label, 1000 * med[key], 1000 * min(samples[key])))
    out("")
    out("%d hashes, seconds (hashes/s)                       argon2id" % MANY)
    for w in (0, ARGON2_WORKERS):
        key = "argon2_many48_w%d" % w
        out("  %-42s%8.2f (%5.1f)" % ("mxpw_hash_many, %d workers allowed%s" % (w, " (serial)" if w == 0 else ""),
                                      med[key], MANY / med[key]))
    out("  %-42s%8.2f (%5.1f)" % ("bare libargon2, two processes at once", MANY * med["argon2_floor_pair"],
                                  1 / med["argon2_floor_pair"]))
    launched = info.get("argon2_workers_launched")
    out("  (maintenance_work_mem = %s; workers launched with %d allowed: %s)"
        % (ARGON2_MWM, ARGON2_WORKERS,
           "%d of %d requested" % tuple(launched) if launched else "unknown, no DEBUG1 message"))
    out("")
    argon2_targets = [
        ("mxpw_hash / bare libargon2", ratio(samples, "argon2_mxpw_hash", "argon2_floor"),
         "<= 1.03", lambda v: v <= 1.03),
        ("speed-up: mxpw_hash_many, 0 / %d workers" % ARGON2_WORKERS,
         ratio(samples, "argon2_many48_w0", "argon2_many48_w%d" % ARGON2_WORKERS),
         ">= 1.8", lambda v: v >= 1.8),
        ("machine: bare libargon2, 1 / 2 processes", ratio(samples, "argon2_floor", "argon2_floor_pair"),
         "(the ceiling)", lambda v: None),
    ]
    out("ratios                                         argon2id   target              met")
    for label, value, target, test in argon2_targets:
        verdict = test(value)
        met = "" if verdict is None else "yes" if verdict else "NO"
        out("  %-42s%10.3f   %-19s %s" % (label, value, target, met))
        results.append({"ratio": "argon2id " + label, "values": {"argon2id": value},
                        "target": target, "met": met})

    out("")
    out("MAS's password policy: judging one password of 100 characters (zxcvbn), in mxpw_set_passwords")
    out("  over %d passwords, checked minus skip_password_check, per password: %.3f ms (fastest round %.3f)"
        % (POLICY_N, 1000 * med["policy_check"], 1000 * min(samples["policy_check"])))
    value = ratio(samples, "policy_check", "floor@10")
    met = "yes" if value < 0.05 else "NO"
    out("  %-42s%10.4f   %-19s %s" % ("policy check / bcrypt at cost 10 (floor)", value, "< 0.05", met))
    results.append({"ratio": "policy check / bcrypt at cost 10", "values": {"10": value},
                    "target": "< 0.05", "met": met})

    for runs, what in ((memory, "argon2id mxpw_hash calls"), (policy_memory, "policy checks (100 characters)")):
        if not runs:
            continue
        lines_, base, last, growth = memory_lines(runs, what)
        out("")
        for line in lines_:
            out(line)
        results.append({"ratio": "%s memory growth from %d to %d calls" % (what, base[0], last[0]),
                        "values": growth, "target": "flat", "met": ""})
    return "\n".join(lines) + "\n", med, results


def chart(med, info, memory, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right, third) = plt.subplots(1, 3, figsize=(18, 4.8))
    colours = {10: "tab:blue", 12: "tab:orange"}
    for c in COSTS:
        xs = list(WORKERS)
        ys = [MANY / med["many48_w%d@%d" % (w, c)] for w in WORKERS]
        base = MANY / med["serial48@%d" % c]
        left.plot(xs, ys, marker="o", color=colours[c], label="mxpw_hash_many, cost %d" % c)
        left.axhline(base, color=colours[c], linestyle="--", linewidth=1,
                     label="serial mxpw_hash, cost %d" % c)
        for x, y in zip(xs, ys):
            left.annotate("%.2f\u00d7" % (y / base), (x, y), textcoords="offset points", xytext=(0, 6),
                          ha="center", fontsize=7, color=colours[c])
    left.set_xticks(list(WORKERS))
    left.set_xlabel("parallel workers (max_parallel_workers_per_gather), plus the leader")
    left.set_ylabel("hashes per second")
    left.set_title("Throughput, %d hashes per call, %d cores" % (MANY, info["cores"]))
    left.set_ylim(0, 1.15 * max(MANY / med["many48_w%d@%d" % (w, c)] for w in WORKERS for c in COSTS))
    left.legend(fontsize=8, loc="center right")

    width = 0.38
    for i, c in enumerate(COSTS):
        xs = [j + (i - 0.5) * width for j in range(len(SINGLE))]
        ys = [1000 * med["%s@%d" % (key, c)] for key, _, _ in SINGLE]
        bars = right.bar(xs, ys, width, color=colours[c], label="cost %d" % c)
        for bar, y in zip(bars, ys):
            right.annotate("%.0f" % y, (bar.get_x() + bar.get_width() / 2, y), ha="center",
                           va="bottom", fontsize=7)
    right.set_xticks(range(len(SINGLE)))
    right.set_xticklabels(["libxcrypt\n(bare C)", "mxpw_hash", "mxpw_set_\npassword", "pgcrypto\ncrypt()",
                           "pyca bcrypt\n(Synapse)"], fontsize=8)
    right.set_ylabel("ms per call")
    right.set_title("Per-call latency against the peers")
    right.set_ylim(0, 1.2 * max(med["%s@%d" % (key, c)] for key, _, _ in SINGLE for c in COSTS) * 1000)
    right.legend(fontsize=8, loc="upper left")
    if memory:
        xs = [m[0] for m in memory]
        third.plot(xs, [m[2] / 1024 for m in memory], marker="o", label="VmRSS")
        third.plot(xs, [m[3] / 1024 for m in memory], marker="s", label="RssAnon")
        third.plot(xs, [m[4] / 1024 / 1024 for m in memory], marker="^", label="memory contexts")
        third.set_ylim(0, 1.2 * max(m[2] / 1024 for m in memory))
        third.legend(fontsize=8, loc="center right")
    third.set_xlabel("argon2id mxpw_hash calls in one backend")
    third.set_ylabel("MiB")
    third.set_title("MAS argon2id: mxpw_hash %.1f ms vs libargon2 %.1f ms;\n"
                    "mxpw_hash_many %.2f\u00d7 with %d workers; backend memory"
                    % (1000 * med["argon2_mxpw_hash"], 1000 * med["argon2_floor"],
                       med["argon2_many48_w0"] / med["argon2_many48_w%d" % ARGON2_WORKERS], ARGON2_WORKERS),
                    fontsize=10)
    fig.suptitle("mxpw %s: %s, %d cores, PostgreSQL %s"
                 % (info["date"][:10], info["cpu"], info["cores"], info["postgresql"]), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    os.makedirs(out_dir, exist_ok=True)
    setup()
    info = machine()
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    samples = run()
    info["load_after"] = open("/proc/loadavg").read().split()[:3]
    info["argon2_workers_launched"] = argon2_workers_launched()
    if MEMORY_CALLS > 0:
        print("memory run: %d argon2id mxpw_hash calls in one backend (BENCH_MEMORY_CALLS), about %.0f s"
              % (MEMORY_CALLS, MEMORY_CALLS * statistics.median(samples["argon2_mxpw_hash"])), file=sys.stderr)
    memory = memory_run() if MEMORY_CALLS > 0 else []
    policy_memory = memory_run("bench_policy_calls", POLICY_N) if MEMORY_CALLS > 0 else []
    text, med, results = report(samples, info, memory, policy_memory)
    print(text, end="")
    with open(os.path.join(out_dir, "bench.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "bench.json"), "w") as f:
        json.dump({"machine": info, "rounds": ROUNDS, "calls": CALLS, "argon2_calls": ARGON2_CALLS,
                   "argon2_maintenance_work_mem": ARGON2_MWM, "samples_seconds": samples,
                   "medians_seconds": med, "ratios": results,
                   "argon2_memory": [dict(zip(("calls", "seconds", "vm_rss_kb", "rss_anon_kb",
                                               "memory_contexts_bytes"), m)) for m in memory],
                   "policy_memory": [dict(zip(("calls", "seconds", "vm_rss_kb", "rss_anon_kb",
                                               "memory_contexts_bytes"), m)) for m in policy_memory]},
                  f, indent=1, sort_keys=True)
    chart(med, info, memory, os.path.join(out_dir, "bench.png"))
    subprocess.run(["dropdb", DB], check=True)
    subprocess.run(["dropdb", MAS_DB], check=True)
    print("wrote %s/bench.txt, bench.json and bench.png" % out_dir)


main()
