# Eight pgbench clients set, reset and revoke passwords of three shared users
# at cost 4.  No transaction may fail or deadlock, no update may be lost
# (each final hash is the last one written, in commit order), and each final
# hash verifies against a password that was written for that user.
#   CONCURRENCY_SECONDS   how long pgbench runs (default 15)
# Every password contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use IPC::Run;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $seconds = $ENV{CONCURRENCY_SECONDS} // 15;
my $node = mxpw_node('main');
$node->append_conf('postgresql.conf',
	"mxpw.bcrypt_rounds = 4\nmax_connections = 30\n");
$node->start;
mxpw_synapse_db($node, 'synapse');
$node->safe_psql(
	'synapse', q{
INSERT INTO users (name) VALUES ('@user1:example.com'), ('@user2:example.com'), ('@user3:example.com');
CREATE SEQUENCE token_ids START 1000;
CREATE TABLE written (user_id text NOT NULL, password text NOT NULL);
-- Every hash change, numbered while the writer holds the row's lock: the
-- numbers follow commit order for each user.
CREATE TABLE history (seq bigserial, user_id text, hash text);
CREATE FUNCTION record_hash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO history (user_id, hash) VALUES (NEW.name, NEW.password_hash);
    RETURN NEW;
END
$$;
CREATE TRIGGER record_hash AFTER UPDATE OF password_hash ON users
    FOR EACH ROW EXECUTE FUNCTION record_hash();
});

my ($out, $err) = ('', '');
my $ran = IPC::Run::run(
	[
		'pgbench', '-n', '-c', '8', '-j', '2', '-T', $seconds,
		'-f', "$FindBin::RealBin/003_concurrency.pgbench",
		'-h', $node->host, '-p', $node->port, 'synapse'
	],
	'>', \$out, '2>', \$err);
my ($processed) =
  $out =~ /^number of transactions actually processed: (\d+)/m;
my ($failed) = $out =~ /^number of failed transactions: (\d+)/m;
note sprintf('pgbench: %s transactions in %d s, %s failed',
	$processed // '?', $seconds, $failed // '?');
ok($ran, 'pgbench ran with no aborted client');
cmp_ok($processed // 0, '>', 100, 'pgbench committed transactions');
is($failed // 'no count', 0, 'no transaction failed');

my $writes = $node->safe_psql('synapse', 'SELECT count(*) FROM history');
note "$writes hash changes recorded";
is( $node->safe_psql(
		'synapse', q{
	SELECT count(*) FROM users u
	WHERE u.password_hash IS DISTINCT FROM
	      (SELECT h.hash FROM history h WHERE h.user_id = u.name ORDER BY h.seq DESC LIMIT 1)}
	),
	'0',
	'no update was lost: each final hash is the last one written');
is( $node->safe_psql(
		'synapse', q{
	SELECT count(*) FROM users u
	WHERE NOT EXISTS (SELECT 1 FROM written w
	                  WHERE w.user_id = u.name AND mxpw_verify(w.password, u.password_hash))}
	),
	'0',
	'each final hash verifies against a password written for that user');
is($node->safe_psql('synapse', 'SELECT count(*) FROM written'),
	$writes, 'every password write is exactly one recorded hash change');

$node->stop;
unlike(slurp_file($node->logfile), qr/deadlock|ERROR/,
	'no deadlock or error in the server log');
mxpw_no_secret_in_logs($node);

done_testing();
