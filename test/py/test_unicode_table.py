"""Cross-checks the committed src/unicode_stable_table.h against the UCD.

Re-derives the unsafe code points from DerivedAge.txt and UnicodeData.txt in
MXPW_UCD_DIR (default /usr/share/unicode, Debian's unicode-data) with code
of its own, not the generator's, and compares them with the ranges in the
header; then checks the table against Python's own unicodedata.  Every test
is skipped when the UCD files are absent or of another Unicode version than
the table.
"""
import os
import re
import unicodedata

import pytest

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(TREE, "src", "unicode_stable_table.h")
UCD = os.environ.get("MXPW_UCD_DIR", "/usr/share/unicode")
BASELINE = (13, 0)


def parse_header():
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    baseline = re.search(r'#define MXPW_UNICODE_BASELINE "([^"]*)"', text).group(1)
    version = re.search(r'#define MXPW_UNICODE_DATA_VERSION "([^"]*)"', text).group(1)
    count = int(re.search(r"(\d+) ranges, \d+ code points", text).group(1))
    ranges = [(int(a, 16), int(b, 16)) for a, b in re.findall(r"\{0x([0-9A-F]+), 0x([0-9A-F]+)\}", text)]
    return baseline, version, count, ranges


def recompute(ucd):
    """Version, set of unsafe code points, age-13.0 set, from the UCD alone."""
    old = set()
    version = None
    with open(os.path.join(ucd, "DerivedAge.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"# DerivedAge-([0-9.]+)\.txt", line)
            if m:
                version = m.group(1)
            m = re.match(r"([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*(\d+)\.(\d+)", line)
            if m and (int(m.group(3)), int(m.group(4))) <= BASELINE:
                old.update(range(int(m.group(1), 16), int(m.group(2) or m.group(1), 16) + 1))

    mapped_or_marks = set()		# (a) and (b)
    assigned = set()
    components = set()			# (d)
    with open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8") as f:
        rows = [line.split(";") for line in f if line.strip()]
    for i, row in enumerate(rows):
        cp = int(row[0], 16)
        span = [cp]
        if row[1].endswith("First>"):
            span = range(cp, int(rows[i + 1][0], 16) + 1)
        elif row[1].endswith("Last>"):
            continue
        assigned.update(span)
        if row[5] or row[3] != "0":
            mapped_or_marks.update(span)
        components.update(int(t, 16) for t in row[5].split() if t[0] != "<")

    surrogates = set(range(0xD800, 0xE000))
    everything = set(range(0x110000))
    # Noncharacters stay noncharacters forever, and NFKC leaves them alone.
    noncharacters = set(range(0xFDD0, 0xFDF0)) | {p + 0xFFFE for p in range(0, 0x110000, 0x10000)} \
        | {p + 0xFFFF for p in range(0, 0x110000, 0x10000)}
    unsafe = (everything - assigned - noncharacters) | surrogates
    unsafe |= (mapped_or_marks | components) - old
    return version, unsafe, old


class Table:
    pass


@pytest.fixture(scope="module")
def t():
    """The header's table and the UCD's answer; skips every test when the
    UCD is absent or of another version."""
    t = Table()
    t.baseline, t.version, t.count, t.ranges = parse_header()
    if not all(os.path.exists(os.path.join(UCD, f)) for f in ("DerivedAge.txt", "UnicodeData.txt")):
        pytest.skip("no DerivedAge.txt and UnicodeData.txt in %s" % UCD)
    ucd_version, t.unsafe, t.old = recompute(UCD)
    if ucd_version != t.version:
        pytest.skip("the table is from Unicode %s, %s holds %s" % (t.version, UCD, ucd_version))
    t.table = set()
    for a, b in t.ranges:
        t.table.update(range(a, b + 1))
    return t


def test_baseline(t):
    assert t.baseline == "%d.%d" % BASELINE, "baseline is %s" % t.baseline


def test_range_count(t):
    assert t.count == len(t.ranges), "the header says %d ranges, lists %d" % (t.count, len(t.ranges))


def test_ranges_in_bounds(t):
    assert all(0 <= a <= b <= 0x10FFFF for a, b in t.ranges), "a range is out of order or bounds"


def test_ranges_sorted_apart(t):
    assert all(t.ranges[i][1] + 1 < t.ranges[i + 1][0] for i in range(len(t.ranges) - 1)), \
        "ranges overlap, touch or are unsorted"


def test_nothing_unsafe_in_the_table_only(t):
    only_table = sorted(t.table - t.unsafe)
    assert not only_table, "unsafe in the table only: %s" % " ".join("U+%04X" % c for c in only_table[:10])


def test_nothing_unsafe_by_the_ucd_only(t):
    only_ucd = sorted(t.unsafe - t.table)
    assert not only_ucd, "unsafe by the UCD only: %s" % " ".join("U+%04X" % c for c in only_ucd[:10])


def test_known_new_characters_unsafe(t):
    assert 0x1CCF0 in t.table and 0x1E030 in t.table, "U+1CCF0 and U+1E030 are unsafe"


def test_ascii_safe(t):
    assert not any(c < 0x80 for c in t.table), "ASCII is safe"


def test_python_agrees(t):
    # Python's own tables (of its Unicode version): a code point accepted but
    # new since 13.0 is, there too, unmapped and of class 0.
    bad = [c for c in range(0x110000)
           if c not in t.table and c not in t.old and unicodedata.category(chr(c)) != "Cn"
           and (unicodedata.decomposition(chr(c)) or unicodedata.combining(chr(c)))]
    assert not bad, "mapped or combining in Python's Unicode %s but accepted: %s" \
        % (unicodedata.unidata_version, " ".join("U+%04X" % c for c in bad[:10]))
