# Helpers for mxpw's test scripts.  Source this file.
#   check "what" command...   counts one check, prints ok/FAIL
#   summary NAME              prints "NAME: N passed, M failed"; false on failure
#   add_counts "LINE"         adds the counts of another suite's closing line
#                             ("...: N passed, M failed"); any other line is
#                             one failure
#   synapse_db DB             creates DB with the Synapse-shaped schema and mxpw
#   regress_run NAME          make installcheck, counted as NAME

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

# regress_run NAME [DIFF-LINES]: `make installcheck` (the regress files and
# the isolation specs) against the cluster the PG* variables point at.
# Prints the run and the head of regression.diffs only when something
# failed, then "NAME: N passed, M failed"; false on failure.
regress_run() {
	local out passed failed
	out=$(make -s PG_CONFIG="$PG_CONFIG" installcheck 2>&1)
	# pg_regress prints "test x ... ok" up to PostgreSQL 15 and "ok 1 - x" after.
	passed=$(grep -cE '^ok [0-9]+ |\.\.\. ok ' <<<"$out" || true)
	failed=$(grep -cE '^not ok [0-9]+ |\.\.\. FAILED ' <<<"$out" || true)
	[ $((passed + failed)) -gt 0 ] || failed=1
	if [ "$failed" -ne 0 ]; then
		echo "$out"
		[ -f regression.diffs ] && head -n "${2:-200}" regression.diffs
	fi
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
