# The opening shared by every script that builds mxpw and runs it on this
# machine.  Source it from the top of the tree:
#   . tools/setup.sh [extra Debian package ...]
#
# - The PostgreSQL to use, chosen by tools/pg-major.sh (which says why on
#   one line): PG_CONFIG when the caller gives one, else Debian's for
#   PG_MAJOR when given, else the newest installed here, else the one the
#   system's `postgresql` package provides.  Exports PG_CONFIG, PG_MAJOR
#   (that server's major) and PATH with its binaries first.
# - Installs whatever is missing (tools/install-deps, plus the packages
#   named).
# - Takes /tmp/mxpw-install.lock on file descriptor 9 for the rest of the
#   script: mxpw is installed into PostgreSQL's own directories, so one
#   build-install-test runs at a time on this machine.  A server started
#   from here must not outlive the script holding it.

. tools/pg-major.sh
pg_choose || exit 1
tools/install-deps "$@" || exit 1
"$PG_CONFIG" --version >/dev/null 2>&1 || { echo "setup: $PG_CONFIG does not work after installing" >&2; exit 1; }
PATH=$("$PG_CONFIG" --bindir):$PATH
export PATH

exec 9>/tmp/mxpw-install.lock
flock 9
