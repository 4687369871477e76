# Helpers for mxpw's test scripts.  Source this file.
#   check "what" command...   counts one check, prints ok/FAIL
#   summary NAME              prints "NAME: N passed, M failed"; false on failure
#   add_counts "LINE"         adds the counts of another suite's closing line
#                             ("...: N passed, M failed"); any other line is
#                             one failure
#   synapse_db DB             creates DB with the Synapse-shaped schema and mxpw

check_passed=0
check_failed=0

check() {
	local what=$1
	shift
	if "$@"; then
		check_passed=$((check_passed + 1))
		echo "ok   $what"
	else
		check_failed=$((check_failed + 1))
		echo "FAIL $what"
	fi
}

summary() {
	echo "$1: $check_passed passed, $check_failed failed"
	[ "$check_failed" -eq 0 ]
}

add_counts() {
	local p f
	p=$(sed -n 's/.* \([0-9]\+\) passed, \([0-9]\+\) failed.*/\1/p' <<<"$1")
	f=$(sed -n 's/.* \([0-9]\+\) passed, \([0-9]\+\) failed.*/\2/p' <<<"$1")
	check_passed=$((check_passed + ${p:-0}))
	check_failed=$((check_failed + ${f:-1}))
}

synapse_db() {
	createdb -E UTF8 --locale=C -T template0 "$1" &&
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f test/synapse-schema.sql >/dev/null &&
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "CREATE EXTENSION mxpw" >/dev/null
}
