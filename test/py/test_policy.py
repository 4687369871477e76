"""MAS's password policy in mxpw: the zxcvbn score of a password the caller
chooses (mxpw_set_password, mxpw_set_passwords) against
mxpw.mas_minimum_complexity, as MAS's is_password_complex_enough
(crates/handlers/src/passwords.rs) judges it against
passwords.minimum_complexity, skipped by skip_password_check as in MAS's
admin API.  Synapse's policy is tested in sql/policy.sql.

Runs in MAS-shaped databases as test/py/test_mas.py does (its fixtures and
helpers), on the cluster the PG* variables point at.  The expected scores
and feedback come from the reference test/py/test_zxcvbn.py checks the
estimator against (Debian's python3-zxcvbn adjusted as MAS's crate scores,
test/py/zxcvbn_reference.py, reference year the current one).

Every password contains "fake" where one can: no password with "fake"
scores 0, so the score-0 cases and the cross-check's sample (drawn from
test_zxcvbn.py's corpus) do not; the cross-check's reach the server only
as COPY data, which no log setting here writes.
"""
import os
import random
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_mas import SQLSTATE, mas, setup_sql, template  # noqa: E402,F401  (fixtures too)

pytestmark = pytest.mark.skipif(not os.path.isdir("/usr/lib/python3/dist-packages/zxcvbn"),
                                reason="Debian's python3-zxcvbn is not installed")

# Cheap hashing: the policy is judged before any hash is made.
CHEAP = [{"version": 1, "algorithm": "bcrypt", "cost": 4, "secret": "fake-policy-secret"}]
CROSS_SAMPLE = 2400


@pytest.fixture(scope="module")
def ref():
    import zxcvbn_reference
    if zxcvbn_reference.unsupported():
        pytest.skip(zxcvbn_reference.unsupported())
    zxcvbn_reference.install()
    return zxcvbn_reference


def minimum(n):
    return "SET mxpw.mas_minimum_complexity = %d;\n" % n


def expected(ref, password):
    """The reference's score and feedback (warning, suggestions)."""
    g, fb = ref.analyse(password)
    return ref.score(g), fb


# The crate's English texts, by the numbers of mxpw's enums (src/zxcvbn.h).
WARNINGS = ["", "Straight rows of keys are easy to guess.", "Short keyboard patterns are easy to guess.",
            'Repeats like "aaa" are easy to guess.',
            'Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
            "This is a top-10 common password.", "This is a top-100 common password.",
            "This is a very common password.", "This is similar to a commonly used password.",
            "Sequences like abc or 6543 are easy to guess.", "Recent years are easy to guess.",
            "A word by itself is easy to guess.", "Dates are often easy to guess.",
            "Names and surnames by themselves are easy to guess.",
            "Common names and surnames are easy to guess."]
SUGGESTIONS = ["Use a few words, avoid common phrases.", "No need for symbols, digits, or uppercase letters.",
               "Add another word or two. Uncommon words are better.", "Capitalization doesn't help very much.",
               "All-uppercase is almost as easy to guess as all-lowercase.",
               "Reversed words aren't much harder to guess.",
               "Predictable substitutions like '@' instead of 'a' don't help very much.",
               "Use a longer keyboard pattern with more turns.", "Avoid repeated words and characters.",
               "Avoid sequences.", "Avoid recent years.", "Avoid years that are associated with you.",
               "Avoid dates and years that are associated with you."]

# Passwords with known weaknesses, and strong ones.
WEAK = ["fakefake", "fake2025", "fake1234", "fake-abcdef", "fake-Passw0rd", "fake-qwertyuiop"]
STRONG = ["fake-correct-horse-battery", "fake-strong-mas-password-1"]


def set_password(mas, user, password, skip=None, settings=""):
    """The SQLSTATE and psql's messages of one mxpw_set_password, or (None,
    None) when it succeeds."""
    args = "%s, %s" % (mas.pg.literal(user), mas.pg.literal(password))
    if skip is not None:
        args += ", skip_password_check => %s" % ("true" if skip else "false")
    err = mas.pg.error(setup_sql(mas.pg, CHEAP) + settings + "SELECT mxpw_set_password(%s);" % args, mas.db)
    if err is None:
        return None, None
    m = SQLSTATE.search(err)
    assert m, err
    return m.group(1), err


def message_parts(err):
    """ERROR, DETAIL and HINT lines of a verbose psql error."""
    parts = {}
    for key in ("ERROR", "DETAIL", "HINT"):
        m = re.search(r"^%s:  (?:[0-9A-Z]{5}: )?(.*)$" % key, err, re.M)
        parts[key] = m.group(1) if m else None
    return parts


def test_default_minimum_is_mas_default(mas):
    assert mas.one("SHOW mxpw.mas_minimum_complexity;") == "3"


@pytest.mark.parametrize("password", WEAK)
def test_weak_password_refused_with_score_and_feedback(mas, ref, password):
    score, fb = expected(ref, password)
    assert score < 3
    before = mas.state()
    state, err = set_password(mas, "bob", password)
    assert state == "22023"
    parts = message_parts(err)
    assert parts["ERROR"] == "password is too weak for MAS: zxcvbn score %d, minimum 3" % score
    warning, suggestions = fb
    detail = "  ".join(([WARNINGS[warning]] if warning else []) + [SUGGESTIONS[s] for s in suggestions])
    assert parts["DETAIL"] == detail
    assert "skip_password_check => true" in parts["HINT"]
    # Never any part of the password: not even its words.
    for piece in re.split(r"[^A-Za-z0-9]+", password):
        if len(piece) >= 3 and piece.lower() != "fake":
            assert piece.lower() not in err.lower(), piece
    assert "fake" not in err.lower()
    assert mas.state() == before


@pytest.mark.parametrize("password", STRONG)
def test_strong_password_accepted(mas, ref, password):
    assert expected(ref, password)[0] >= 3
    state, _ = set_password(mas, "bob", password)
    assert state is None
    assert mas.one("SELECT mxpw_check_password('bob', %s);" % mas.pg.literal(password), schemes=CHEAP) == "t"


# One password of each score, 0 to 4 (score 0 has no "fake": "fake" alone
# already scores 1).
BY_SCORE = {0: "password1", 1: "fakefake", 2: "fake-abcdef", 3: "fake-policy", 4: "fake-correct-horse-battery"}


@pytest.mark.parametrize("level", [0, 1, 2, 3, 4])
def test_minimum_complexity_boundaries(mas, ref, level):
    """At minimum level, exactly the passwords scoring below it are refused
    (MAS: score >= minimum_complexity)."""
    for score, password in BY_SCORE.items():
        assert expected(ref, password)[0] == score, password
        state, err = set_password(mas, "bob", password, settings=minimum(level))
        if score < level:
            assert state == "22023", (score, level)
            assert "zxcvbn score %d, minimum %d" % (score, level) in err
        else:
            assert state is None, (score, level, err)


def test_minimum_complexity_is_superuser_only_and_in_range(mas):
    for bad in ("5", "-1", "'three'"):
        state, _ = mas.fails("SET mxpw.mas_minimum_complexity = %s;" % bad)
        assert state == "22023"
    mas.pg.run("CREATE ROLE regress_mxpw_policy_role;", mas.db)
    try:
        state, _ = mas.fails("SET ROLE regress_mxpw_policy_role;\nSET mxpw.mas_minimum_complexity = 0;")
        assert state == "42501"
    finally:
        mas.pg.run("DROP ROLE regress_mxpw_policy_role;", mas.db)


def test_skip_password_check(mas):
    state, _ = set_password(mas, "bob", "fakefake", skip=True)
    assert state is None
    assert mas.one("SELECT mxpw_check_password('bob', 'fakefake');", schemes=CHEAP) == "t"
    # Named false is the default: checked.
    state, _ = set_password(mas, "bob", "fakefake", skip=False)
    assert state == "22023"
    state, _ = mas.fails("SELECT mxpw_set_password('bob', 'fakefake', false, NULL);", schemes=CHEAP)
    assert state == "22004"


def test_synapse_policy_does_not_apply_to_mas(mas):
    strict = "SET mxpw.synapse_password_policy = '{\"enabled\": true, \"minimum_length\": 64}';\n"
    state, err = set_password(mas, "bob", "fake-correct-horse-battery", settings=strict)
    assert state is None, err


def test_generated_passwords_are_not_judged(mas):
    out = mas.rows(minimum(4) + "SELECT length(mxpw_reset_password('bob'));", schemes=CHEAP)
    assert out == ["32"]


def test_bulk_refusals_by_position(mas, ref):
    before = mas.state()
    users = ["bob", "erin", "frank", "nobody", "Alice"]
    passwords = ["fake-correct-horse-battery", "fakefake", "fake-strong-mas-password-1", "fake-policy", "fake2025"]
    state, err = mas.fails(
        "SELECT * FROM mxpw_set_passwords(ARRAY[%s], ARRAY[%s]);"
        % (", ".join(mas.pg.literal(u) for u in users), ", ".join(mas.pg.literal(p) for p in passwords)),
        schemes=CHEAP)
    assert state == "22023"
    assert "3 entries of 5 are invalid" in err
    assert "Entry 2: password is too weak for MAS: zxcvbn score %d, minimum 3." % expected(ref, "fakefake")[0] in err
    assert "Entry 4: user \"@nobody:example.com\" does not exist." in err
    assert "Entry 5: password is too weak for MAS: zxcvbn score %d, minimum 3." % expected(ref, "fake2025")[0] in err
    assert "Entry 1:" not in err and "Entry 3:" not in err
    assert "skip_password_check => true" in err
    assert "fake" not in err.lower()
    assert mas.state() == before
    # Skipped for the whole call: every entry but the missing user is set.
    out = mas.rows("SELECT * FROM mxpw_set_passwords(ARRAY['bob', 'erin'], ARRAY['fakefake', 'fake2025'],"
                   " skip_password_check => true);", schemes=CHEAP)
    assert out == ["@bob:example.com", "@erin:example.com"]
    assert mas.one("SELECT mxpw_check_password('erin', 'fake2025');", schemes=CHEAP) == "t"


def test_hash_functions_are_not_judged(mas):
    """mxpw_hash and mxpw_hash_many set no account's password."""
    out = mas.rows(minimum(4) + "SELECT left(mxpw_hash('fakefake'), 4);"
                   "SELECT cardinality(mxpw_hash_many(ARRAY['fakefake', 'fake1234']));", schemes=CHEAP)
    assert out == ["$2b$", "2"]


def test_crosscheck_against_reference(mas, ref):
    """For a sample drawn as test_zxcvbn.py draws its corpus, mxpw refuses a
    password at minimum m exactly when the reference scores it below m, for
    every m from 1 to 4: the score mxpw acts on is the reference's."""
    import test_zxcvbn
    corpus = test_zxcvbn.corpus(ref)
    rng = random.Random(20261205)
    # Passwords mxpw takes at all: 1 to 512 characters, no NUL, and none
    # whose normalisation Unicode versions may change (refused before the
    # policy); tab and other controls are fine.
    sample = [p for p in rng.sample(corpus, CROSS_SAMPLE * 2)
              if 0 < len(p) <= 512 and "\0" not in p][:CROSS_SAMPLE]
    assert len(sample) >= 2000
    want = [ref.score(ref.guesses(p)) for p in sample]

    # The passwords travel as COPY data; each is set at each minimum in a
    # subtransaction, and the whole is rolled back.
    copy = "".join("%d\t%s\n" % (i, p.replace("\\", "\\\\").replace("\t", "\\t")
                                 .replace("\n", "\\n").replace("\r", "\\r"))
                   for i, p in enumerate(sample))
    script = """
CREATE TEMP TABLE policy_sample (i integer, password text);
COPY policy_sample FROM STDIN;
%s\\.
CREATE TEMP TABLE policy_result (i integer, level integer, accepted boolean, state text);
BEGIN;
DO $$
DECLARE r record; ok boolean; st text;
BEGIN
    FOR lvl IN 1 .. 4 LOOP
        PERFORM set_config('mxpw.mas_minimum_complexity', lvl::text, true);
        FOR r IN SELECT * FROM policy_sample ORDER BY i LOOP
            BEGIN
                PERFORM mxpw_set_password('bob', r.password);
                ok := true; st := NULL;
            EXCEPTION WHEN OTHERS THEN
                ok := false; st := SQLSTATE;
            END;
            INSERT INTO policy_result VALUES (r.i, lvl, ok, st);
        END LOOP;
    END LOOP;
END $$;
SELECT i, string_agg(CASE WHEN accepted THEN 'y' ELSE coalesce(state, '?') END, ',' ORDER BY level)
FROM policy_result GROUP BY i ORDER BY i;
ROLLBACK;
""" % copy
    # Nothing is kept: the passwords set are rolled back with their rows.
    rows = mas.rows(script, schemes=CHEAP)
    assert len(rows) == len(sample)
    mismatches = []
    other_errors = []
    for row in rows:
        i, verdicts = row.split("|")
        i = int(i)
        verdicts = verdicts.split(",")
        if any(v not in ("y", "22023") for v in verdicts):
            other_errors.append((sample[i].encode().hex(), verdicts))
            continue
        # The score mxpw acts on: the number of minimums 1..4 it accepts.
        got = sum(v == "y" for v in verdicts)
        accepted_prefix = verdicts[:got] == ["y"] * got and all(v == "22023" for v in verdicts[got:])
        if not accepted_prefix or got != want[i]:
            mismatches.append((sample[i].encode().hex(), want[i], verdicts))
    print("policy cross-check: %d passwords, %d judged as the reference scores them, %d other errors"
          % (len(sample), len(sample) - len(mismatches) - len(other_errors), len(other_errors)))
    assert other_errors == [], other_errors[:10]
    assert mismatches == [], mismatches[:10]
    assert len(set(want)) == 5, "the sample covers every score"
