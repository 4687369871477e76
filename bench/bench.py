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
    48 serial mxpw_hash calls, at costs 10 and 12.

SQL methods are timed inside the server (clock_timestamp around a PL/pgSQL
loop, after one call to warm the backend), the others inside their process.
Prints a table of medians and ratios and writes bench.json, bench.txt and
bench.png to the output directory.

usage: bench.py FLOOR-PROGRAM OUT-DIR   (PG* variables name the cluster)
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
COSTS = (10, 12)
CALLS = {10: 8, 12: 3}           # calls per single-call measurement
MANY = 48                        # hashes per bulk measurement
WORKERS = (0, 1, 2, 3)
DEFAULT_WORKERS = 2              # max_parallel_workers_per_gather's default
DB = "mxpw_bench"
PASSWORD = "fake-bench-password"

floor_program, out_dir = sys.argv[1], sys.argv[2]
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
    for r in range(ROUNDS):
        # Each round starts one task further on, so none is always first.
        shift = r * len(tasks) // ROUNDS
        for key, fn in tasks[shift:] + tasks[:shift]:
            add(key, fn())
        print("round %d of %d done" % (r + 1, ROUNDS), file=sys.stderr)
    return samples


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
        "pgcrypto": psql("SELECT extversion FROM pg_extension WHERE extname = 'pgcrypto'"),
        "pyca_bcrypt": first(["/usr/bin/python3", "-c", "import bcrypt; print(bcrypt.__version__)"]),
        "python": first(["/usr/bin/python3", "-c", "import platform; print(platform.python_version())"]),
        "load_average": open("/proc/loadavg").read().split()[:3],
    }


def ratio(samples, a, b, invert=False):
    """Median of the per-round ratios a/b (paired: measured in one round)."""
    pairs = [(x / y if not invert else y / x) for x, y in zip(samples[a], samples[b])]
    return statistics.median(pairs)


def report(samples, info):
    med = {k: statistics.median(v) for k, v in samples.items()}
    lines = []
    out = lines.append
    out("mxpw benchmark, %s" % info["date"])
    out("machine: %s, %d cores, %.1f GiB, %s, Linux %s (%s)"
        % (info["cpu"], info["cores"], info["memory_gib"], info["os"], info["kernel"], info["virtualisation"]))
    out("software: PostgreSQL %s, libxcrypt %s, pgcrypto %s, pyca bcrypt %s (Python %s)"
        % (info["postgresql"], info["libxcrypt"], info["pgcrypto"], info["pyca_bcrypt"], info["python"]))
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
    return "\n".join(lines) + "\n", med, results


def chart(med, info, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
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
    text, med, results = report(samples, info)
    print(text, end="")
    with open(os.path.join(out_dir, "bench.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "bench.json"), "w") as f:
        json.dump({"machine": info, "rounds": ROUNDS, "calls": CALLS, "samples_seconds": samples,
                   "medians_seconds": med, "ratios": results}, f, indent=1, sort_keys=True)
    chart(med, info, os.path.join(out_dir, "bench.png"))
    subprocess.run(["dropdb", DB], check=True)
    print("wrote %s/bench.txt, bench.json and bench.png" % out_dir)


main()
