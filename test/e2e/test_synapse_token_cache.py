"""A token mxpw_revoke_sessions deleted, as Synapse's cache of access tokens
lets it answer.

test/e2e/run runs this module against each homeserver it starts, saying in
MXPW_E2E_TOKEN_CACHE how that one sizes the cache (get_user_by_access_token
in Synapse's synapse/storage/databases/main/registration.py):
  default   as Synapse ships it: homeserver.yaml says nothing
  0         caches: {per_cache_factors: {get_user_by_access_token: 0}} in
            homeserver.yaml, or SYNAPSE_CACHE_FACTOR_GET_USER_BY_ACCESS_TOKEN=0
            in Synapse's environment
and in MXPW_E2E_PHASE a name for the run, which names its account (the
database outlives each Synapse).
"""
import os
import types

import pytest

from synapse_client import login, register, user_id, whoami

CACHE = os.environ["MXPW_E2E_TOKEN_CACHE"]
LOCALPART = "logout-" + os.environ["MXPW_E2E_PHASE"]
USER = user_id(LOCALPART)


@pytest.fixture(scope="module")
def session():
    register(LOCALPART, "fake-logout-password")
    return types.SimpleNamespace(token=login(USER, "fake-logout-password")[1])


def test_token_answers(session):
    assert whoami(session.token) == 200, "a fresh token answers whoami, so Synapse has looked it up"


def test_revoke_sessions_deletes_it(pg, session):
    revoked = pg.rows("SELECT mxpw_revoke_sessions(%s)" % pg.literal(USER))
    assert revoked == ["2"], "mxpw_revoke_sessions deleted the two tokens (registration's and login's)"


# What whoami answers with the deleted token, and why, for each cache size.
EXPECTED = {
    "default": (200, "with Synapse's default cache the deleted token still answers (200) until Synapse restarts"),
    "0": (401, "with get_user_by_access_token's cache factor 0 the deleted token is refused at once (401)"),
}[CACHE]


def test_deleted_token(session):
    status, why = EXPECTED
    assert whoami(session.token) == status, why
