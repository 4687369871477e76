# Progress of the bulk calls.  With mxpw.progress_interval = 1, a call that
# hashes for seconds reports how many of its entries are hashed, then
# stored, in NOTICEs to psql and in its pg_stat_activity.query, inside the
# label of its hidden statement, which a second session reads; the label
# alone is back once the call ends, and after a cancel; the workers' hashes
# are counted when the leader hashes none; client_min_messages silences the
# NOTICEs but not pg_stat_activity, and 0 turns both off.  No report holds
# anything but counts and times.  Every password contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time usleep);

my $db = 'mxpw_progress';
my $node = mxpw_node('progress');
$node->start;
mxpw_synapse_db($node, $db);

sub sql
{
	return $node->safe_psql($db, $_[0]);
}

# The fewest seconds of three hashes at cost 10 here, now: the calls below
# hash n passwords, about 16 s of one core's work (at least 150 passwords,
# should the machine be busier now than later), whatever the machine.
my $hash_time = 1e9;
foreach (1 .. 3)
{
	my $t0 = time;
	sql("SELECT mxpw_hash('fake-progress-yardstick', 10)");
	$hash_time = time - $t0 if time - $t0 < $hash_time;
}
my $n = int(16 / $hash_time);
$n = 150 if $n < 150;
$n = 3000 if $n > 3000;
note sprintf('one hash at cost 10: %.3f s; %d passwords per call', $hash_time, $n);
(my $n_text = reverse $n) =~ s/(\d{3})(?=\d)/$1,/g;
$n_text = reverse $n_text;

sql("INSERT INTO users (name, creation_ts, deactivated)
	 SELECT format('\@prog%s:example.com', i), 1700000000, 0 FROM generate_series(1, $n) AS i"
);
my $users =
  "ARRAY(SELECT format('\@prog%s:example.com', i) FROM generate_series(1, $n) AS i)";
my $passwords =
  "ARRAY(SELECT format('fake-progress-%s', i) FROM generate_series(1, $n) AS i)";

# Every pg_stat_activity.query read, for the scan for passwords at the end.
my @seen;

# session(SETTINGS): a psql session with the settings made, hashing at cost
# 10 with one parallel worker, and its pid.
sub session
{
	my ($settings) = @_;
	my $s = $node->background_psql($db, on_error_stop => 0);
	$s->query_safe("SET mxpw.bcrypt_rounds = 10; SET max_parallel_workers_per_gather = 1; $settings");
	return ($s, $s->query_safe('SELECT pg_backend_pid()'));
}

# start(SESSION, SQL): runs SQL in SESSION, and returns once it is sent.
sub start
{
	my ($s, $call) = @_;
	$s->query_until(qr/started\n/, "\\echo started\n$call;\n\\echo done\n");
	return;
}

# finish(SESSION): waits for the call, and returns its output (stdout) and
# what psql printed to stderr since the session began (the NOTICEs).  The
# session stays open, idle, until quit.
sub finish
{
	my ($s) = @_;
	my $out = $s->query_until(qr/^done\n/m, '');
	return ($out =~ s/^done\n//mr, $s->{stderr});
}

# activity(PID): "STATE QUERY" of the backend, from a second session.
sub activity
{
	my ($pid) = @_;
	my $shown = sql("SELECT state || ' ' || query FROM pg_stat_activity WHERE pid = $pid");
	push @seen, $shown;
	return $shown;
}

# watch(PID, REGEX): the backend's pg_stat_activity.query once it matches
# REGEX, read every 0.1 s for 3 min at most; '' if it never does.
sub watch
{
	my ($pid, $re) = @_;
	foreach (1 .. 1800)
	{
		my $shown = activity($pid);
		return $shown =~ s/^active //r if $shown =~ /^active / && $shown =~ $re;
		usleep(100_000);
	}
	return '';
}

# label(FUNCTION): what pg_stat_activity shows of a call of FUNCTION.
sub label
{
	return "/* $_[0](...): statement hidden by mxpw, it may contain a password */";
}

# What psql puts before a NOTICE: "psql:<stdin>:12: NOTICE:  ".
my $notice = qr/^(?:psql:\S+ )?NOTICE:  /m;

# reports(STDERR, FUNCTION, STEP): [done, total, rest of the line] of each
# NOTICE of FUNCTION's STEP ("hashed", "stored").
sub reports
{
	my ($err, $function, $step) = @_;
	my @reports;
	while ($err =~ /${notice}\Q$function\E: \Q$step\E ([\d,]+) of ([\d,]+)(.*)$/mg)
	{
		push @reports, [ $1 =~ tr/,//dr, $2 =~ tr/,//dr, $3 ];
	}
	return @reports;
}

# check_reports(STDERR, FUNCTION, STEP, MIN): assertions on the reports of
# a step: at least MIN, the right total, the done counts rising, the words.
sub check_reports
{
	my ($err, $function, $step, $min) = @_;
	my @r = reports($err, $function, $step);
	my @done = map { $_->[0] } @r;

	cmp_ok(scalar @r, '>=', $min, "$function: at least $min NOTICEs of what is $step");
	is_deeply([ grep { $_->[1] != $n } @r ], [], "each one of all $n entries");
	ok( (grep { $done[$_] <= $done[ $_ - 1 ] } 1 .. $#done) == 0
		  && @done > 0 && $done[0] > 0 && $done[-1] <= $n,
		"the number $step rising, from above 0 to at most $n: @done");
	is_deeply(
		[
			grep {
				$_->[2] !~
				  /^ \([\d,]+(\.\d)? per second\)(, about \d+ (s|min|h \d+ min) left)?$|^, time left not yet known$/
			} @r
		],
		[],
		'each with the rate and the time left');
	return;
}

# -- mxpw_set_passwords, whose store step a slow trigger stretches to a few
# seconds.
my $row_sleep = sprintf('%.4f', 3 / $n);
sql("CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql
	 AS \$\$BEGIN PERFORM pg_sleep($row_sleep); RETURN NEW; END\$\$;
	 CREATE TRIGGER slow_store BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION slow_row()"
);
my ($s, $pid) = session('SET mxpw.progress_interval = 1');
start($s, "SELECT count(*) FROM mxpw_set_passwords($users, $passwords)");
my $hashing = watch($pid, qr/hashed/);
like(
	$hashing,
	qr{^/\* mxpw_set_passwords: hashed [\d,]+ of \Q$n_text\E( \([\d,.]+ per second\)(, about .* left)?|, time left not yet known); statement hidden by mxpw, it may contain a password \*/$},
	'a second session sees how many are hashed in pg_stat_activity.query');
my $storing = watch($pid, qr/stored/);
like(
	$storing,
	qr{^/\* mxpw_set_passwords: stored [\d,]+ of \Q$n_text\E .*; statement hidden by mxpw, it may contain a password \*/$},
	'and then how many are stored');
my ($out, $err) = finish($s);
is($out, "$n\n", "mxpw_set_passwords set all $n passwords");
check_reports($err, 'mxpw_set_passwords', 'hashed', 2);
check_reports($err, 'mxpw_set_passwords', 'stored', 1);
like($err, qr/hashed.*stored/s, 'hashing reported before storing');
is_deeply([ grep { /NOTICE/ && !/${notice}mxpw_set_passwords: (hashed|stored) / } split /\n/, $err ],
	[], 'and no other NOTICE');
unlike($err, qr/ERROR/, 'no error');
is(activity($pid), 'idle ' . label('mxpw_set_passwords'),
	'after the call pg_stat_activity shows the hidden label again');
$s->quit;
sql('DROP TRIGGER slow_store ON users');

# -- mxpw_reset_passwords, with NOTICEs silenced.
($s, $pid) = session('SET mxpw.progress_interval = 1; SET client_min_messages = warning');
start($s, "SELECT count(*) FROM mxpw_reset_passwords($users)");
like(watch($pid, qr/hashed/), qr{^/\* mxpw_reset_passwords: hashed [\d,]+ of \Q$n_text\E},
	'client_min_messages = warning: pg_stat_activity still shows progress');
($out, $err) = finish($s);
is($out, "$n\n", "mxpw_reset_passwords reset all $n passwords");
unlike($err, qr/NOTICE/, 'and psql gets no NOTICE');
is(activity($pid), 'idle ' . label('mxpw_reset_passwords'),
	'the hidden label is back after the call');
$s->quit;

# -- A cancel while hashing: nothing is changed, and no progress stays.
my $before = sql("SELECT md5(string_agg(password_hash, ',' ORDER BY name)) FROM users");
($s, $pid) = session('SET mxpw.progress_interval = 1');
start($s, "SELECT count(*) FROM mxpw_set_passwords($users, $passwords)");
like(watch($pid, qr/hashed/), qr{^/\* mxpw_set_passwords: hashed},
	'a call shows progress');
sql("SELECT pg_cancel_backend($pid)");
($out, $err) = finish($s);
like($err, qr/ERROR:  canceling statement due to user request/, 'it is cancelled');
is(activity($pid), 'idle ' . label('mxpw_set_passwords'),
	'after the cancel pg_stat_activity shows the hidden label, no progress');
$s->quit;
is(sql("SELECT md5(string_agg(password_hash, ',' ORDER BY name)) FROM users"),
	$before, 'and no password was changed');

# -- mxpw_hash_many with the leader hashing none: the workers' count.
($s, $pid) = session(
	'SET mxpw.progress_interval = 1; SET parallel_leader_participation = off;
	 SET max_parallel_workers_per_gather = 2');
start($s, "SET client_min_messages = debug1; SELECT cardinality(mxpw_hash_many($passwords))");
($out, $err) = finish($s);
is($out, "$n\n", "mxpw_hash_many hashed all $n passwords");
my @batches = $err =~ /hashed (\d+) passwords, (\d+) of them in parallel workers/g;
ok(@batches > 0 && (grep { $batches[ 2 * $_ ] != $batches[ 2 * $_ + 1 ] } 0 .. $#batches / 2) == 0,
	"all of them in parallel workers: @batches");
check_reports($err, 'mxpw_hash_many', 'hashed', 2);
$s->quit;

# -- mxpw.progress_interval = 0: no report anywhere.
($s, $pid) = session('SET mxpw.progress_interval = 0');
start($s, "SELECT cardinality(mxpw_hash_many($passwords))");
my @running;
foreach (1 .. 20)
{
	my $shown = activity($pid);
	push @running, $shown if $shown =~ s/^active //;
	usleep(100_000);
}
($out, $err) = finish($s);
$s->quit;
is($out, "$n\n", "mxpw_hash_many hashed all $n passwords");
unlike($err, qr/NOTICE/, 'mxpw.progress_interval = 0: no NOTICE');
ok(@running > 0 && (grep { $_ ne label('mxpw_hash_many') } @running) == 0,
	sprintf('and pg_stat_activity showed the label alone, %d times read while it ran',
		scalar @running));

# Nothing read from pg_stat_activity held a password.
is_deeply([ grep { /fake/i } @seen ], [],
	sprintf('no password in pg_stat_activity (%d reads)', scalar @seen));

$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
