# Helpers for mxpw's TAP tests (t/*.pl).  A test finds this module with
#   use FindBin;
#   use lib $FindBin::RealBin;
#   use MxpwTest;
#
#   mxpw_node(NAME, INIT-PARAMS...)   a new node, initialised, that preloads
#                                     mxpw with a fake pepper; not started
#   mxpw_synapse_db(NODE, DB [, VERSION])
#                                     creates DB with the Synapse-shaped
#                                     schema and mxpw (at VERSION if given)
#   mxpw_log_files(NODE)              its server log and every file in its
#                                     log directory (csvlog, jsonlog)
#   mxpw_no_secret_in_logs(NODE...)   one assertion per node: none of its
#                                     log files has a test password or pepper
#
# Every password and pepper in mxpw's tests contains "fake".

package MxpwTest;

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Basename qw(dirname);
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

our @EXPORT =
  qw(mxpw_node mxpw_synapse_db mxpw_log_files mxpw_no_secret_in_logs);

sub mxpw_node
{
	my ($name, %params) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);

	$node->init(%params);
	# PostgreSQL::Test::Cluster logs every statement (log_statement = all):
	# mxpw keeps the passwords out all the same.
	$node->append_conf(
		'postgresql.conf', qq(
shared_preload_libraries = 'mxpw'
mxpw.pepper = 'fake-tap-pepper'
));
	return $node;
}

sub mxpw_synapse_db
{
	my ($node, $db, $version) = @_;
	my $schema =
	  slurp_file(dirname(__FILE__) . '/../test/synapse-schema.sql');
	my $create = 'CREATE EXTENSION mxpw'
	  . (defined $version ? " VERSION '$version'" : '');

	$node->safe_psql('postgres',
		"CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
	$node->safe_psql($db, "$schema\n$create;");
	return;
}

sub mxpw_log_files
{
	my ($node) = @_;
	my $dir = $node->data_dir . '/log';

	return ($node->logfile, -d $dir ? sort glob("$dir/*") : ());
}

sub mxpw_no_secret_in_logs
{
	foreach my $node (@_)
	{
		my @lines = map { split /\n/, slurp_file($_) } mxpw_log_files($node);
		my @leaks = grep { /fake/i } @lines;

		ok(@lines > 0 && @leaks == 0,
			sprintf('no test password or pepper in the log of node "%s" '
				  . '(%d lines, %d with one)',
				$node->name, scalar @lines, scalar @leaks));
		# The first of those lines, with the passwords masked.
		splice @leaks, 20;
		diag(s/fake\S*/fake.../gir) foreach @leaks;
	}
	return;
}

1;
