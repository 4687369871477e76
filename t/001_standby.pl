# mxpw_hash and mxpw_hash_many write nothing, so a hot-standby replica can
# do a migration's hashing.  Makes a streaming standby of a primary that
# preloads mxpw, hashes a staging table there with mxpw_hash_many on
# parallel workers, as the README's recipe does, applies the hashes on the
# primary with mxpw_set_password_hash, and checks that they log in on both.
# Every password contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $db = 'mxpw_standby';
my $users = 40;

my $primary = mxpw_node('primary', allows_streaming => 1);
$primary->start;
mxpw_synapse_db($primary, $db);

# The staging table of the recipe: it must be a logged table to reach the
# standbys, and is dropped once the migration is applied.
# The staging table's INSERT names nothing of mxpw: log_statement, which
# PostgreSQL::Test::Cluster turns on, would log its passwords as for any
# statement of the operator's own.
$primary->safe_psql(
	$db, qq(
SET log_statement = 'none';
INSERT INTO users (name, creation_ts, deactivated)
    SELECT format('\@standby%s:example.com', i), 1700000000, 0 FROM generate_series(1, $users) AS i;
CREATE TABLE migration (id bigint PRIMARY KEY, user_id text NOT NULL, password text NOT NULL);
INSERT INTO migration
    SELECT i, format('\@standby%s:example.com', i), format('fake-standby-%s', i)
    FROM generate_series(1, $users) AS i;
));

# The standby: a base backup of the primary, with its settings.
$primary->backup('base');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base', has_streaming => 1);
$standby->start;

# The standby has replayed everything the primary wrote so far.
sub caught_up
{
	my $lsn = $primary->safe_psql($db, 'SELECT pg_current_wal_lsn()');
	return $standby->poll_query_until($db,
		"SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn");
}

is($standby->safe_psql($db, 'SHOW shared_preload_libraries'),
	'mxpw', 'the base backup copies the primary and its settings');
is($standby->safe_psql($db, 'SELECT pg_is_in_recovery()'),
	't', 'the standby is in hot standby');
ok( $primary->poll_query_until(
		$db,
		"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
		'1'),
	'the standby streams from the primary');
ok(caught_up(), 'the standby has the staging table');

my ($ret, $stdout, $stderr) = $standby->psql($db,
	"SELECT mxpw_set_password('\@standby1:example.com', 'fake-standby-refused')");
like($stderr, qr/read-only transaction/,
	'the standby is read-only: mxpw_set_password is refused there');
($ret, $stdout, $stderr) = $standby->psql($db,
	"SELECT mxpw_set_passwords(ARRAY['\@standby1:example.com'], ARRAY['fake-standby-refused'])"
);
like($stderr, qr/read-only transaction/, 'and so is mxpw_set_passwords');
is( $standby->safe_psql(
		$db,
		"SELECT mxpw_verify('fake-standby-single', mxpw_hash('fake-standby-single'))"
	),
	't',
	'mxpw_hash runs on the standby');

# The recipe: the standby hashes the staging table in chunks (here of 16
# users, two shards), with parallel workers, and writes user IDs and hashes
# as CSV; the primary applies them.
my $chunk = 16;
my $shards = 2;
my ($csv, $debug) = ('', '');
foreach my $shard (0 .. $shards - 1)
{
	for (my $c = $shard; $c <= int($users / $chunk); $c += $shards)
	{
		($ret, $stdout, $stderr) = $standby->psql(
			$db, qq(
SET max_parallel_workers_per_gather = 2;
SET mxpw.bcrypt_rounds = 10;
SET client_min_messages = debug1;
SELECT t.user_id, t.hash
FROM (SELECT array_agg(user_id ORDER BY id) AS ids,
             mxpw_hash_many(array_agg(password ORDER BY id)) AS hashes
      FROM migration WHERE id / $chunk = $c) AS b,
     unnest(b.ids, b.hashes) AS t(user_id, hash)
),
			extra_params => ['--csv']);
		$csv .= "$stdout\n" if $stdout ne '';
		$debug .= "$stderr\n";
	}
}
my %hashed = map { (split /,/)[0] => 1 } split /\n/, $csv;
is(scalar keys %hashed, $users, 'the standby hashed every user once');
my $calls = () = $debug =~ /launched/g;
like(
	$debug,
	qr/in parallel workers \([1-9][0-9]* launched/,
	"with parallel workers on the standby ($calls calls)");

$primary->safe_psql(
	$db, qq(
CREATE TEMP TABLE new_hashes (user_id text, hash text);
COPY new_hashes FROM STDIN (FORMAT csv);
$csv\\.
SELECT count(mxpw_set_password_hash(user_id, hash)) FROM new_hashes;
DROP TABLE migration;
));
my $logins = "SELECT count(*) FROM users
    WHERE mxpw_verify(format('fake-standby-%s', substring(name FROM '[0-9]+')), password_hash)";
is($primary->safe_psql($db, $logins),
	$users, 'the primary stored the hashes, which log in there');
ok(caught_up(), 'the changes reach the standby');
is($standby->safe_psql($db, $logins), $users, 'where they log in too');
is($standby->safe_psql($db, "SELECT to_regclass('migration') IS NULL"),
	't', 'the staging table is gone from the standby too');

$standby->stop;
$primary->stop;
mxpw_no_secret_in_logs($primary, $standby);

done_testing();
