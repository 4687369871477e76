EXTENSION = mxpw
MODULE_big = mxpw
OBJS = src/mxpw.o src/hiding.o src/audit.o src/report.o src/password.o src/scheme.o \
	src/bcrypt.o src/argon2id.o src/pbkdf2.o src/phc.o src/ulid.o src/userid.o \
	src/unicode_stable.o src/zxcvbn.o src/policy.o src/parallel.o src/store.o \
	src/store_synapse.o src/store_mas.o src/progress.o src/progress_text.o src/sql_single.o src/sql_bulk.o
DATA = $(wildcard mxpw--*.sql)
PGFILEDESC = "mxpw - Matrix homeserver passwords from SQL"

SHLIB_LINK = -lcrypt -largon2 -lcrypto
# The library names its version from mxpw.control (PG_MODULE_MAGIC_EXT,
# shown by pg_get_loaded_modules() from PostgreSQL 18).
MXPW_VERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" mxpw.control)
PG_CPPFLAGS = -Isrc -DMXPW_VERSION='"$(MXPW_VERSION)"'

# make installcheck against a server where mxpw is installed: pg_regress
# makes a fresh database and creates mxpw in it (--load-extension), and each
# file starts from test/regress-fixture.sql, so any one runs alone
# (REGRESS=verify) as well as after the others.  test/run runs them on a
# throwaway cluster that preloads mxpw with a test pepper, and on a plain one.
REGRESS = extension hash verify userid set_password set_password_hash \
	reset_password revoke_sessions needs_rehash errors privileges \
	search_path rollback settings encoding hostile bulk security stores policy
REGRESS_OPTS = --encoding=UTF8 --no-locale --load-extension=mxpw
ISOLATION = lock_order same_account mas_overlap
ISOLATION_OPTS = --encoding=UTF8 --no-locale
# t/*.pl make their own clusters (PostgreSQL::Test::Cluster); test/run runs
# them with test/lib.sh's tap_run, which works as root too.
TAP_TESTS = 1

# One file or one kind: naming REGRESS, ISOLATION or PROVE_TESTS (not empty)
# on make's command line runs only what is named, as in
#   make installcheck REGRESS=verify
#   make installcheck ISOLATION=lock_order
#   make installcheck PROVE_TESTS=t/005_logging.pl
mxpw_named := $(strip $(foreach v,REGRESS ISOLATION PROVE_TESTS,$(if $(and $(filter command line,$(origin $(v))),$(strip $($(v)))),$(v))))
ifneq ($(mxpw_named),)
ifeq ($(filter REGRESS,$(mxpw_named)),)
REGRESS =
endif
ifeq ($(filter ISOLATION,$(mxpw_named)),)
ISOLATION =
endif
ifeq ($(filter PROVE_TESTS,$(mxpw_named)),)
TAP_TESTS =
endif
endif

EXTRA_CLEAN = test/unit/unit_tests

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The generated table is a header: rebuild what includes it.
src/unicode_stable.o: src/unicode_stable.h src/unicode_stable_table.h
src/zxcvbn.o: src/zxcvbn.h src/zxcvbn_data.h

# Unit tests of the parts that build without a server.
UNIT_SOURCES = test/unit/unit_tests.c src/bcrypt.c src/userid.c src/unicode_stable.c \
	src/phc.c src/argon2id.c src/pbkdf2.c src/ulid.c src/progress_text.c
UNIT_SOURCES += test/unit/zxcvbn_tests.c src/zxcvbn.c

test/unit/unit_tests: $(UNIT_SOURCES) src/bcrypt.h src/userid.h src/unicode_stable.h src/unicode_stable_table.h \
	src/algorithm.h src/phc.h src/argon2id.h src/pbkdf2.h src/ulid.h src/zxcvbn.h src/zxcvbn_data.h \
	src/progress_text.h
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
