# An interrupted call leaves the account exactly as it was: a cancel, a
# statement_timeout, and a client that disconnects, each landing inside a
# bcrypt at cost 16 (about 3 s here), which cannot itself be interrupted.
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
use Time::HiRes qw(time usleep);

my $node = mxpw_node('main');
$node->start;
mxpw_synapse_db($node, 'synapse');
$node->safe_psql('synapse',
	"INSERT INTO users (name, password_hash) VALUES ('\@alice:example.com', mxpw_hash('fake-original-password', 4))"
);
my $stored =
  "SELECT password_hash FROM users WHERE name = '\@alice:example.com'";
my $original = $node->safe_psql('synapse', $stored);

# start_call(NAME [, SQL run first]): the slow call, in the background, as
# application NAME; returns its IPC::Run handle and a reference to its
# output, once the call runs.
sub start_call
{
	my ($name, $first) = @_;
	my $out = '';
	my $h = IPC::Run::start(
		[
			'psql', '-X', '-q',
			'-d', $node->connstr('synapse') . " application_name=$name",
			'-c', 'SET mxpw.bcrypt_rounds = 16',
			'-c', $first // 'SELECT',
			'-c',
			"SELECT mxpw_set_password('\@alice:example.com', 'fake-interrupted-password')"
		],
		'>', \$out, '2>&1');
	$node->poll_query_until(
		'synapse', "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = '$name' AND state = 'active' AND query LIKE '%mxpw_set_password%'",
		'1');
	return ($h, \$out);
}

# A cancel.
my ($h, $out) = start_call('cancel');
usleep(500_000);
my $t = time;
$node->safe_psql('synapse',
	"SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'cancel'"
);
$h->finish;
note sprintf('cancel answered after %d ms (the rest of one hash)',
	(time - $t) * 1000);
like($$out, qr/canceling statement due to user request/,
	'a cancel mid-hash stops the call');
is($node->safe_psql('synapse', $stored),
	$original, 'a cancel mid-hash leaves the hash as it was');

# statement_timeout.
($h, $out) = start_call('timeout', "SET statement_timeout = '1s'");
$h->finish;
like($$out, qr/canceling statement due to statement timeout/,
	'statement_timeout mid-hash stops the call');
is($node->safe_psql('synapse', $stored),
	$original, 'statement_timeout mid-hash leaves the hash as it was');

# A client that disconnects mid-hash, outside any explicit transaction:
# without mxpw's check after the hash, the change would commit.
($h, $out) = start_call('vanish');
usleep(500_000);
$h->signal('KILL');
$h->finish;
ok( $node->poll_query_until(
		'synapse',
		"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vanish'",
		'0'),
	'the backend of a vanished client ends');
is($node->safe_psql('synapse', $stored),
	$original, 'a client vanishing mid-hash leaves the hash as it was');
like(slurp_file($node->logfile), qr/connection to client lost/,
	'the server log says the client was lost');

# The same call, left alone, does change the hash: the checks above can fail.
($h, $out) = start_call('control');
$h->finish;
isnt($node->safe_psql('synapse', $stored),
	$original, 'an uninterrupted call changes the hash');
is( $node->safe_psql(
		'synapse',
		"SELECT mxpw_verify('fake-interrupted-password', password_hash) FROM users WHERE name = '\@alice:example.com'"
	),
	't',
	'and its password verifies');

$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
