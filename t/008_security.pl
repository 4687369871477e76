# Security checks that need the server log or a second view of a backend:
# audit lines written only for changes that commit, extended-protocol
# parameters and auto_explain kept out of the log, and the memory of a bulk
# call with millions of bad entries.  Every password contains "fake"; the
# whole log is scanned for it at the end.

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use IPC::Run;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $db = 'mxpw_security';
my $node = mxpw_node('security');
$node->start;
mxpw_synapse_db($node, $db);
$node->safe_psql(
	$db, qq{
INSERT INTO users (name, creation_ts, deactivated)
SELECT format('\@%s:example.com', u), 1700000000, 0
FROM unnest(ARRAY['audit-commit', 'audit-savepoint', 'audit-caught', 'audit-abort',
                  'audit-nested', 'audit-prepare', 'audit-explain', 'audit-extended',
                  'audit-loop']) AS u;
ALTER DATABASE $db SET mxpw.bcrypt_rounds = 4;
});

# sql(STATEMENT...): the statements in one psql session, going on after an
# error; returns what psql printed, errors included.
sub sql
{
	my ($stdout, $stderr) = ('', '');
	$node->psql(
		$db, join('', map { "$_;\n" } @_),
		stdout => \$stdout,
		stderr => \$stderr,
		on_error_stop => 0);
	return join("\n", grep { $_ ne '' } $stdout, $stderr);
}

my $log_start = -s $node->logfile;
sub this_run { return slurp_file($node->logfile, $log_start); }

# in_log(PATTERN): PATTERN reaches this run's log within 30 s.  Each check
# of what must be absent follows one of what must be present, so that it
# never reads the log before the server wrote to it, however busy the
# machine.
sub in_log
{
	my ($pattern) = @_;
	local $PostgreSQL::Test::Utils::timeout_default = 30;
	return defined eval { $node->wait_for_log($pattern, $log_start) };
}

# logged(USER): the audit lines for @USER:example.com in this run.
sub logged
{
	my ($user) = @_;
	my @lines = this_run() =~
	  /LOG:  mxpw: password set for user "\@\Q$user\E:example\.com"/g;
	return scalar @lines;
}

note 'audit lines only for changes that commit';
sql("SELECT mxpw_set_password('\@audit-commit:example.com', 'fake-audit-1')");
sql('BEGIN', 'SAVEPOINT s',
	"SELECT mxpw_set_password('\@audit-savepoint:example.com', 'fake-audit-2')",
	'ROLLBACK TO s', 'COMMIT');
sql(
	"DO \$\$ BEGIN
	   PERFORM mxpw_set_password('\@audit-caught:example.com', 'fake-audit-3');
	   RAISE EXCEPTION 'undo';
	 EXCEPTION WHEN raise_exception THEN NULL;
	 END \$\$");
sql('BEGIN',
	"SELECT mxpw_set_password('\@audit-abort:example.com', 'fake-audit-4')",
	'ROLLBACK');
sql('BEGIN', 'SAVEPOINT a', 'SAVEPOINT b',
	"SELECT mxpw_set_password('\@audit-nested:example.com', 'fake-audit-5')",
	'RELEASE b', 'RELEASE a', 'COMMIT');
sql(
	"DO \$\$ BEGIN
	   FOR i IN 1..200 LOOP
	     BEGIN
	       PERFORM mxpw_set_password('\@audit-loop:example.com', 'fake-audit-loop-' || i);
	       IF i % 2 = 0 THEN RAISE EXCEPTION 'undo'; END IF;
	     EXCEPTION WHEN raise_exception THEN NULL;
	     END;
	   END LOOP;
	 END \$\$");
my $prepare = sql('BEGIN',
	"SELECT mxpw_set_password('\@audit-prepare:example.com', 'fake-audit-6')",
	"PREPARE TRANSACTION 'mxpw_security'");
my $refused =
  qr/cannot PREPARE a transaction that has changed a password with mxpw/;
ok(in_log($refused), 'the last of these statements reached the log');
is(logged('audit-commit'), 1, 'a committed change is logged once');
is(logged('audit-savepoint'),
	0, 'a change rolled back to a savepoint is not logged');
is(logged('audit-caught'),
	0, 'a change undone by a caught PL/pgSQL exception is not logged');
is(logged('audit-abort'), 0, 'a change in an aborted transaction is not logged');
is(logged('audit-nested'),
	1, 'a change in released savepoints is logged at commit');
is(logged('audit-loop'), 100,
	'of 200 changes in a loop of exception blocks, the 100 kept are logged');
like($prepare, $refused, 'PREPARE TRANSACTION after a change is refused');
is( join(' ',
		sql('SELECT count(*) FROM pg_prepared_xacts'),
		sql("SELECT count(*) FROM users WHERE name = '\@audit-prepare:example.com' AND password_hash IS NOT NULL"),
		logged('audit-prepare')),
	'0 0 0',
	'and nothing was prepared, changed or logged');
is( sql(
		"SELECT string_agg(name, ',' ORDER BY name) FROM users
		 WHERE name LIKE '\@audit-%' AND password_hash IS NOT NULL"),
	'@audit-commit:example.com,@audit-loop:example.com,@audit-nested:example.com',
	'the table agrees with the log');

note 'extended-protocol parameters stay out of the log';
foreach my $case (
	[ 'SELECT mxpw_set_password((:uid)::text, (:pw)::text);',
		'uid=@nobody:example.com', 'pw=fake-extended-password' ],
	[ 'SELECT (:pw)::integer;', 'pw=unreached-extended-password' ])
{
	my ($statement, @vars) = @$case;
	my $script = $node->basedir . '/extended.sql';
	open my $fh, '>', $script or die "$script: $!";
	print $fh "$statement\n";
	close $fh;
	# Even with every parameter value logged on error, a role may set this.
	local $ENV{PGOPTIONS} = '-c log_parameter_max_length_on_error=-1';
	my ($out, $err) = ('', '');
	IPC::Run::run(
		[
			'pgbench', '-n', '-M', 'extended', '-t', '1',
			(map { ('-D', $_) } @vars),
			'-f', $script, $node->connstr($db)
		],
		'>', \$out, '2>', \$err);
}
ok(in_log(qr/unreached-extended-password/),
	'PostgreSQL does log parameters on error here (the check is not vacuous)');
ok( in_log(qr/No account in public\.users matches the user ID given/),
	'the error inside mxpw was logged');
# ok(), not unlike(): a failure must not print the log.
ok(!$node->log_contains(qr/fake-extended-password/, $log_start),
	'without the parameters');

note 'auto_explain does not log mxpw\'s own statements';
# This statement names nothing of mxpw: log_statement = all would log it.
sql("SET log_statement = 'none'",
	"CREATE TABLE explain_source AS SELECT 'fake-explain-password'::text AS pw");
sql("LOAD 'auto_explain'",
	'SET auto_explain.log_min_duration = 0',
	'SET auto_explain.log_nested_statements = on',
	'SET auto_explain.log_verbose = on',
	'SET auto_explain.log_analyze = on',
	"SELECT set_config('auto_explain.log_parameter_max_length', '-1', false)
	 FROM pg_settings WHERE name = 'auto_explain.log_parameter_max_length'",
	"SELECT md5('unreached-explain')",
	"SELECT mxpw_set_password('\@audit-explain:example.com', (SELECT pw FROM explain_source))"
);
my $new_hash = sql(
	"SELECT password_hash FROM users WHERE name = '\@audit-explain:example.com'");
ok( in_log(qr/Query Text: SELECT md5\('unreached-explain'\)/),
	'auto_explain logged a statement without mxpw (the check is not vacuous)');
ok( in_log(qr{plan: /\* mxpw_set_password\(\.\.\.\): hidden by mxpw \*/}),
	"and the calling statement's plan, hidden");
ok($new_hash ne '' && index(this_run(), $new_hash) < 0,
	'the new hash is not in the log');

note 'memory of a call with 2,000,000 bad entries';
# peak_growth(STATEMENT): how much it raised a new backend's peak memory, in
# MB.  The statements name nothing of mxpw but for the call itself: they are
# kept out of the log (log_statement = all).
sub peak_growth
{
	my ($statement) = @_;
	my $hwm =
	  "substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\\s+(\\d+) kB')::bigint";
	return sql(
		"SET log_statement = 'none'",
		"CREATE TEMP TABLE hwm AS SELECT $hwm AS before",
		"DO \$\$ BEGIN $statement; EXCEPTION WHEN invalid_parameter_value THEN NULL; END \$\$",
		"SELECT ($hwm - before) / 1024 FROM hwm");
}
my $ids = "array_fill('not-a-user-id'::text, ARRAY[2000000])";
my $memory_passwords = "array_fill('fake-memory-password'::text, ARRAY[2000000])";
my $inputs =
  peak_growth("PERFORM cardinality($ids) + cardinality($memory_passwords)");
my $total = peak_growth(
	"PERFORM count(*) FROM mxpw_set_passwords($ids, $memory_passwords)");
note "building the two arrays: +$inputs MB; with the call: +$total MB";
my $grew =
  ($total =~ /^\d+$/ ? $total : 9999) - ($inputs =~ /^\d+$/ ? $inputs : 0);
cmp_ok($grew, '<', 200,
	"the call itself raises the backend's peak memory by less than 200 MB ($grew MB)"
);

$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
