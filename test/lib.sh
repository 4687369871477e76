# Helpers for mxpw's test scripts.  Source this file.
#
# A script's exit status says whether it passed; its counts travel by a
# file, not by its output: run_suite gives each suite a file of its own in
# MXPW_COUNTS, and the suite's summary appends one line to it,
# "NAME<tab>PASSED<tab>FAILED".  A suite that exits non-zero, or reports no
# counts, has failed, whatever it printed.
#
#   check "what" command...   counts one check, prints ok/FAIL; what the
#                             command itself would report is not counted
#   summary NAME [P F]        prints "NAME: N passed, M failed" (the checks
#                             counted here, or P and F) and reports the
#                             counts to the caller's MXPW_COUNTS; false on
#                             failure
#   run_suite COMMAND...      runs a suite (a script or one of the *_run
#                             below) in a subshell, shows its output, adds
#                             the counts it reported (add_reported)
#   add_reported FILE STATUS WHAT  adds the counts a suite wrote to FILE
#   failed_suites             the suites that failed, for a closing recap
#   regress_run NAME          make installcheck without the TAP tests
#   regress_each_run NAME     each regress file and isolation spec alone
#   pg_regress_counts         "PASSED FAILED" from pg_regress's output
#   tap_run NAME              the TAP tests (t/*.pl); needs tools/pgcluster.sh
#   pytest_run NAME ARGS...   Python tests under pytest
#   check_log_clean LOG [WHAT] one check: no test password or pepper in LOG
#   mask_fake                 a filter: every word with "fake" cut short
#   make_var NAME             the value of a variable of the Makefile
#   copy_tree DIR             this tree's files into DIR
#   root_mount ROOT           /proc and /dev/shm inside a Debian root;
#   root_unmount              undone by this
#   in_root ROOT COMMAND      COMMAND run by bash as root inside a Debian root
#   set_aside_install         no mxpw left in PostgreSQL's directories;
#   put_back_install          a source install found there put back

check_passed=0
check_failed=0
failed_suites=()

# The command runs with MXPW_COUNTS empty: a helper run as one check (a
# whole regress run, say) is counted once, here, not also by the caller.
check() {
	local what=$1
	shift
	if MXPW_COUNTS= "$@"; then
		check_passed=$((check_passed + 1))
		echo "ok   $what"
	else
		check_failed=$((check_failed + 1))
		echo "FAIL $what"
	fi
}

summary() {
	local name=$1 passed=${2:-$check_passed} failed=${3:-$check_failed} s
	for s in "${failed_suites[@]}"; do
		echo "$name: FAILED suite: $s"
	done
	echo "$name: $passed passed, $failed failed"
	if [ -n "${MXPW_COUNTS:-}" ]; then
		printf '%s\t%d\t%d\n' "$name" "$passed" "$failed" >>"$MXPW_COUNTS" || return 1
	fi
	[ "$failed" -eq 0 ]
}

# run_suite COMMAND...: never stops the calling script; a failure is
# counted, and named in failed_suites.
run_suite() {
	local counts status=0
	counts=$(mktemp /tmp/mxpw-counts.XXXXXX)
	# A helper function starts counting afresh, as a script would.
	(
		check_passed=0 check_failed=0 failed_suites=()
		MXPW_COUNTS=$counts "$@"
	) 2>&1 || status=$?
	add_reported "$counts" "$status" "$*"
	rm -f "$counts"
	return 0
}

# add_reported FILE STATUS WHAT: the counts of the suite WHAT, which exited
# with STATUS and wrote its summary to FILE (the last line is its closing
# one; an inner helper's may come before).  One failure more when STATUS is
# not 0 and the counts show none, or when there are no counts.
add_reported() {
	local name='' passed='' failed=''
	if [ -s "$1" ]; then
		IFS=$'\t' read -r name passed failed < <(tail -n 1 "$1") || true
	fi
	if ! [[ $passed =~ ^[0-9]+$ && $failed =~ ^[0-9]+$ ]]; then
		echo "FAIL $3: exit status $2, and it reported no counts"
		passed=0 failed=1
	elif [ "$2" -ne 0 ] && [ "$failed" -eq 0 ]; then
		echo "FAIL $3: exit status $2, though it reported no failure"
		failed=1
	fi
	check_passed=$((check_passed + passed))
	check_failed=$((check_failed + failed))
	[ "$failed" -eq 0 ] || failed_suites+=("$3")
}

# mask_fake: stdin to stdout with every word that contains "fake" (a test
# password, a test pepper) cut to "fake…"; for output shown on failure.
mask_fake() {
	sed 's/fake[^ ]*/fake…/Ig'
}

# make_var NAME: the value of the Makefile's variable NAME (REGRESS,
# UNIT_SOURCES ...) as make sees it, from the top of the tree.
make_var() {
	make -s --no-print-directory PG_CONFIG="${PG_CONFIG:-pg_config}" -f Makefile -f - mxpw-make-var \
		<<<"mxpw-make-var: ; @echo \$($1)"
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
# empty TAP_TESTS leaves out the TAP tests, which tap_run runs.  make's exit
# status decides; the counts are pg_regress's, one per test.  Prints the
# run and the head of regression.diffs only when something failed, then
# "NAME: N passed, M failed"; false on failure.
regress_run() {
	local out status=0 passed failed
	out=$(make -s PG_CONFIG="$PG_CONFIG" installcheck TAP_TESTS= 2>&1) || status=$?
	read -r passed failed <<<"$(pg_regress_counts <<<"$out")"
	[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
	[ $((passed + failed)) -gt 0 ] || failed=1
	if [ "$failed" -ne 0 ]; then
		echo "$out"
		[ -f regression.diffs ] && head -n "${2:-200}" regression.diffs
	fi
	summary "$1" "$passed" "$failed"
}

# pg_regress_counts: reads the output of pg_regress (or of a make
# installcheck that ran it) and prints "PASSED FAILED", the tests it
# reported: "test x ... ok" up to PostgreSQL 15, "ok 1 - x" after.
pg_regress_counts() {
	local out
	out=$(cat)
	echo "$(grep -cE '^ok [0-9]+ |\.\.\. ok ' <<<"$out") $(grep -cE '^not ok [0-9]+ |\.\.\. FAILED ' <<<"$out")"
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
		for f in $(make_var "$kind"); do
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
# run as that user, in a copy of the tree it owns.  prove's exit status
# decides (a test file that dies or misses its plan fails it); the counts
# are TAP's own lines, one per assertion ("ok N", "not ok N", subtests'
# included).  Prints prove's output and the end of each failing test's logs
# only when something failed, then "NAME: N passed, M failed"; false on
# failure.
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
	[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
	[ $((passed + failed)) -gt 0 ] || failed=1
	if [ "$failed" -ne 0 ]; then
		# prove's output and the logs of each test file its summary names
		# as failed, with the test passwords masked (a failing statement
		# shows in both).
		mask_fake <<<"$out"
		for t in $(sed -n 's/^t\/\([^ ]*\)\.pl  *(Wstat: .*/\1/p' <<<"$out"); do
			for log in "$copy"/tmp_check/log/*"$t"*; do
				[ -f "$log" ] || continue
				echo "== the end of ${log#"$copy"/}"
				tail -n 40 "$log" | mask_fake
			done
		done
	fi
	rm -rf "$copy"
	summary "$1" "$passed" "$failed"
}

# pytest_run NAME ARGS...: Debian's pytest with ARGS (test files) from the
# top of the tree, without its cache or bytecode files.  pytest's exit
# status decides; the counts are its JUnit XML report's test cases (pytest
# --junitxml): one with a failure or an error counts as failed, a skipped one
# (xfail included) not at all.  Quiet when every test passes (only which
# tests were skipped and why), the whole of pytest's report otherwise; then
# "NAME: N passed, M failed".  A run that exits non-zero without a failing
# test case (no test collected, an internal error), or leaves no readable
# report, counts as one failure.  False on failure.
pytest_run() {
	local name=$1 out rc=0 xml passed='' failed='' skipped=''
	shift
	xml=$(mktemp /tmp/mxpw-junit.XXXXXX)
	out=$(PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q -rfEs -p no:cacheprovider \
		--junitxml="$xml" "$@" 2>&1) || rc=$?
	read -r passed failed skipped <<<"$(/usr/bin/python3 -c '
import sys
import xml.etree.ElementTree as ET
counts = {"passed": 0, "failed": 0, "skipped": 0}
for case in ET.parse(sys.argv[1]).iter("testcase"):
    tags = {child.tag for child in case}
    kind = "failed" if tags & {"failure", "error"} else "skipped" if "skipped" in tags else "passed"
    counts[kind] += 1
print(counts["passed"], counts["failed"], counts["skipped"])' "$xml" 2>/dev/null)"
	rm -f "$xml"
	if [ -z "$skipped" ]; then
		echo "$name: pytest left no readable JUnit XML report"
		passed=0 failed=1 skipped=0
	fi
	[ "$rc" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
	if [ "$failed" -ne 0 ]; then
		echo "$out"
	else
		grep '^SKIPPED ' <<<"$out" || true
	fi
	[ "$skipped" -eq 0 ] || echo "$name: $skipped skipped, not counted"
	summary "$name" "$passed" "$failed"
}

# set_aside_install: removes every mxpw file from the PostgreSQL of
# PG_CONFIG (tools/install-tree --remove), for a suite that tests what it
# installs itself (a package, a PGXN zip); put_back_install installs this
# tree again if mxpw was installed from source before (a library that no
# Debian package owns).  The caller holds /tmp/mxpw-install.lock.
set_aside_install() {
	local lib
	lib=$("$PG_CONFIG" --pkglibdir)/mxpw.so
	mxpw_source_install=no
	if [ -e "$lib" ] && ! dpkg -S "$lib" >/dev/null 2>&1; then
		mxpw_source_install=yes
	fi
	tools/install-tree --remove
}
put_back_install() {
	[ "${mxpw_source_install:-no}" = no ] || tools/install-tree >/dev/null
}

# in_root ROOT COMMAND: COMMAND run by bash as root inside the Debian root
# ROOT (tools/build-root), with nothing of this machine's environment.
in_root() {
	chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		bash -c "$2"
}
