# The bulk functions' parallel workers: as many as the settings allow, never
# showing a password in pg_stat_activity, and stopped with the whole call by
# a cancel, a statement_timeout or the end of the leader, within about one
# hash, leaving nothing changed and no worker behind; the leader's end is
# logged without its statement.  Every password contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use IPC::Run;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time usleep);

my $db = 'mxpw_parallel';
my $node = mxpw_node('parallel');
$node->start;
mxpw_synapse_db($node, $db);
$node->safe_psql($db,
	"INSERT INTO users (name, creation_ts, deactivated)
	 SELECT format('\@par%s:example.com', i), 1700000000, 0 FROM generate_series(1, 64) AS i"
);
my $users =
  "ARRAY(SELECT format('\@par%s:example.com', i) FROM generate_series(1, 64) AS i)";
my $passwords =
  "ARRAY(SELECT format('fake-parallel-%s', i) FROM generate_series(1, 64) AS i)";

# sql(SQL): its output; errors in the statements are allowed.
sub sql
{
	my ($stdout, $stderr);
	$node->psql($db, $_[0], stdout => \$stdout, stderr => \$stderr);
	return $stdout;
}

sub all_workers
{
	return sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'parallel worker'");
}

# workers_run(APPLICATION_NAME): true once its leader has parallel workers
# (10 s at most).
sub workers_run
{
	my ($name) = @_;
	local $PostgreSQL::Test::Utils::timeout_default = 10;
	return $node->poll_query_until(
		$db,
		"SELECT count(*) > 0 FROM pg_stat_activity w JOIN pg_stat_activity l ON w.leader_pid = l.pid
		 WHERE l.application_name = '$name' AND w.backend_type = 'parallel worker'");
}

# background(NAME, STATEMENT...): the statements in a psql session of its
# own, as application NAME, in the background; returns its IPC::Run handle
# and a reference to its output (errors included).
sub background
{
	my ($name, @statements) = @_;
	my $out = '';
	my $h = IPC::Run::start(
		[
			'psql', '-X', '-At', '-q', '-d',
			$node->connstr($db) . " application_name=$name",
			map { ('-c', $_) } @statements
		],
		'>', \$out, '2>&1');
	return ($h, \$out);
}

# launched(SETTINGS): "L launched, R requested" for 8 hashes at cost 10,
# from the leader's DEBUG line.
sub launched
{
	my ($settings) = @_;
	my ($stdout, $stderr) = ('', '');
	$node->psql(
		$db, "$settings; SET client_min_messages = debug1;
		SELECT cardinality(mxpw_hash_many(array_fill('fake-parallel'::text, ARRAY[8]), 10))",
		stdout => \$stdout,
		stderr => \$stderr);
	my ($what) = $stderr =~ /parallel workers \((.*)\)$/m;
	return $what // '';
}
is(launched('SET max_parallel_workers_per_gather = 1'),
	'1 launched, 1 requested',
	'max_parallel_workers_per_gather bounds the workers');
is( launched(
		'SET max_parallel_workers_per_gather = 4; SET max_parallel_workers = 2'),
	'2 launched, 4 requested',
	'max_parallel_workers bounds the workers launched');
is(launched('SET max_parallel_workers_per_gather = 16'),
	'7 launched, 7 requested',
	"no more workers than passwords besides the leader's");

# One hash at cost 12 on this machine, now: the yardstick for "promptly".
my $t0 = time;
sql("SELECT mxpw_hash('fake-parallel-yardstick', 12)");
my $hash_time = time - $t0;
note sprintf(
	'one hash at cost 12: %.3fs; 64 of them take at least %.1fs on 2 cores',
	$hash_time, 32 * $hash_time);

# statement_timeout.
my ($stdout, $stderr) = ('', '');
$t0 = time;
$node->psql(
	$db, "SET max_parallel_workers_per_gather = 2; SET statement_timeout = '1s';
	SELECT cardinality(mxpw_hash_many($passwords, 12))",
	stdout => \$stdout,
	stderr => \$stderr);
my $elapsed = time - $t0;
like(
	$stderr,
	qr/canceling statement due to statement timeout/,
	'statement_timeout stops mxpw_hash_many');
cmp_ok($elapsed, '<', 1.5 + 3 * $hash_time,
	sprintf('within about one hash of the timeout (%.2fs)', $elapsed));
is(all_workers(), '0', 'no parallel worker is left');

# A cancel while mxpw_set_passwords hashes: nothing changes.
my ($h, $out) = background(
	'mxpw_parallel_cancel',
	'SET mxpw.bcrypt_rounds = 12',
	'SET max_parallel_workers_per_gather = 2',
	"SELECT count(*) FROM mxpw_set_passwords($users, $passwords)");
ok(workers_run('mxpw_parallel_cancel'),
	'mxpw_set_passwords hashes in parallel workers');
# This statement names nothing of mxpw: log_statement = all would log it.
is( sql("SET log_statement = 'none';
	SELECT count(*) FROM pg_stat_activity
	WHERE backend_type = 'parallel worker' AND query LIKE '%fake%'"),
	'0',
	"no password in the workers' pg_stat_activity.query");
usleep(500_000);
$t0 = time;
sql("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'mxpw_parallel_cancel'"
);
$h->finish;
$elapsed = time - $t0;
like(
	$$out,
	qr/canceling statement due to user request/,
	'a cancel stops mxpw_set_passwords');
cmp_ok($elapsed, '<', 0.5 + 3 * $hash_time,
	sprintf('within about one hash (%.2fs)', $elapsed));
is(all_workers(), '0', 'no parallel worker is left');
is(sql('SELECT count(password_hash) FROM users'),
	'0', 'no password was changed');

# The leader's end (pg_terminate_backend) ends its workers too, and its
# FATAL is logged without the statement, which carries the passwords.
sub terminate
{
	my ($call) = @_;
	my ($h) = background('mxpw_parallel_terminate',
		'SET mxpw.bcrypt_rounds = 12', "SELECT count(*) FROM $call");
	my $function = $call =~ s/\(.*//sr;
	ok(workers_run('mxpw_parallel_terminate'),
		"$function hashes in parallel workers");
	sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mxpw_parallel_terminate'"
	);
	$h->finish;
	my $gone = 0;
	foreach (1 .. 50)
	{
		last if ($gone = all_workers() eq '0');
		usleep(100_000);
	}
	ok($gone, 'the workers end with their leader');
	return;
}
my $log_before = -s $node->logfile;
terminate("mxpw_reset_passwords($users)");
terminate("mxpw_set_passwords($users, $passwords)");
is(sql('SELECT count(password_hash) FROM users'),
	'0', 'no password was changed');
# ok(), not like(): a failure must not print the log.
ok( $node->log_contains(
		qr/FATAL:  terminating connection due to administrator command/,
		$log_before),
	"the leader's end was logged");
ok(!$node->log_contains(qr/STATEMENT:/, $log_before),
	'without its statement');

# And, uninterrupted, everything is applied.
is( sql("SET mxpw.bcrypt_rounds = 4;
	SELECT count(*) FROM mxpw_set_passwords($users, $passwords)"),
	'64',
	'uninterrupted, all 64 passwords are set');
is( sql("SELECT count(*) FROM users
	WHERE mxpw_verify(format('fake-parallel-%s', substring(name FROM '[0-9]+')), password_hash)"
	),
	'64',
	'and each one logs in');

$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
