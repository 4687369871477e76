# Hostile environments that need a cluster of their own:
# - the pepper in postgresql.conf without shared_preload_libraries: readable
#   as a placeholder until mxpw loads (the hazard the README warns about),
#   protected from then on, and a placeholder value that a non-superuser
#   sets before mxpw loads is not used as the pepper;
# - pg_dump and pg_restore of a Synapse database with mxpw installed.
# Every password and pepper contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use IPC::Run;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# The pepper without shared_preload_libraries.
my $plain = PostgreSQL::Test::Cluster->new('plain');
$plain->init;
$plain->append_conf('postgresql.conf',
	"mxpw.pepper = 'fake-placeholder-pepper'\nlog_statement = none\n");
$plain->start;
mxpw_synapse_db($plain, 'synapse');
$plain->safe_psql(
	'synapse', q{
INSERT INTO users (name) VALUES ('@alice:example.com');
CREATE ROLE regress_nobody LOGIN;
CREATE ROLE regress_helpdesk LOGIN;
GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean, boolean) TO regress_helpdesk;
GRANT SELECT (name, deactivated, locked), UPDATE (password_hash) ON users TO regress_helpdesk;
});
my @nobody = (extra_params => [ '-U', 'regress_nobody' ]);
is( $plain->safe_psql(
		'synapse',
		"SELECT current_setting('mxpw.pepper') = 'fake-placeholder-pepper'",
		@nobody),
	't',
	'before mxpw loads, any role can read a pepper set in postgresql.conf');
my ($out, $err);
$plain->psql(
	'synapse',
	"SELECT mxpw_needs_rehash('x');\nSELECT current_setting('mxpw.pepper');",
	stdout => \$out,
	stderr => \$err,
	@nobody);
like($err, qr/examine "mxpw\.pepper"/,
	'once mxpw has loaded in the session, it cannot');
$plain->psql(
	'synapse',
	"SET mxpw.pepper = 'fake-attacker-pepper';\n"
	  . "SELECT mxpw_set_password('\@alice:example.com', 'fake-helpdesk-password');",
	stdout => \$out,
	stderr => \$err,
	extra_params => [ '-U', 'regress_helpdesk' ]);
like(
	$err,
	qr/permission denied to set parameter "mxpw\.pepper"/,
	"a non-superuser's placeholder pepper is discarded when mxpw loads");
is( $plain->safe_psql(
		'synapse',
		"SELECT mxpw_verify('fake-helpdesk-password', password_hash) FROM users WHERE name = '\@alice:example.com'"
	),
	't',
	"the account's hash uses the configured pepper, not the placeholder");
$plain->stop;
mxpw_no_secret_in_logs($plain);

# pg_dump and pg_restore.
my $node = mxpw_node('dump');
$node->append_conf('postgresql.conf', "mxpw.bcrypt_rounds = 4\n");
$node->start;
mxpw_synapse_db($node, 'synapse');
$node->safe_psql(
	'synapse', q{
INSERT INTO users (name) VALUES ('@alice:example.com'), ('@bob:example.com');
SELECT mxpw_set_password('@alice:example.com', 'fake-dump-password-1');
SELECT mxpw_set_password('@bob:example.com', 'fake-dump-password-2');
CREATE ROLE regress_helpdesk;
GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean, boolean) TO regress_helpdesk;
});
my $dump = $node->basedir . '/synapse.dump';
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', 'synapse' ],
	'pg_dump succeeds');
my $script = '';
IPC::Run::run([ 'pg_restore', '-f', '-', $dump ], '>', \$script)
  or die 'pg_restore could not read the dump';
ok(length($script) > 0 && $script !~ /fake-dump-pepper/i,
	'the dump does not carry the pepper');
$node->safe_psql('postgres',
	"CREATE DATABASE restored TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
$node->command_ok(
	[ 'pg_restore', '-d', 'restored', '--exit-on-error', $dump ],
	'pg_restore succeeds');

# query(DB, SQL): one value.
sub query { return $node->safe_psql(@_); }
my $version = "SELECT extversion FROM pg_extension WHERE extname = 'mxpw'";
is(query('restored', $version), query('synapse', $version),
	'the restored database has mxpw at the same version');
my $hashes = 'SELECT string_agg(password_hash, \',\' ORDER BY name) FROM users';
is(query('restored', $hashes), query('synapse', $hashes),
	'the hashes are restored unchanged');
is( query(
		'restored',
		"SELECT mxpw_verify('fake-dump-password-1', password_hash) AND NOT mxpw_verify('fake-dump-password-2', password_hash) FROM users WHERE name = '\@alice:example.com'"
	),
	't',
	'restored hashes verify with their passwords');
is( query(
		'restored',
		"SELECT has_function_privilege('public', 'mxpw_set_password(text, text, boolean, boolean)', 'EXECUTE')"
	),
	'f',
	'PUBLIC still may not run mxpw_set_password');
is( query(
		'restored',
		"SELECT has_function_privilege('regress_helpdesk', 'mxpw_set_password(text, text, boolean, boolean)', 'EXECUTE')"
	),
	't',
	'the grant to the help-desk role is restored');
is( query(
		'restored',
		"SELECT mxpw_set_password('\@bob:example.com', 'fake-dump-password-3')"),
	'@bob:example.com',
	'mxpw works in the restored database');
$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
