# The upgrade path: every version PostgreSQL can install is installed in a
# Synapse-shaped database, objects that depend on the extension are created,
# ALTER EXTENSION mxpw UPDATE runs, and the result must equal a fresh install
# of the default version and keep the dependent objects working.
# Every password contains "fake".

use strict;
use warnings FATAL => 'all';

use FindBin;
use lib $FindBin::RealBin;
use MxpwTest;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = mxpw_node('upgrade');
$node->start;

# The extension's objects with everything an upgrade script must get right.
my $fingerprint = q{
SELECT string_agg(pg_describe_object(d.classid, d.objid, d.objsubid) || ' ' ||
                  coalesce((SELECT concat_ws(' ', pg_get_function_arguments(p.oid),
                                             pg_get_function_result(p.oid), p.provolatile,
                                             p.proisstrict, p.proparallel, p.prosecdef,
                                             p.proacl, obj_description(p.oid, 'pg_proc'))
                            FROM pg_proc p
                            WHERE d.classid = 'pg_proc'::regclass AND p.oid = d.objid), ''),
                  E'\n' ORDER BY pg_describe_object(d.classid, d.objid, d.objsubid))
FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'mxpw'};
my $extversion = "SELECT extversion FROM pg_extension WHERE extname = 'mxpw'";

my $default = $node->safe_psql('postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = 'mxpw'");
my @versions = split /\n/,
  $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'mxpw' ORDER BY version"
  );
note 'versions: ' . join(', ', @versions) . " -> $default";
isnt($default, '', 'mxpw is available');
is( $node->safe_psql(
		'postgres', "SELECT count(*) FROM pg_extension_update_paths('mxpw')
		WHERE target = '$default' AND source <> target AND path IS NULL"),
	'0',
	"every available version has an update path to $default");

mxpw_synapse_db($node, 'mxpw_upgrade_fresh');
my $fresh = $node->safe_psql('mxpw_upgrade_fresh', $fingerprint);
isnt($fresh, '', 'a fresh install has objects');

foreach my $from (@versions)
{
	my $db = 'mxpw_upgrade_from_' . ($from =~ s/[^0-9a-z]/_/gr);
	mxpw_synapse_db($node, $db, $from);
	# Objects that depend on the extension's functions.  Calling check_login
	# names nothing of mxpw: its password would be logged (log_statement =
	# all) like any statement of the operator's own.
	$node->safe_psql(
		$db, q{
INSERT INTO users (name, password_hash) VALUES ('@alice:example.com', mxpw_hash('fake-upgrade-password', 4));
CREATE VIEW weak_hashes AS SELECT name FROM users WHERE mxpw_needs_rehash(password_hash);
CREATE FUNCTION check_login(user_id text, password text) RETURNS boolean
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT mxpw_verify(password, u.password_hash) FROM users u WHERE u.name = user_id;
END;
});
	is($node->safe_psql($db, $extversion), $from, "version $from installs");
	my ($ret, $stdout, $stderr) =
	  $node->psql($db, 'ALTER EXTENSION mxpw UPDATE');
	is($ret, 0,
		"ALTER EXTENSION mxpw UPDATE from $from succeeds with dependent objects"
	) or diag $stderr;
	is($node->safe_psql($db, $extversion),
		$default, "from $from, the update reaches $default");
	is($node->safe_psql($db, $fingerprint),
		$fresh,
		"from $from, the updated objects equal a fresh install of $default");
	is( $node->safe_psql(
			$db,
			'SET mxpw.bcrypt_rounds = 12; SELECT count(*) FROM weak_hashes'),
		'1',
		"from $from, the dependent view still works");
	is( $node->safe_psql(
			$db, q{SET log_statement = 'none';
SELECT check_login('@alice:example.com', 'fake-upgrade-password')}),
		't',
		"from $from, the dependent function still works");
	$node->safe_psql('postgres', "DROP DATABASE $db");
}
$node->safe_psql('postgres', 'DROP DATABASE mxpw_upgrade_fresh');

# 1.3 makes mxpw_set_password_hash one function with defaults, and gives
# mxpw_set_password and mxpw_set_passwords a fourth argument,
# skip_password_check.  A right granted on a dropped three-argument form
# carries over to the new one; an object bound to such a form stops the
# update with a clear error naming it, and the update is undone.
mxpw_synapse_db($node, 'mxpw_upgrade_hash_form', '1.2.1');
$node->safe_psql(
	'mxpw_upgrade_hash_form', q{
CREATE ROLE regress_mxpw_hash_setter;
CREATE ROLE regress_mxpw_hash_granter;
GRANT EXECUTE ON FUNCTION mxpw_set_password_hash(text, text, boolean) TO regress_mxpw_hash_setter;
GRANT EXECUTE ON FUNCTION mxpw_set_password_hash(text, text, boolean) TO regress_mxpw_hash_granter WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION mxpw_set_password(text, text, boolean) TO regress_mxpw_hash_setter;
GRANT EXECUTE ON FUNCTION mxpw_set_passwords(text[], text[], boolean) TO regress_mxpw_hash_granter WITH GRANT OPTION;
GRANT SELECT (name, deactivated, locked), UPDATE (password_hash) ON users TO regress_mxpw_hash_setter;
INSERT INTO users (name) VALUES ('@bob:example.com');
CREATE FUNCTION store_hash(user_id text, hash text) RETURNS text
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT mxpw_set_password_hash(user_id, hash);
END;
CREATE FUNCTION store_password(user_id text, password text) RETURNS text
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT mxpw_set_password(user_id, password);
END;
});
my ($ret, $stdout, $stderr) = $node->psql('mxpw_upgrade_hash_form',
	"\\set VERBOSITY verbose\nALTER EXTENSION mxpw UPDATE TO '1.3'");
isnt($ret, 0, 'an object bound to the three-argument form stops the update');
like($stderr, qr/ERROR:  2BP01: mxpw 1\.3 replaces mxpw_set_password_hash\(text, text, boolean\)/,
	'with SQLSTATE 2BP01 and the function named');
like($stderr, qr/DETAIL:  Objects bound to it: function store_hash\(text,text\)\./,
	'the detail names the object bound to it');
like($stderr, qr/HINT:  Drop them, run ALTER EXTENSION mxpw UPDATE again/, 'the hint says what to do');
is($node->safe_psql('mxpw_upgrade_hash_form', $extversion),
	'1.2.1', 'the refused update left 1.2.1 in place');
$node->safe_psql('mxpw_upgrade_hash_form', 'DROP FUNCTION store_hash(text, text)');
($ret, $stdout, $stderr) = $node->psql('mxpw_upgrade_hash_form',
	"\\set VERBOSITY verbose\nALTER EXTENSION mxpw UPDATE TO '1.3'");
isnt($ret, 0, 'an object bound to mxpw_set_password(text, text, boolean) stops the update');
like($stderr,
	qr/ERROR:  2BP01: mxpw 1\.3 replaces mxpw_set_password\(text, text, boolean\), which other objects use\n.*DETAIL:  Objects bound to it: function store_password\(text,text\)\.\n.*HINT:  .*their calls then use mxpw_set_password\(text, text, boolean, boolean\)\./s,
	'the error names that form, the object bound to it and the new form');
$node->safe_psql('mxpw_upgrade_hash_form', q{
DROP FUNCTION store_password(text, text);
ALTER EXTENSION mxpw UPDATE TO '1.3';
CREATE FUNCTION store_hash(user_id text, hash text) RETURNS text
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT mxpw_set_password_hash(user_id, hash);
END;
});
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SELECT string_agg(r || ' ' || has_function_privilege(r, 'mxpw_set_password_hash(text, text, boolean, integer)', 'EXECUTE')
                  || ' ' || has_function_privilege(r, 'mxpw_set_password_hash(text, text, boolean, integer)', 'EXECUTE WITH GRANT OPTION'),
                  ',' ORDER BY r)
FROM unnest(ARRAY['regress_mxpw_hash_granter', 'regress_mxpw_hash_setter']) r}),
	'regress_mxpw_hash_granter true true,regress_mxpw_hash_setter true false',
	'EXECUTE granted on the three-argument form carries over, with its grant option');
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SELECT has_function_privilege('regress_mxpw_hash_setter', 'mxpw_set_password(text, text, boolean, boolean)', 'EXECUTE'),
       has_function_privilege('regress_mxpw_hash_setter', 'mxpw_set_passwords(text[], text[], boolean, boolean)', 'EXECUTE'),
       has_function_privilege('regress_mxpw_hash_granter', 'mxpw_set_passwords(text[], text[], boolean, boolean)', 'EXECUTE WITH GRANT OPTION'),
       has_function_privilege('regress_mxpw_hash_granter', 'mxpw_set_password(text, text, boolean, boolean)', 'EXECUTE')}),
	't|f|t|f',
	'EXECUTE on mxpw_set_password and mxpw_set_passwords carries over to the forms with skip_password_check, to those it was granted to');
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a
WHERE p.oid IN ('mxpw_set_password_hash(text, text, boolean, integer)'::regprocedure,
                'mxpw_set_password(text, text, boolean, boolean)'::regprocedure,
                'mxpw_set_passwords(text[], text[], boolean, boolean)'::regprocedure)
  AND a.grantee = 0}),
	'0', 'PUBLIC gains no right on the new forms');
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SET ROLE regress_mxpw_hash_setter;
SELECT mxpw_set_password_hash('@bob:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')}),
	'@bob:example.com',
	'the role calls the two-argument form after the update');
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SET ROLE regress_mxpw_hash_setter;
SELECT mxpw_set_password('@bob:example.com', 'fake-upgrade-carried', false)}),
	'@bob:example.com',
	'the role calls mxpw_set_password as before the update');
is( $node->safe_psql(
		'mxpw_upgrade_hash_form', q{
SELECT store_hash('@bob:example.com', '$2b$04$abcdefghijklmnopqrstuuAEU4fb4G4b6W26nVc.OYuM2AXLlLS8y')}),
	'@bob:example.com',
	'a wrapper created again uses the remaining form');
$node->safe_psql('postgres', q{
DROP DATABASE mxpw_upgrade_hash_form;
DROP ROLE regress_mxpw_hash_setter;
DROP ROLE regress_mxpw_hash_granter;
});

# From PostgreSQL 18 the library itself names its version.
if ($node->safe_psql('postgres',
		"SELECT count(*) FROM pg_proc WHERE proname = 'pg_get_loaded_modules'")
	eq '1')
{
	is( $node->safe_psql(
			'postgres', q{LOAD 'mxpw';
SELECT module_name || ' ' || version FROM pg_get_loaded_modules() WHERE file_name = 'mxpw.so'}
		),
		"mxpw $default",
		"the loaded library reports mxpw $default");
}

$node->stop;
mxpw_no_secret_in_logs($node);

done_testing();
