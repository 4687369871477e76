# Helpers for mxpw's test scripts.  Source this file.
#   check "what" command...   counts one check, prints ok/FAIL
#   summary NAME              prints "NAME: N passed, M failed"; false on failure
#   add_counts "LINE"         adds the counts of another suite's closing line
#                             ("...: N passed, M failed"); any other line is
#                             one failure
#   run_suite COMMAND...      runs a suite (a script or one of the *_run
#                             below), shows its output, adds its counts
#   regress_run NAME          make installcheck without the TAP tests, counted
#                             as NAME
#   regress_each_run NAME     each regress file and isolation spec alone, one
#                             make installcheck each, counted as NAME
#   tap_run NAME              the TAP tests (t/*.pl), counted as NAME; needs
#                             tools/pgcluster.sh
#   pytest_run NAME ARGS...   Python tests under pytest, counted as NAME
#   check_log_clean LOG [WHAT] one check: no test password or pepper in LOG
#   copy_tree DIR             this tree's files into DIR
#   root_mount ROOT           /proc and /dev/shm inside a Debian root;
#   root_unmount              undone by this

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

run_suite() {
	local out
	out=$("$@" 2>&1) || true
	echo "$out"
	add_counts "$(tail -n 1 <<<"$out")"
}

# copy_tree DIR: what git tracks and what it would track (a change not yet
# committed), or the whole directory outside git.
copy_tree() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard |
			tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$1"
	else
		cp -a . "$1"
	fi
}

# root_mount ROOT: the /proc and /dev/shm that PostgreSQL and Synapse need
# inside a Debian root from tools/build-root, where not mounted already;
# root_unmount undoes only what root_mount did.
root_mounted=()
root_mount() {
	local m
	for m in proc:/proc tmpfs:/dev/shm; do
		mountpoint -q "$1${m#*:}" && continue
		mkdir -p "$1${m#*:}"
		mount -t "${m%%:*}" "${m%%:*}" "$1${m#*:}"
		root_mounted=("$1${m#*:}" "${root_mounted[@]}")
	done
}
root_unmount() {
	local m
	for m in "${root_mounted[@]}"; do umount "$m" 2>/dev/null || true; done
	root_mounted=()
}

# regress_run NAME [DIFF-LINES]: `make installcheck` (the regress files and
# the isolation specs) against the cluster the PG* variables point at; an
# empty TAP_TESTS leaves out the TAP tests, which tap_run runs.
# Prints the run and the head of regression.diffs only when something
# failed, then "NAME: N passed, M failed"; false on failure.
regress_run() {
	local out passed failed
	out=$(make -s PG_CONFIG="$PG_CONFIG" installcheck TAP_TESTS= 2>&1)
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

# regress_each_run NAME: every file of the Makefile's REGRESS alone, as
# `make installcheck REGRESS=FILE` runs one (a fresh database from
# pg_regress, mxpw created in it, and nothing else run before), then every
# spec of its ISOLATION alone (ISOLATION=SPEC), against the cluster the PG*
# variables point at.  One check per file: none may depend on another
# having run first.  Prints the head of regression.diffs for each that
# fails, the time taken, then "NAME: N passed, M failed"; false on failure.
regress_each_run() {
	local name=$1 kind f started out status diffs
	local check_passed=0 check_failed=0
	started=$(date +%s)
	for kind in REGRESS ISOLATION; do
		# pg_isolation_regress writes under output_iso/ (PGXS's ISOLATION_OPTS).
		diffs=regression.diffs
		[ "$kind" = ISOLATION ] && diffs=output_iso/regression.diffs
		for f in $(make -s --no-print-directory PG_CONFIG="$PG_CONFIG" -f Makefile -f - list-tests \
			<<<"list-tests: ; @echo \$($kind)"); do
			status=0
			out=$(make -s PG_CONFIG="$PG_CONFIG" installcheck "$kind=$f" 2>&1) || status=$?
			check "$f alone (make installcheck $kind=$f)" [ "$status" -eq 0 ]
			[ "$status" -eq 0 ] && continue
			tail -n 20 <<<"$out"
			[ -f "$diffs" ] && head -n 60 "$diffs"
		done
	done
	[ $((check_passed + check_failed)) -gt 0 ] || check "the Makefile lists regress files" false
	echo "each file alone took $(($(date +%s) - started)) s"
	summary "$name"
}

# check_log_clean LOG [WHAT]: one check that no line of the server log LOG
# holds a test password or pepper (every one contains "fake", but for MAS's
# known-answer vectors: the password "hunter2", the secret
# "a-secret-pepper").  On failure it names the lines and their kind, never
# their text.
check_log_clean() {
	local log=$1 what=${2:-the server log} leaks found
	if [ -r "$log" ]; then
		leaks=$(grep -ciE 'fake|hunter2|a-secret-pepper' "$log" || true)
		found="$leaks lines"
	else
		leaks=-1
		found="no log at $log"
	fi
	check "no test password or pepper in $what ($found)" [ "$leaks" = 0 ]
	[ "$leaks" = 0 ] || grep -n -i 'fake' "$log" 2>/dev/null | head -n 20 |
		sed -E 's/^([0-9]+):.*\<(LOG|ERROR|STATEMENT|DETAIL|CONTEXT|HINT|WARNING|FATAL|PANIC):.*/line \1: \2/; s/^([0-9]+):.*/line \1/' >&2
	return 0
}

# tap_run NAME: the TAP tests (t/*.pl), which make their own clusters with
# PostgreSQL::Test::Cluster.  Those modules refuse to run as root, and the
# checkout may be a directory the postgres OS user cannot enter: as root they
# run as that user, in a copy of the tree it owns.  Counts each assertion;
# a test file that dies counts as one failure.  Prints prove's output and
# the end of each failing test's logs only when something failed, then
# "NAME: N passed, M failed"; false on failure.
tap_run() {
	local copy out status=0 passed failed t log
	copy=$(mktemp -d /tmp/mxpw-tap.XXXXXX)
	copy_tree "$copy"
	[ "$(id -u)" = 0 ] && chown -R postgres: "$copy"
	# Only the TAP tests: REGRESS and ISOLATION empty.
	out=$(pgc_as_owner make -s -C "$copy" PG_CONFIG="$PG_CONFIG" installcheck \
		REGRESS= ISOLATION= PROVE_FLAGS=-v 2>&1) || status=$?
	passed=$(grep -cE '^[[:space:]]*ok [0-9]+' <<<"$out" || true)
	failed=$(grep -cE '^[[:space:]]*not ok [0-9]+' <<<"$out" || true)
	# In prove's summary, a file that failed without a failed assertion
	# (it died, or its plan is wrong).
	failed=$((failed + $(grep -cE '^t/[^ ]+ +\(Wstat: .*Failed: 0\)' <<<"$out" || true)))
	[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
	[ $((passed + failed)) -gt 0 ] || failed=1
	if [ "$failed" -ne 0 ]; then
		# prove's output and the logs of each failing test file, with the
		# test passwords masked (a failing statement shows in both).
		sed 's/fake[^ ]*/fake…/Ig' <<<"$out"
		for t in $(sed -n 's/^t\/\([^ ]*\)\.pl  *(Wstat: .*/\1/p' <<<"$out"); do
			for log in "$copy"/tmp_check/log/*"$t"*; do
				[ -f "$log" ] || continue
				echo "== the end of ${log#"$copy"/}"
				tail -n 40 "$log" | sed 's/fake[^ ]*/fake…/Ig'
			done
		done
	fi
	rm -rf "$copy"
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# pytest_run NAME ARGS...: Debian's pytest with ARGS (test files) from the
# top of the tree, without its cache or bytecode files.  Quiet when every
# test passes (only which tests were skipped and why), the whole of pytest's
# report otherwise; then "NAME: N passed, M failed" from pytest's closing
# line ("5 passed, 1 failed, 2 skipped in 3.2s"): errors count as failed,
# skipped tests not at all, and a run without that line (or a failing one
# that names no failure) as one failure.  False on failure.
pytest_run() {
	local name=$1 out rc=0 last passed failed errors skipped
	shift
	out=$(PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q -rfEs -p no:cacheprovider "$@" 2>&1) || rc=$?
	last=$(grep -E '^=* *(no tests ran|[0-9]+ (passed|failed|skipped|errors?|deselected|xfailed|xpassed|warnings?)\b.*) in [0-9.]+s' <<<"$out" | tail -n 1)
	passed=$(sed -n 's/.*\<\([0-9]\+\) passed\>.*/\1/p' <<<"$last")
	failed=$(sed -n 's/.*\<\([0-9]\+\) failed\>.*/\1/p' <<<"$last")
	errors=$(sed -n 's/.*\<\([0-9]\+\) errors\?\>.*/\1/p' <<<"$last")
	skipped=$(sed -n 's/.*\<\([0-9]\+\) skipped\>.*/\1/p' <<<"$last")
	failed=$((${failed:-0} + ${errors:-0}))
	[ -n "$last" ] && { [ "$rc" -eq 0 ] || [ "$failed" -gt 0 ]; } || failed=$((failed + 1))
	if [ "$failed" -ne 0 ]; then
		echo "$out"
	else
		grep '^SKIPPED ' <<<"$out" || true
	fi
	[ -z "$skipped" ] || echo "$name: $skipped skipped, not counted"
	echo "$name: ${passed:-0} passed, $failed failed"
	[ "$failed" -eq 0 ]
}
