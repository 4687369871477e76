"""Checks the drivers of mxpw's suites: test/lib.sh's run_suite, check,
summary and pytest_run, and .ci/run.  A suite passes on its exit status and
reports its counts by a file (MXPW_COUNTS), never by the text it prints: a
suite that exits non-zero has failed whatever it printed, and one that exits
0 without reporting its counts has failed too.  Each case runs fake suites,
small scripts in a scratch directory; nothing here needs a server.
"""
import os
import re
import subprocess

import pytest

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.path.join(TREE, "test", "lib.sh")


def bash(script, cwd=TREE):
    return subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, encoding="utf-8")


def fake_suite(directory, name, body):
    """An executable script NAME in DIRECTORY that sources test/lib.sh and runs BODY."""
    path = os.path.join(str(directory), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"#!/usr/bin/env bash\n. {LIB}\n{body}\n")
    os.chmod(path, 0o755)
    return path


def counted(*commands):
    """The counts run_suite adds up over COMMANDS (shell words), run in a
    script that sources test/lib.sh under set -euo pipefail as test/run does:
    (passed, failed, the failed suites, the output)."""
    script = "set -euo pipefail\n. {}\n{}\necho \"counts: $check_passed $check_failed\"\n" \
        "printf 'failed suite: %s\\n' \"${{failed_suites[@]}}\"\n".format(
            LIB, "\n".join(f"run_suite {c}" for c in commands))
    out = bash(script)
    assert out.returncode == 0, out.stdout + out.stderr
    passed, failed = map(int, re.search(r"^counts: (\d+) (\d+)$", out.stdout, re.M).groups())
    suites = [s for s in re.findall(r"^failed suite: (.*)$", out.stdout, re.M) if s]
    return passed, failed, suites, out.stdout


FIVE_CHECKS = "for i in 1 2 3 4 5; do check \"check $i\" true; done"


def test_a_suite_that_passes_reports_its_counts(tmp_path):
    suite = fake_suite(tmp_path, "good", f"{FIVE_CHECKS}\nsummary good")
    assert counted(suite)[:3] == (5, 0, [])


def test_exit_status_decides_over_the_counts(tmp_path):
    # It reports (and prints) 5 passed, 0 failed, then exits 1.
    suite = fake_suite(tmp_path, "exits-1", f"{FIVE_CHECKS}\nsummary x\nexit 1")
    passed, failed, suites, out = counted(suite)
    assert "x: 5 passed, 0 failed" in out
    assert (passed, failed, suites) == (5, 1, [suite])


def test_a_closing_line_printed_is_not_a_count(tmp_path):
    # Exits 0 and prints a closing line, but reports nothing.
    suite = fake_suite(tmp_path, "prints-only", 'echo "x: 5 passed, 0 failed"')
    assert counted(suite)[:3] == (0, 1, [suite])


def test_a_suite_without_counts_fails(tmp_path):
    suite = fake_suite(tmp_path, "silent", "true")
    assert counted(suite)[:3] == (0, 1, [suite])


def test_failures_reported_are_added(tmp_path):
    suite = fake_suite(tmp_path, "some-fail", "check a true\ncheck b false\ncheck c false\nsummary x")
    assert counted(suite)[:3] == (1, 2, [suite])


def test_only_the_closing_report_counts(tmp_path):
    # A helper run inside a suite may report before it (test/e2e/run's
    # pytest_run); the suite's own summary, last, is what counts.
    suite = fake_suite(tmp_path, "inner", "summary inner 7 0\ncheck a true\nsummary outer")
    assert counted(suite)[:3] == (1, 0, [])


def test_summary_reports_one_line(tmp_path):
    # A suite run as one check is counted once, by the check: it does not
    # report to the caller's file.
    inner = fake_suite(tmp_path, "inner", f"{FIVE_CHECKS}\nsummary inner")
    suite = fake_suite(tmp_path, "outer", f"check 'the inner suite' {inner}\nsummary 'the outer suite'")
    counts = tmp_path / "counts"
    out = subprocess.run([suite], env=dict(os.environ, MXPW_COUNTS=str(counts)),
                         capture_output=True, encoding="utf-8")
    assert out.returncode == 0
    assert out.stdout.splitlines()[-1] == "the outer suite: 1 passed, 0 failed"
    assert counts.read_text() == "the outer suite\t1\t0\n"


def test_a_helper_function_counts_afresh(tmp_path):
    # run_suite runs a helper in a subshell whose counts start at zero, so
    # the suites before it are not counted twice.
    first = fake_suite(tmp_path, "first", f"{FIVE_CHECKS}\nsummary first")
    passed, failed, suites, _ = counted(first, "summary helper 2 1", first)
    assert (passed, failed, suites) == (12, 1, ["summary helper 2 1"])


PYTEST_FILE = """
import pytest

def test_passes():
    pass

def test_passes_too():
    pass

def test_fails():
    assert False

@pytest.fixture
def broken():
    raise RuntimeError("setup fails")

def test_errors(broken):
    pass

def test_skipped():
    pytest.skip("not here")

@pytest.mark.xfail
def test_expected_to_fail():
    assert False
"""


def test_pytest_counts_come_from_its_report(tmp_path):
    (tmp_path / "test_sample.py").write_text(PYTEST_FILE)
    passed, failed, suites, out = counted(f"pytest_run sample {tmp_path}/test_sample.py")
    assert (passed, failed) == (2, 2)
    assert "sample: 2 skipped, not counted" in out
    assert "sample: 2 passed, 2 failed" in out


def test_pytest_without_tests_fails(tmp_path):
    (tmp_path / "test_empty.py").write_text("")
    assert counted(f"pytest_run empty {tmp_path}/test_empty.py")[:2] == (0, 1)


CI = os.path.join(TREE, ".ci", "run")
needs_ci = pytest.mark.skipif(not os.path.exists(CI), reason="no .ci/run here (a PGXN zip leaves .ci/ out)")


def ci(*suites):
    out = bash(f"{CI} " + " ".join(f"'{s}'" for s in suites))
    return out.returncode, out.stdout.rstrip("\n").split("\n")


@needs_ci
def test_ci_catches_each_failing_suite(tmp_path):
    exits_1 = fake_suite(tmp_path, "exits-1", f"{FIVE_CHECKS}\nsummary x\nexit 1")
    silent = fake_suite(tmp_path, "silent", 'echo "ran, counted nothing"')
    good = fake_suite(tmp_path, "good", "check a true\ncheck b true\ncheck c true\ncheck d true\nsummary good")
    rc, lines = ci(exits_1, silent, good)
    assert rc != 0
    assert lines[-1] == "ci: 3 suites, 9 tests passed, 2 failed"
    assert f"ci: FAILED suite: {exits_1}" in lines
    assert f"ci: FAILED suite: {silent}" in lines
    assert f"ci: FAILED suite: {good}" not in lines


@needs_ci
def test_ci_passes_when_every_suite_passes(tmp_path):
    good = fake_suite(tmp_path, "good", f"{FIVE_CHECKS}\nsummary good")
    rc, lines = ci(good, f"env X=1 {good}")
    assert (rc, lines[-1]) == (0, "ci: 2 suites, 10 tests passed, 0 failed")
