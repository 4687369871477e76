"""Cross-checks src/zxcvbn.c, mxpw's zxcvbn estimator, against Debian's
python3-zxcvbn (a port of zxcvbn 4.4.2) adjusted to score as the Rust crate
MAS uses (test/py/zxcvbn_reference.py lists each adjustment), with the
reference year set to the current year.

The C side is test/zxcvbn/zxcvbn_cli.c built here with the server-free
sources; no server is needed.  Over 20,000 passwords drawn from the
dictionaries, their capitalised, l33t and reversed forms, keyboard walks,
dates, years, repeats, sequences, combinations and random strings must
get the same score and feedback, and the same guesses wherever the
crate's u64 cannot saturate.  Also checks that the committed src/zxcvbn_data.h is what
src/zxcvbn_data.py makes of the installed package.

test/zxcvbn/crate_check.py compares the same passwords with the Rust
crate itself, given a checkout of it (not run here: it needs the crate's
source and takes minutes).
"""
import multiprocessing
import os
import random
import shutil
import subprocess
import sys

import pytest

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE = "/usr/lib/python3/dist-packages/zxcvbn"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

pytestmark = pytest.mark.skipif(not os.path.isdir(PACKAGE),
                                reason="Debian's python3-zxcvbn is not installed")

COUNT_PER_KIND = 2000


@pytest.fixture(scope="module")
def reference():
    import zxcvbn_reference
    if zxcvbn_reference.unsupported():
        pytest.skip(zxcvbn_reference.unsupported())
    year = zxcvbn_reference.install()
    return zxcvbn_reference, year


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("zxcvbn") / "zxcvbn_cli")
    subprocess.run(["cc", "-std=c11", "-D_DEFAULT_SOURCE", "-Wall", "-Wextra", "-Werror",
                    "-O2", "-I" + os.path.join(TREE, "src"), "-o", out,
                    os.path.join(TREE, "test", "zxcvbn", "zxcvbn_cli.c"),
                    os.path.join(TREE, "src", "zxcvbn.c"), "-lcrypt"], check=True)
    return out


def run_cli(cli, passwords, year, *flags):
    stdin = "".join(p.encode("utf-8").hex() + "\n" for p in passwords)
    proc = subprocess.run([cli, "-y", str(year), *flags], input=stdin, capture_output=True,
                          text=True, check=True)
    return proc.stdout.splitlines()


def corpus(ref):
    """The passwords to compare, deterministic."""
    from zxcvbn import frequency_lists
    from zxcvbn.adjacency_graphs import ADJACENCY_GRAPHS

    rng = random.Random(20261205)
    lists = frequency_lists.FREQUENCY_LISTS
    words = [w for name in sorted(lists) for w in lists[name]]
    l33t = {"a": "4@", "b": "8", "c": "({[<", "e": "3", "g": "69", "i": "1!|", "l": "1|7",
            "o": "0", "s": "$5", "t": "+7", "x": "%", "z": "2"}
    out = []

    def word():
        return rng.choice(words)

    def capitalise(w):
        k = rng.randrange(4)
        if k == 0:
            return w.capitalize()
        if k == 1:
            return w.upper()
        if k == 2:
            return w[:-1] + w[-1:].upper()
        return "".join(c.upper() if rng.random() < 0.4 else c for c in w)

    def leet(w):
        return "".join(rng.choice(l33t[c]) if c in l33t and rng.random() < 0.6 else c for c in w)

    # every list's head and a sample of the rest
    for name in sorted(lists):
        out.extend(lists[name][:100])
        out.extend(rng.sample(lists[name], min(len(lists[name]), 300)))
    for _ in range(COUNT_PER_KIND):
        out.append(capitalise(word()))
        out.append(leet(word()))
        out.append(capitalise(leet(word())))
        out.append(word()[::-1])
        out.append(capitalise(word())[::-1])
        out.append(word() + word())
        out.append(word() + str(rng.randrange(10000)))
        out.append(leet(word()) + rng.choice("!?.#$") + word()[::-1])

    # keyboard walks, sometimes shifted, sometimes joined
    for _ in range(COUNT_PER_KIND):
        graph = ADJACENCY_GRAPHS[rng.choice(sorted(ADJACENCY_GRAPHS))]
        key = rng.choice(sorted(graph))
        walk = key
        direction = rng.randrange(8)
        for _ in range(rng.randrange(2, 24)):
            if rng.random() < 0.25:
                direction = rng.randrange(8)
            neighbours = graph[walk[-1]]
            adj = neighbours[direction % len(neighbours)]
            if not adj:
                adj = rng.choice([n for n in neighbours if n])
            walk += adj[1] if len(adj) > 1 and rng.random() < 0.2 else adj[0]
        out.append(walk if rng.random() < 0.8 else walk + word())

    # long zigzags: many turns (the crate's saturating and wrapping
    # arithmetic in the spatial estimate)
    for _ in range(100):
        graph = ADJACENCY_GRAPHS[rng.choice(sorted(ADJACENCY_GRAPHS))]
        key = rng.choice(sorted(graph))
        other = rng.choice([n for n in graph[key] if n])[0]
        out.append(((key + other) * 60)[:rng.randrange(20, 120)])

    # dates, years
    for _ in range(COUNT_PER_KIND):
        y = rng.randrange(1000, 2100)
        m = rng.randrange(0, 14)
        d = rng.randrange(0, 33)
        sep = rng.choice(["", "", "/", "-", ".", "_", " ", "\\", "\t"])
        yy = rng.choice([str(y), "%02d" % (y % 100)])
        md = [rng.choice(["%d" % m, "%02d" % m]), rng.choice(["%d" % d, "%02d" % d])]
        rng.shuffle(md)
        parts = [yy] + md if rng.random() < 0.5 else md + [yy]
        date = sep.join(parts)
        k = rng.randrange(4)
        if k == 0:
            out.append(date)
        elif k == 1:
            out.append(word() + date)
        elif k == 2:
            out.append(str(rng.randrange(1890, 2110)) + rng.choice(["", word()]))
        else:
            out.append(date + rng.choice("!.") + str(rng.randrange(100)))

    # repeats, sequences
    for _ in range(COUNT_PER_KIND):
        base = rng.choice([rng.choice("ab1!x"), word(), "".join(rng.choice("abc12") for _ in range(rng.randrange(1, 5)))])
        out.append(base * rng.randrange(2, 8) + rng.choice(["", word(), "1"]))
        start = rng.choice([ord("a"), ord("A"), ord("0"), ord("k"), 0x3B1, 0x430, ord("!")])
        step = rng.choice([1, -1, 2, -2, 3, 5, 6])
        length = rng.randrange(2, 15)
        seq = "".join(chr(start + step * k) for k in range(length) if 0x20 < start + step * k < 0xD800)
        out.append(seq + rng.choice(["", "", word(), "aab", "zz"]))

    # random strings: ASCII, and some beyond (no digits or spaces outside
    # ASCII, no U+0130: there Python's \d, \s and str.isupper are not Rust's)
    alphabet = [chr(c) for c in range(0x21, 0x7F)]
    extra = [chr(c) for c in list(range(0xE0, 0x100)) + list(range(0x3B1, 0x3CA)) + list(range(0x430, 0x450)) + [0x4E2D, 0x6587, 0x1F600]]
    for k in range(COUNT_PER_KIND * 2):
        # a few long ones: the reference takes up to a second on those
        n = rng.randrange(60, 130) if k % 50 == 0 else rng.choice([rng.randrange(1, 12), rng.randrange(1, 30)])
        pool = alphabet if rng.random() < 0.85 else alphabet + extra
        out.append("".join(rng.choice(pool) for _ in range(n)))
    # long passphrases past the 100-character cut
    for _ in range(200):
        out.append(" ".join(word() for _ in range(rng.randrange(5, 25))))
    return out


def test_scores_agree(reference, cli):
    ref, year = reference
    passwords = corpus(ref)
    assert len(passwords) >= 20000
    lines = run_cli(cli, passwords, year)
    assert len(lines) == len(passwords)
    score_mismatch = []
    guess_mismatch = []
    feedback_mismatch = []
    compared_guesses = 0
    with multiprocessing.get_context("fork").Pool(min(8, os.cpu_count() or 1)) as pool:
        reference = pool.map(ref.analyse, passwords, chunksize=200)
    for password, line, (g, feedback) in zip(passwords, lines, reference):
        fields = line.split()
        c_score, c_guesses = int(fields[0]), int(fields[1])
        c_feedback = None if fields[2] == "-1" else (int(fields[2]), [int(x) for x in fields[3:]])
        if c_feedback != feedback:
            feedback_mismatch.append((password.encode().hex(), feedback, c_feedback))
        if ref.score(g) != c_score:
            score_mismatch.append((password.encode().hex(), ref.score(g), c_score, g, c_guesses))
        if g < 2 ** 63:
            compared_guesses += 1
            if g != c_guesses:
                guess_mismatch.append((password.encode().hex(), g, c_guesses))
    print("zxcvbn cross-check: %d passwords, %d same score, %d of %d same guesses, "
          "%d same feedback"
          % (len(passwords), len(passwords) - len(score_mismatch),
             compared_guesses - len(guess_mismatch), compared_guesses,
             len(passwords) - len(feedback_mismatch)))
    assert score_mismatch == [], score_mismatch[:10]
    assert guess_mismatch == [], guess_mismatch[:10]
    assert feedback_mismatch == [], feedback_mismatch[:10]


def test_generated_header_is_current(tmp_path):
    shutil.copy(os.path.join(TREE, "src", "zxcvbn_data.py"), tmp_path)
    subprocess.run([sys.executable, str(tmp_path / "zxcvbn_data.py"), PACKAGE], check=True)
    with open(os.path.join(TREE, "src", "zxcvbn_data.h"), "rb") as a, \
            open(tmp_path / "zxcvbn_data.h", "rb") as b:
        assert a.read() == b.read()


def test_cost_against_bcrypt(reference, cli):
    """Not a timed test: prints the measured ratio of one score (100
    characters) to one bcrypt hash at cost 10."""
    ref, year = reference
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x21, 0x7F)]
    passwords = ["".join(rng.choice(alphabet) for _ in range(100)) for _ in range(200)]
    passwords += ["p4$$w0rd!|1" * 10, "a" * 100, "1qaz2wsx" * 13, "!$%(+0123456789<@[{|" * 5,
                  "89" * 50]
    # l33t characters throughout (the most substitutions), some repeating
    l33t = "!$%(+0123456789<@[{|aeilost"
    for k in range(200):
        base = "".join(rng.choice(l33t) for _ in range(rng.randrange(1, 60) if k % 2 else 100))
        passwords.append((base * 3)[:100])
    line = run_cli(cli, passwords, year, "-b")[-1]
    print("zxcvbn cost:", line)
    assert line.startswith("passwords ")
