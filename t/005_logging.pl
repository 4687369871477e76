# No password or secret in any log, whatever the logging settings: mxpw
# preloaded last, after pg_stat_statements and auto_explain, on a server
# that logs everything it can (every statement, its duration, plan and
# parameters, the statement of every message down to debug5, parse trees),
# to stderr, csvlog and jsonlog.  Every function is driven through the
# simple and the extended protocol, with errors before, inside and after
# mxpw, in parallel workers and on reload; pg_stat_statements and
# pg_stat_activity are read too.  Every password and secret contains
# "fake"; the same statements without mxpw carry "unreached" and must be
# logged, so that the scans prove something.

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use IPC::Run;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = mxpw_node('logging');
my $major = $node->pg_version->major;
my $destinations = $major >= 15 ? 'stderr,csvlog,jsonlog' : 'stderr,csvlog';
$node->append_conf(
	'postgresql.conf', qq(
shared_preload_libraries = 'pg_stat_statements,auto_explain,mxpw'
mxpw.bcrypt_rounds = 4
logging_collector = on
log_directory = 'log'
log_destination = '$destinations'
log_statement = 'all'
log_min_duration_statement = 0
log_duration = on
log_min_messages = debug5
log_min_error_statement = debug5
log_error_verbosity = verbose
log_parameter_max_length = -1
log_parameter_max_length_on_error = -1
debug_print_parse = on
debug_print_plan = on
auto_explain.log_min_duration = 0
auto_explain.log_analyze = on
auto_explain.log_verbose = on
auto_explain.log_nested_statements = on
pg_stat_statements.track = all
pg_stat_statements.track_utility = on
max_parallel_workers_per_gather = 2
parallel_setup_cost = 0
parallel_tuple_cost = 0
min_parallel_table_scan_size = 0
));
$node->append_conf('postgresql.conf',
	"auto_explain.log_parameter_max_length = -1\n")
  if $major >= 16;
$node->start;
mxpw_synapse_db($node, 'synapse');
$node->safe_psql(
	'synapse', q{
CREATE EXTENSION pg_stat_statements;
INSERT INTO users (name) SELECT format('@user%s:example.com', i) FROM generate_series(1, 4) AS i;
CREATE TABLE hashes AS SELECT mxpw_hash('fake-table-password', 4) AS h FROM generate_series(1, 400);
CREATE ROLE regress_nobody LOGIN;
});

# run(SQL...): the statements in one psql session, errors allowed; returns
# psql's output (errors included).
sub run
{
	my ($stdout, $stderr) = ('', '');
	$node->psql(
		'synapse', join('', map { "$_;\n" } @_),
		stdout => \$stdout,
		stderr => \$stderr,
		on_error_stop => 0);
	return "$stdout\n$stderr";
}

# Each case: what it drives, and the statements (one psql session).  Each
# uses its own "fake-…" password; its control, the same shape without
# mxpw, uses "unreached-…".
my @cases = (
	[ 'every function, simple protocol',
		"SELECT mxpw_hash('fake-hash')",
		"SELECT mxpw_hash('fake-hash-rounds', 5)",
		"SELECT mxpw_verify('fake-verify', h) FROM hashes LIMIT 1",
		"SELECT mxpw_check_password('\@user1:example.com', 'fake-check')",
		"SELECT mxpw_set_password('\@user1:example.com', 'fake-set')",
		"SELECT mxpw_set_password_hash('\@user2:example.com', mxpw_hash('fake-set-hash'))",
		"SELECT mxpw_reset_password('\@user3:example.com')",
		"SELECT mxpw_revoke_sessions('\@user3:example.com')",
		"SELECT mxpw_hash_many(ARRAY['fake-many-1', 'fake-many-2'])",
		"SELECT * FROM mxpw_set_passwords(ARRAY['\@user1:example.com'], ARRAY['fake-set-many'])",
		"SELECT count(*) FROM mxpw_reset_passwords(ARRAY['\@user4:example.com'])",
		"SELECT md5('unreached-simple')" ],
	[ 'errors before mxpw runs',
		"SELECT mxpw_hash('fake-syntax' 'x')",
		"SELECT mxpw_hash('fake-type', 'x')",
		"SELECT mxpw_hsh('fake-unknown-function')",
		"SELECT mxpw_hash(fake_unquoted_password)",
		"SELECT md5('unreached-syntax' 'x')" ],
	[ 'errors inside mxpw',
		"SELECT mxpw_set_password('\@nobody:example.com', 'fake-no-account')",
		"SELECT mxpw_hash('fake-bad-rounds', 99)",
		"SET statement_timeout = '50ms'",
		"SELECT mxpw_hash('fake-timeout', 13)",
		"SELECT md5('unreached-inside')" ],
	[ 'errors after mxpw in the same statement',
		"SELECT mxpw_verify('fake-after', h), 1 / (length(h) - 60) FROM hashes LIMIT 1",
		"SELECT md5('unreached-after'), 1 / (length(h) - 60) FROM hashes LIMIT 1" ],
	[ 'DO blocks, PREPARE and EXECUTE, EXPLAIN ANALYZE, COPY',
		"DO \$\$ BEGIN PERFORM mxpw_hash('fake-do'); RAISE EXCEPTION 'undone'; END \$\$",
		"DO \$\$ BEGIN PERFORM md5('unreached-do'); RAISE EXCEPTION 'undone'; END \$\$",
		"DO \$\$ BEGIN PERFORM mxpw_hash('fake-do-kept'); END \$\$",
		"DO \$\$ BEGIN PERFORM md5('unreached-pgss'); END \$\$",
		"PREPARE p(text) AS SELECT mxpw_hash(\$1)",
		"EXECUTE p('fake-execute')",
		"EXECUTE p('fake-execute-error', 1 / 0)",
		"EXPLAIN ANALYZE EXECUTE p('fake-explain-execute')",
		"EXPLAIN (ANALYZE, VERBOSE) SELECT mxpw_hash('fake-explain')",
		"COPY (SELECT mxpw_hash('fake-copy')) TO STDOUT",
		"CREATE TEMP TABLE made AS SELECT mxpw_hash('fake-ctas') AS h",
		"COPY (SELECT md5('unreached-copy')) TO STDOUT" ],
	[ 'a role that may not call mxpw',
		"SET ROLE regress_nobody",
		"SELECT mxpw_set_password('\@user1:example.com', 'fake-denied')",
		"SELECT mxpw_hash('fake-denied-hash')",
		"SELECT md5('unreached-denied')" ],
	[ 'secret settings',
		"SET mxpw.pepper = 'fake-set-pepper'",
		"SET mxpw.peper = 'fake-misspelt-pepper'",
		"SET mxpw.mas_password_schemes = '[{\"version\": 1, \"algorithm\": \"bcrypt\", \"secret\": \"fake-set-secret\"}]'",
		"SET mxpw.mas_password_schemes = '[{\"version\": 1, \"algorithm\": \"bcrypt\", \"secret\": \"fake-bad-secret\", \"bogus\": 1}]'",
		"SET mxpw.mas_password_schemes = '" . ('[' x 100000) . "\"fake-deep\"'",
		"SELECT set_config('mxpw.pepper', 'fake-set-config', false)",
		"SET application_name = 'unreached-setting'" ],
	[ 'parallel workers, failing in a worker',
		"SET max_parallel_workers_per_gather = 2",
		"SELECT count(*) FILTER (WHERE mxpw_verify('fake-parallel', h)) FROM hashes",
		"SELECT count(*) FILTER (WHERE mxpw_verify('fake-parallel-error', h)) FROM hashes WHERE 1 / (length(h) - 60) > 0",
		"SELECT count(*) FILTER (WHERE md5('unreached-parallel') = h) FROM hashes WHERE 1 / (length(h) - 60) > 0",
		"SET statement_timeout = '300ms'",
		"SELECT count(*) FILTER (WHERE mxpw_verify('fake-parallel-timeout', h)) FROM hashes WHERE pg_sleep(0.01) IS NOT NULL",
		"SELECT count(*) FILTER (WHERE md5('unreached-timeout') = h) FROM hashes WHERE pg_sleep(0.01) IS NOT NULL" ],
);
foreach my $case (@cases)
{
	my ($what, @sql) = @$case;
	note "$what: " . (run(@sql) =~ s/fake\S*/fake.../gir =~ s/\n+/ | /gr);
}

# The plan of a scan over hashes with mxpw_verify is parallel, so the
# parallel cases above ran in workers.
like(
	$node->safe_psql(
		'synapse',
		"EXPLAIN SELECT count(*) FILTER (WHERE mxpw_verify('fake-plan', h)) FROM hashes"),
	qr/Gather/,
	'a scan calling mxpw_verify gets a parallel plan here');

# Extended protocol: parameters logged on bind, on execute and on error.
my $script = $node->basedir . '/extended.sql';
foreach my $mode ('extended', 'prepared')
{
	foreach my $sql (
		'SELECT mxpw_set_password(:uid, :pw);',
		'SELECT mxpw_hash(:pw, :rounds);',
		'SELECT md5(:control);',
		'SELECT (:control)::integer;')
	{
		open my $fh, '>', $script or die $!;
		print $fh "$sql\n";
		close $fh;
		my ($out, $err) = ('', '');
		IPC::Run::run(
			[
				'pgbench', '-n', '-M', $mode, '-t', '1',
				'-D', 'uid=@user1:example.com',
				'-D', "pw=fake-$mode-password",
				'-D', 'rounds=not-a-number',
				'-D', "control=unreached-$mode",
				'-f', $script,
				$node->connstr('synapse')
			],
			'>', \$out, '2>', \$err);
	}
}

# Reload: ALTER SYSTEM and a value written in postgresql.conf.
run("ALTER SYSTEM SET mxpw.pepper = 'fake-system-pepper'",
	"ALTER SYSTEM SET mxpw.mas_password_schemes = '[{\"version\": 1, \"algorithm\": \"bcrypt\", \"secret\": \"fake-system-secret\"}]'",
	"ALTER SYSTEM SET application_name = 'unreached-system'",
	"SELECT pg_reload_conf()");
sleep 1;
run("ALTER SYSTEM RESET mxpw.mas_password_schemes",
	"ALTER SYSTEM RESET application_name", "SELECT pg_reload_conf()");
$node->append_conf('postgresql.conf',
	"mxpw.mas_password_schemes = '[{\"version\": 1, \"algorithm\": \"bcrypt\", \"secret\": \"fake-file-secret\", \"bogus\": 1}]'\n"
);
$node->reload;
sleep 1;

# pg_stat_activity of the backend and of its parallel workers, seen from a
# second session while a slow parallel scan runs.
my $out = '';
my $slow = IPC::Run::start(
	[
		'psql', '-X', '-q', '-d',
		$node->connstr('synapse') . ' application_name=slow',
		'-c',
		"SELECT count(*) FILTER (WHERE mxpw_verify('fake-activity', h)) FROM hashes WHERE pg_sleep(0.02) IS NOT NULL"
	],
	'>', \$out, '2>&1');
ok( $node->poll_query_until(
		'synapse', "SELECT count(*) > 0 FROM pg_stat_activity
			WHERE backend_type = 'parallel worker' AND leader_pid IN
				(SELECT pid FROM pg_stat_activity WHERE application_name = 'slow')"),
	'the slow scan runs in parallel workers');
my $activity = $node->safe_psql(
	'synapse', "SELECT backend_type || ': ' || query FROM pg_stat_activity
		WHERE application_name = 'slow' OR leader_pid IN
			(SELECT pid FROM pg_stat_activity WHERE application_name = 'slow')");
note $activity =~ s/fake\S*/fake.../gir;
unlike($activity, qr/fake/i,
	'pg_stat_activity shows no password, for the backend or its workers');
like($activity, qr/parallel worker: .*hidden by mxpw/,
	'a worker shows what was hidden');
$slow->finish;

my $statements = $node->safe_psql('synapse',
	'SELECT query FROM pg_stat_statements');
unlike($statements, qr/fake/i, 'pg_stat_statements keeps no password or secret');
like($statements, qr/unreached-pgss/,
	'it does keep utility statements as written (the check is not vacuous)');
like($statements, qr/mxpw_hash\(\.\.\.\): hidden by mxpw/,
	'and says which function a hidden statement called');

my $prepared = $node->safe_psql('synapse',
	"PREPARE q(text) AS SELECT mxpw_verify('fake-prepared', \$1); SELECT statement FROM pg_prepared_statements");
unlike($prepared, qr/fake/i, 'pg_prepared_statements shows no password');

$node->stop;

# The scans, over every log file: stderr, csvlog and jsonlog.
my @files = mxpw_log_files($node);
my %text = map { $_ => slurp_file($_) } @files;
foreach my $kind ('csv', 'json')
{
	next if $kind eq 'json' && $major < 15;
	ok((grep { /\.$kind$/ } @files), "the server wrote a $kind log");
}
foreach my $file (grep { index($_, $node->data_dir) == 0 } @files)
{
	my $name = $file =~ s{.*/}{}r;
	ok($text{$file} =~ /unreached/,
		"$name: statements without mxpw are logged (the scan is not vacuous)");
}
my $all = join "\n", values %text;
foreach my $control (
	'unreached-simple', 'unreached-syntax', 'unreached-inside', 'unreached-after',
	'unreached-do', 'unreached-copy', 'unreached-denied', 'unreached-setting',
	'unreached-parallel', 'unreached-timeout', 'unreached-extended', 'unreached-prepared',
	'unreached-system')
{
	like($all, qr/\Q$control\E/, "the control $control was logged");
}
like($all, qr/statement: \/\* mxpw_set_password\(\.\.\.\): hidden by mxpw \*\//,
	'log_statement says which function a hidden statement called');
like($all, qr/parameter "mxpw\.pepper" changed to "\.\.\."/,
	'the reload says the pepper changed, without its value');
like($all, qr/invalid value for parameter "mxpw\.mas_password_schemes"/,
	'the reload says a value of MAS schemes is invalid');
like($all, qr/parallel worker/, 'parallel workers logged (errors relayed or their own)');
like($all, qr/LOG:  (00000: )?mxpw: password set for user "\@user1:example.com" by role/,
	"mxpw's audit line is logged as written");
mxpw_no_secret_in_logs($node);

done_testing();
