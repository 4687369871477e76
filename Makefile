EXTENSION = mxpw
MODULE_big = mxpw
OBJS = src/mxpw.o src/hiding.o src/audit.o src/report.o src/password.o src/scheme.o \
	src/hash.o src/argon2id.o src/pbkdf2.o src/phc.o src/ulid.o src/userid.o \
	src/unicode_stable.o src/parallel.o src/store.o src/store_synapse.o \
	src/store_mas.o src/sql_single.o src/sql_bulk.o
DATA = $(wildcard mxpw--*.sql)
PGFILEDESC = "mxpw - Matrix homeserver passwords from SQL"

SHLIB_LINK = -lcrypt -largon2 -lcrypto
# The library names its version from mxpw.control (PG_MODULE_MAGIC_EXT,
# shown by pg_get_loaded_modules() from PostgreSQL 18).
MXPW_VERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" mxpw.control)
PG_CPPFLAGS = -Isrc -DMXPW_VERSION='"$(MXPW_VERSION)"'

# The throwaway cluster started by test/run preloads mxpw and sets a test
# pepper; run the suite with test/run rather than by hand.
REGRESS = setup hash verify userid set_password set_password_hash \
	reset_password revoke_sessions needs_rehash errors privileges \
	search_path rollback settings encoding hostile bulk security stores
REGRESS_OPTS = --encoding=UTF8 --no-locale
ISOLATION = lock_order same_account mas_overlap
ISOLATION_OPTS = --encoding=UTF8 --no-locale
# t/*.pl make their own clusters (PostgreSQL::Test::Cluster); test/run runs
# them with test/lib.sh's tap_run, which works as root too.
TAP_TESTS = 1

EXTRA_CLEAN = test/unit/unit_tests

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The generated table is a header: rebuild what includes it.
src/unicode_stable.o: src/unicode_stable.h src/unicode_stable_table.h

# Unit tests of the parts that build without a server.
UNIT_SOURCES = test/unit/unit_tests.c src/hash.c src/userid.c src/unicode_stable.c \
	src/phc.c src/argon2id.c src/pbkdf2.c src/ulid.c
UNIT_SOURCES += test/unit/zxcvbn_tests.c src/zxcvbn.c

test/unit/unit_tests: $(UNIT_SOURCES) src/hash.h src/userid.h src/unicode_stable.h src/unicode_stable_table.h \
	src/phc.h src/argon2id.h src/pbkdf2.h src/ulid.h src/zxcvbn.h src/zxcvbn_data.h
	$(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O1 -g -Isrc -o $@ $(UNIT_SOURCES) -lcrypt -largon2 -lcrypto

.PHONY: unittest
unittest: test/unit/unit_tests
	test/unit/unit_tests

# Every libFuzzer target under ASan and UBSan, FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) test/hardening/fuzz

# mxpw against its peers on this machine: bench/latest/bench.{txt,png}.
.PHONY: bench
bench:
	bench/run

# The distribution for PGXN, as PGXN's extensions make it: the committed
# tree at HEAD (not the work tree: commit first) as mxpw-VERSION.zip, every
# file under mxpw-VERSION/, less what .gitattributes marks export-ignore.
# test/pgxn installs and tests it with pgxnclient.
.PHONY: dist
dist:
	git archive --format zip --prefix=mxpw-$(MXPW_VERSION)/ --output mxpw-$(MXPW_VERSION).zip HEAD
