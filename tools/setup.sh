# The opening shared by every script that builds mxpw and runs it on this
# machine.  Source it from the top of the tree:
#   . tools/setup.sh [extra Debian package ...]
#
# - The PostgreSQL to use: PG_CONFIG when the caller gives one, otherwise
#   Debian's for PG_MAJOR (default 15).  Exports PG_CONFIG, PG_MAJOR (that
#   server's major) and PATH with its binaries first.
# - Installs whatever is missing (tools/install-deps, plus the packages
#   named).
# - Takes /tmp/mxpw-install.lock on file descriptor 9 for the rest of the
#   script: mxpw is installed into PostgreSQL's own directories, so one
#   build-install-test runs at a time on this machine.  A server started
#   from here must not outlive the script holding it.

if [ -n "${PG_CONFIG:-}" ]; then
	PG_MAJOR=$("$PG_CONFIG" --version 2>/dev/null | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
	[ -n "$PG_MAJOR" ] || { echo "setup: PG_CONFIG=$PG_CONFIG is not a working pg_config" >&2; exit 1; }
else
	PG_MAJOR=${PG_MAJOR:-15}
	PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
fi
export PG_MAJOR PG_CONFIG
tools/install-deps "$@" || exit 1
PATH=$("$PG_CONFIG" --bindir):$PATH
export PATH

exec 9>/tmp/mxpw-install.lock
flock 9
