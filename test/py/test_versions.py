"""Checks that mxpw's version is kept in one place, and that META.json
follows the PGXN meta spec 1.0.0 (https://pgxn.org/spec/).

The version lives in mxpw.control's default_version; META.json (as semver),
debian/changelog, the install and upgrade scripts and the version the
README's install commands name must agree with it.
"""
import json
import os
import re

import pytest

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z][0-9A-Za-z-]*)?$")
LICENSES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
            "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
            "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
            "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
REQUIRED = {"name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"}
OPTIONAL = {"description", "generated_by", "tags", "no_index", "prereqs", "release_status", "resources"}
PHASES = {"configure", "build", "test", "runtime", "develop"}
RELATIONS = {"requires", "recommends", "suggests", "conflicts"}
VERSION_RANGE = re.compile(r"^\s*(0|(([<>]=?|[!=]=)\s*)?\d+\.\d+\.\d+(-[0-9A-Za-z-]+)?)"
                           r"(\s*,\s*(([<>]=?|[!=]=)\s*)?\d+\.\d+\.\d+(-[0-9A-Za-z-]+)?)*\s*$")


def read(name):
    with open(os.path.join(TREE, name), encoding="utf-8") as f:
        return f.read()


def term(s):
    # A "term": at least two characters, no slash, backslash or control character.
    return isinstance(s, str) and len(s) >= 2 and not re.search(r"[/\\\x00-\x1f\x7f]", s)


def semver_of(version):
    # PostgreSQL's "1.0" is PGXN's "1.0.0".
    return version + ".0" if version.count(".") == 1 else version


DEFAULT_VERSION = re.search(r"^default_version\s*=\s*'([^']+)'", read("mxpw.control"), re.M)
VERSION = DEFAULT_VERSION.group(1) if DEFAULT_VERSION else "?"
META = json.loads(read("META.json"))
PROVIDES = META.get("provides", {})
PREREQS = META.get("prereqs", {})


def test_control_has_default_version():
    assert DEFAULT_VERSION is not None, "mxpw.control has a default_version"


# The PGXN meta spec.

def test_required_keys():
    assert REQUIRED <= set(META), "META.json has every required key (%s)" % sorted(REQUIRED - set(META))


def test_no_unknown_keys():
    unknown = [k for k in META if k not in REQUIRED | OPTIONAL and not k.lower().startswith("x_")]
    assert not unknown, "META.json has no unknown keys (%s)" % unknown


def test_name():
    assert term(META.get("name")), "name is a term"


def test_abstract():
    assert isinstance(META.get("abstract"), str) and META["abstract"].strip() != "", "abstract is a string"


def test_version():
    assert SEMVER.match(str(META.get("version"))) is not None, "version is semver"


def test_maintainer():
    maint = META.get("maintainer")
    assert isinstance(maint, str) or (isinstance(maint, list) and maint and all(isinstance(m, str) for m in maint)), \
        "maintainer is a string or a list of strings"


def test_license():
    lic = META.get("license")
    assert lic in LICENSES or (isinstance(lic, dict) and lic) or \
        (isinstance(lic, list) and all(name in LICENSES for name in lic)), "license is known"


def test_meta_spec():
    assert META.get("meta-spec", {}).get("version") == "1.0.0", "meta-spec version is 1.0.0"


def test_provides():
    assert isinstance(PROVIDES, dict) and PROVIDES, "provides is a non-empty map"


@pytest.mark.parametrize("ext", PROVIDES)
def test_provided_name(ext):
    assert term(ext), "provided extension %r is a term" % ext


@pytest.mark.parametrize("ext", PROVIDES)
def test_provided_version(ext):
    assert SEMVER.match(str(PROVIDES[ext].get("version"))) is not None, "provides.%s.version is semver" % ext


@pytest.mark.parametrize("ext", PROVIDES)
def test_provided_keys(ext):
    info = PROVIDES[ext]
    assert set(info) <= {"file", "version", "abstract", "docfile"} or any(k.lower().startswith("x_") for k in info), \
        "provides.%s has only known keys" % ext


@pytest.mark.parametrize("ext,key", [(ext, key) for ext, info in PROVIDES.items()
                                     for key in ("file", "docfile") if key in info])
def test_provided_file(ext, key):
    path = PROVIDES[ext][key]
    assert os.path.isfile(os.path.join(TREE, path)), "provides.%s.%s %s exists" % (ext, key, path)


@pytest.mark.parametrize("tag", META.get("tags", []))
def test_tag(tag):
    assert isinstance(tag, str) and 0 < len(tag) <= 255 and not re.search(r"[/\\\x00-\x1f]", tag), "tag %r" % tag


def test_release_status():
    if "release_status" not in META:
        pytest.skip("META.json has no release_status")
    assert META["release_status"] in {"stable", "testing", "unstable"}, "release_status is known"


@pytest.mark.parametrize("phase", PREREQS)
def test_prereqs_phase(phase):
    assert phase in PHASES, "prereqs phase %r is known" % phase


@pytest.mark.parametrize("phase,relation", [(p, r) for p, relations in PREREQS.items() for r in relations])
def test_prereqs_relation(phase, relation):
    assert relation in RELATIONS, "prereqs relation %r is known" % relation


@pytest.mark.parametrize("phase,relation,name", [(p, r, n) for p, relations in PREREQS.items()
                                                 for r, reqs in relations.items() for n in reqs])
def test_prereq_version_range(phase, relation, name):
    rng = PREREQS[phase][relation][name]
    assert VERSION_RANGE.match(str(rng)) is not None, "prereq %s %r is a version range" % (name, rng)


# One version everywhere.

def test_meta_version_matches():
    assert META.get("version") == semver_of(VERSION), \
        "META.json version %s matches default_version %s" % (META.get("version"), VERSION)


def test_provided_version_matches():
    assert PROVIDES.get("mxpw", {}).get("version") == semver_of(VERSION), \
        "META.json provides.mxpw.version matches default_version %s" % VERSION


def test_changelog_version_matches():
    m = re.match(r"^mxpw \(([^)-]+)(-[^)]*)?\)", read("debian/changelog").split("\n", 1)[0])
    assert m is not None and m.group(1) == VERSION, \
        "debian/changelog's version %s matches default_version %s" % (m.group(1) if m else "?", VERSION)


# The README's install commands name the version they install: an upgrade's
# ALTER EXTENSION, the package files test/package builds.  (Its prose about
# earlier releases, "up to 1.1", is history and not checked.)

README = read("README.md")
README_NAMES = [
    ("ALTER EXTENSION ... UPDATE TO", re.compile(r"ALTER\s+EXTENSION\s+mxpw\s+UPDATE\s+TO\s+'([^']*)'", re.I)),
    ("CREATE EXTENSION ... VERSION", re.compile(r"CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?mxpw\s+"
                                                r"(?:WITH\s+)?(?:SCHEMA\s+\S+\s+)?VERSION\s+'([^']*)'", re.I)),
    (".deb file name", re.compile(r"-mxpw_(\d[^_\s`'\"]*)_")),
    ("source package file name", re.compile(r"\bmxpw_(\d[^_\s`'\"]*?)\.(?:dsc|tar\.\w+|changes)\b")),
]
README_FOUND = [(what, m.group(1), README.count("\n", 0, m.start()) + 1)
                for what, rx in README_NAMES for m in rx.finditer(README)]


def test_readme_names_the_version():
    found = {what for what, _, _ in README_FOUND}
    assert {"ALTER EXTENSION ... UPDATE TO", ".deb file name"} <= found, \
        "the README's install section names the version to install (found only %s)" % sorted(found)


@pytest.mark.parametrize("what,version,line", README_FOUND)
def test_readme_version_matches(what, version, line):
    assert version == VERSION, \
        "README.md line %d: %s names mxpw %s, not default_version %s" % (line, what, version, VERSION)


# Every version has a way in: its own install script or an upgrade path from one.

SCRIPTS = [f for f in os.listdir(TREE) if re.match(r"^mxpw--[^-].*\.sql$", f)]
INSTALLS = {f[6:-4] for f in SCRIPTS if "--" not in f[6:]}
UPGRADES = [tuple(f[6:-4].split("--")) for f in SCRIPTS if "--" in f[6:]]


def reachable():
    versions = set(INSTALLS)
    grew = True
    while grew:
        grew = False
        for a, b in UPGRADES:
            if a in versions and b not in versions:
                versions.add(b)
                grew = True
    return versions


def test_default_version_installable():
    assert VERSION in reachable(), "default_version %s is installable (install scripts %s, upgrades %s)" \
        % (VERSION, sorted(INSTALLS), UPGRADES)


def test_default_version_has_install_script():
    assert VERSION in INSTALLS, "default_version %s has its own complete install script" % VERSION


def test_upgrades_start_from_installable_versions():
    versions = reachable()
    assert all(b in versions for _, b in UPGRADES) and all(a in versions for a, _ in UPGRADES), \
        "every upgrade script starts from an installable version"
