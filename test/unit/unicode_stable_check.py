#!/usr/bin/env python3
"""Cross-checks the committed src/unicode_stable_table.h against the UCD.

Usage: python3 test/unit/unicode_stable_check.py [UCD_DIR]

Re-derives the unsafe code points from DerivedAge.txt and UnicodeData.txt in
UCD_DIR (default /usr/share/unicode) with code of its own, not the
generator's, and compares them with the ranges in the header; then checks
the table against Python's own unicodedata.  Ends with
"unicode table: N passed, M failed" and exits non-zero on any failure.  Skips
(exit 0) when the UCD files are absent or of another Unicode version than the
table.
"""

import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = os.path.join(ROOT, "src", "unicode_stable_table.h")
BASELINE = (13, 0)

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)


def parse_header():
    text = open(HEADER, encoding="utf-8").read()
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


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    baseline, version, count, ranges = parse_header()
    if not all(os.path.exists(os.path.join(ucd, f)) for f in ("DerivedAge.txt", "UnicodeData.txt")):
        print("unicode table: skipped, no DerivedAge.txt and UnicodeData.txt in %s" % ucd)
        return 0
    ucd_version, unsafe, old = recompute(ucd)
    if ucd_version != version:
        print("unicode table: skipped, the table is from Unicode %s, %s holds %s"
              % (version, ucd, ucd_version))
        return 0

    check(baseline == "%d.%d" % BASELINE, "baseline is %s" % baseline)
    check(count == len(ranges), "the header says %d ranges, lists %d" % (count, len(ranges)))
    check(all(0 <= a <= b <= 0x10FFFF for a, b in ranges), "a range is out of order or bounds")
    check(all(ranges[i][1] + 1 < ranges[i + 1][0] for i in range(len(ranges) - 1)),
          "ranges overlap, touch or are unsorted")
    table = set()
    for a, b in ranges:
        table.update(range(a, b + 1))
    only_table = sorted(table - unsafe)
    only_ucd = sorted(unsafe - table)
    check(not only_table, "unsafe in the table only: %s" % " ".join("U+%04X" % c for c in only_table[:10]))
    check(not only_ucd, "unsafe by the UCD only: %s" % " ".join("U+%04X" % c for c in only_ucd[:10]))
    check(0x1CCF0 in table and 0x1E030 in table, "U+1CCF0 and U+1E030 are unsafe")
    check(not any(c < 0x80 for c in table), "ASCII is safe")

    # Python's own tables (of its Unicode version): a code point accepted but
    # new since 13.0 is, there too, unmapped and of class 0.
    bad = [c for c in range(0x110000)
           if c not in table and c not in old and unicodedata.category(chr(c)) != "Cn"
           and (unicodedata.decomposition(chr(c)) or unicodedata.combining(chr(c)))]
    check(not bad, "mapped or combining in Python's Unicode %s but accepted: %s"
          % (unicodedata.unidata_version, " ".join("U+%04X" % c for c in bad[:10])))

    print("unicode table: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
