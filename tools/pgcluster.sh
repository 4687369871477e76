# Throwaway PostgreSQL clusters for mxpw's tests and demo.  Source this file.
#
# PostgreSQL refuses to run as root, so when invoked as root the server runs
# as the "postgres" OS user; the cluster lives in a private directory, its
# socket in that directory, and TCP only on 127.0.0.1 on a free port.
#
#   pgc_start [conf-line ...]   start a cluster; exports PGHOST PGPORT PGUSER
#                               PGDATABASE, PGC_DIR and PGC_LOG
#   pgc_stop                    stop it and remove its directory
#   pgc_bindir                  the server binaries in use (from PG_CONFIG)
#
# PGC_POSTGRES, if set, is the program pg_ctl starts instead of the server
# binary (for example a wrapper that runs it under valgrind).
#
# The checkout may be a directory the postgres OS user cannot enter (a clone
# in a root-owned mktemp -d): commands run as that user start from /, and
# whatever the server needs from the checkout is copied into PGC_DIR first.
# When a suite has failed checks (lib.sh's check_failed), pgc_stop prints the
# tail of the server's log so that the cause shows in CI's output.

# The scripts have chosen PG_CONFIG in tools/setup.sh; sourced alone, this
# uses the pg_config on PATH.
PG_CONFIG=${PG_CONFIG:-pg_config}

pgc_bindir() {
	"$PG_CONFIG" --bindir
}

# Runs a command as the cluster's OS owner.
pgc_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pgc_free_port() {
	if command -v python3 >/dev/null; then
		python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
		return
	fi
	# Without Python (an official postgres image): a port nothing answers on.
	local port
	for _ in $(seq 100); do
		port=$((20000 + RANDOM % 40000))
		(: </dev/tcp/127.0.0.1/$port) 2>/dev/null || { echo "$port"; return; }
	done
	echo "pgc_free_port: no free port found" >&2
	return 1
}

pgc_start() {
	local bindir
	bindir=$(pgc_bindir)
	PGC_DIR=$(mktemp -d /tmp/mxpw-pg.XXXXXX)
	chmod 0755 "$PGC_DIR"
	[ "$(id -u)" = 0 ] && chown postgres: "$PGC_DIR"
	PGC_LOG=$PGC_DIR/server.log
	PGPORT=$(pgc_free_port)
	pgc_as_owner "$bindir/initdb" -D "$PGC_DIR/data" -U postgres -A trust \
		-E UTF8 --locale=C >"$PGC_DIR/initdb.log" 2>&1 || {
		cat "$PGC_DIR/initdb.log" >&2
		return 1
	}
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $PGPORT"
		echo "unix_socket_directories = '$PGC_DIR'"
		echo "fsync = off"
		local line
		for line in "$@"; do
			echo "$line"
		done
	} | pgc_as_owner tee -a "$PGC_DIR/data/postgresql.conf" >/dev/null
	pgc_as_owner "$bindir/pg_ctl" -D "$PGC_DIR/data" -l "$PGC_LOG" -w -t 300 \
		-p "${PGC_POSTGRES:-$bindir/postgres}" start >/dev/null || {
		echo "pgc_start: the server did not start; the end of its log:" >&2
		tail -n 40 "$PGC_LOG" >&2
		return 1
	}
	export PGHOST=$PGC_DIR PGPORT PGUSER=postgres PGDATABASE=postgres PGC_DIR PGC_LOG
}

pgc_stop() {
	[ -n "${PGC_DIR:-}" ] && [ -d "$PGC_DIR/data" ] || return 0
	if [ "${check_failed:-0}" -gt 0 ] && [ -f "$PGC_LOG" ]; then
		echo "pgc_stop: checks failed; the end of the server's log ($PGC_LOG):" >&2
		tail -n 40 "$PGC_LOG" >&2
	fi
	pgc_as_owner "$(pgc_bindir)/pg_ctl" -D "$PGC_DIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$PGC_DIR"
	PGC_DIR=
}
