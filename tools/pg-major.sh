# The one place that decides which PostgreSQL mxpw's scripts build and test
# against.  Sourced by tools/setup.sh (and by tools/install-deps when run on
# its own); pg_choose sets and exports PG_MAJOR and PG_CONFIG and prints one
# line saying which major it chose and why:
#
#   1. PG_CONFIG, when the caller gives one: the major it reports.  A
#      Debian path (/usr/lib/postgresql/NN/bin/pg_config) that does not
#      exist yet names major NN, whose packages tools/install-deps installs.
#   2. PG_MAJOR, when the caller gives it: Debian's PostgreSQL of that major.
#   3. Otherwise the newest major whose server package (postgresql-NN) is
#      installed here,
#   4. or else the major of the server that the system's own `postgresql`
#      package depends on, as apt sees it: 15 on Debian 12, 17 on Debian 13,
#      14 on Ubuntu 22.04, 16 on Ubuntu 24.04, the newest with
#      apt.postgresql.org (PGDG) in the sources.

# The newest major with its server package installed, or nothing.
pg_installed_major() {
	dpkg-query -W -f='${Package} ${Status}\n' 'postgresql-[0-9]*' 2>/dev/null |
		sed -n 's/^postgresql-\([0-9][0-9]*\) install ok installed$/\1/p' | sort -n | tail -n 1
}

# The major of the server the `postgresql` package depends on, or nothing.
pg_system_major() {
	apt-cache depends postgresql 2>/dev/null |
		sed -n 's/^ *|\{0,1\}Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | sort -n | tail -n 1
}

pg_choose() {
	local why major
	if [ -n "${PG_CONFIG:-}" ]; then
		major=$("$PG_CONFIG" --version 2>/dev/null | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
		if [ -n "$major" ]; then
			why="from PG_CONFIG=$PG_CONFIG"
		else
			major=$(sed -n 's|^/usr/lib/postgresql/\([0-9][0-9]*\)/bin/pg_config$|\1|p' <<<"$PG_CONFIG")
			[ -n "$major" ] || {
				echo "setup: PG_CONFIG=$PG_CONFIG is not a working pg_config" >&2
				return 1
			}
			why="from PG_CONFIG=$PG_CONFIG, Debian's, to be installed"
		fi
	elif [ -n "${PG_MAJOR:-}" ]; then
		major=$PG_MAJOR
		[[ $major =~ ^[0-9]+$ ]] || {
			echo "setup: PG_MAJOR=$PG_MAJOR is not a PostgreSQL major version (such as 17)" >&2
			return 1
		}
		why="as PG_MAJOR says"
		PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
	else
		major=$(pg_installed_major)
		if [ -n "$major" ]; then
			why="the newest installed here (PG_MAJOR or PG_CONFIG chooses another)"
		else
			major=$(pg_system_major)
			if [ -z "$major" ] && [ "$(id -u)" = 0 ]; then
				# A fresh machine may not have read its apt sources yet.
				apt-get update -qq >/dev/null 2>&1 || true
				major=$(pg_system_major)
			fi
			[ -n "$major" ] || {
				echo "setup: no PostgreSQL installed and apt knows no 'postgresql' package;" \
					"give PG_MAJOR (e.g. PG_MAJOR=17) or PG_CONFIG" >&2
				return 1
			}
			why="none is installed; the system's postgresql package depends on postgresql-$major (PG_MAJOR or PG_CONFIG chooses another)"
		fi
		PG_CONFIG=/usr/lib/postgresql/$major/bin/pg_config
	fi
	PG_MAJOR=$major
	export PG_MAJOR PG_CONFIG
	echo "setup: PostgreSQL $PG_MAJOR, $why"
}
