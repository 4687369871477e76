"""What mxpw's Python tests share.  They run under pytest (Debian's
python3-pytest) through test/lib.sh's pytest_run.

The fixture `pg` talks to the PostgreSQL cluster that the usual PG*
variables point at, through psql, as its superuser:
  pg.run(script, db=None)    the script through one psql session; returns
                             the finished process (stdout, stderr); raises
                             PsqlError with psql's messages if a statement fails
  pg.rows(script, db=None)   the same; returns the lines of its output
  pg.error(script, db=None)  psql's messages if the script fails, else None
  pg.literal(s)              s as an SQL string literal
  pg.database(name, synapse_schema=False)
                             a context manager: a new database with mxpw
                             (and Synapse's schema), dropped afterwards

Every password, pepper and secret in these tests is fake and contains
"fake": a scan of a server log for "fake" finds any that reached it.  The
report of a failing test is printed with every word containing "fake"
replaced, because pytest's account of a failed assertion shows the
arguments of the calls in it.  Passwords without "fake" (generated ones)
are never asserted on directly: tests compare what a call returned.
"""
import contextlib
import os
import re
import subprocess

import pytest

TEST_DIR = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.dirname(TEST_DIR)


class PsqlError(Exception):
    pass


class Postgres:
    @staticmethod
    def literal(s):
        return "'" + s.replace("'", "''") + "'"

    @staticmethod
    def run(script, db=None):
        args = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"] + (["-d", db] if db else [])
        out = subprocess.run(args, input=script, capture_output=True, encoding="utf-8")
        if out.returncode != 0:
            raise PsqlError(out.stderr.strip())
        return out

    def rows(self, script, db=None):
        return self.run(script, db).stdout.splitlines()

    def error(self, script, db=None):
        try:
            self.run(script, db)
            return None
        except PsqlError as e:
            return str(e)

    @contextlib.contextmanager
    def database(self, name, synapse_schema=False):
        subprocess.run(["dropdb", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-E", "UTF8", "--locale=C", "-T", "template0", name], check=True)
        try:
            if synapse_schema:
                with open(os.path.join(TEST_DIR, "synapse-schema.sql"), encoding="utf-8") as f:
                    self.run(f.read(), name)
            self.run("CREATE EXTENSION mxpw;", name)
            yield name
        finally:
            subprocess.run(["dropdb", "--if-exists", name], check=True)


@pytest.fixture(scope="session")
def pg():
    return Postgres()


FAKE_WORD = re.compile(r"""[^\s'"`]*fake[^\s'"`]*""", re.IGNORECASE)


def scrub(text):
    return FAKE_WORD.sub("<fake secret>", text)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        if report.longrepr is not None:
            report.longrepr = scrub(str(report.longrepr))
        report.sections = [(title, scrub(text)) for title, text in report.sections]
