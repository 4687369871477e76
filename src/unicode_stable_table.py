#!/usr/bin/env python3
"""Writes src/unicode_stable_table.h: the code points mxpw refuses in a password.

Usage: python3 src/unicode_stable_table.py [UCD_DIR]

UCD_DIR (default /usr/share/unicode, filled by Debian's unicode-data package)
must hold DerivedAge.txt and UnicodeData.txt of one Unicode version.

Synapse normalises a password with the NFKC of whatever Python it runs on
(3.9 and 3.10 = Unicode 13.0 ... 3.14 = 16.0), mxpw with PostgreSQL's
tables.  Only a code point whose NFKC can differ between Unicode 13.0 and a
later version can make the two disagree, and lock its owner out.  A code
point is UNSAFE when it was unassigned in 13.0 and, in the newest data at
hand:
  (a) it has a decomposition mapping (canonical or compatibility), or
  (b) its canonical combining class is not zero, or
  (c) it is still unassigned (a later version may give it (a) or (b)), or
  (d) it occurs in the decomposition mapping of any character.
Why (d): Unicode 16.0 added canonical compositions (Tulu-Tigalari, Gurung
Khema, Kirat Rai ...) whose second element is a new ccc=0 character without
a decomposition of its own; a newer NFKC composes such a pair, an older one
leaves it alone.  Only canonical mappings compose, so counting compatibility
mappings too is over-cautious (with 15.0 data it refuses U+1DF04 and five
other Latin Extended-G letters met only in <super> mappings), but it keeps
the rule simple and refuses nothing anyone needs.

Composites made only of characters assigned by 13.0 are no danger:
Unicode's normalization stability policy makes any later composite of
existing characters a composition exclusion, so NFKC never produces it and
text of 13.0 characters normalises the same in every version.  For the same
reason a character assigned by 13.0 is always safe, whatever NFKC does to
it: its decomposition and combining class are frozen.

Two deliberate choices outside (a)..(d):
  - Noncharacters (U+FDD0..FDEF, U+xFFFE, U+xFFFF) have general category
    Cn but are not unassigned in the sense of (c): Unicode's stability
    policy fixes them as noncharacters forever, and NFKC leaves them alone
    in every version, so they are safe (and were accepted before).
  - Surrogates (U+D800..DFFF) cannot occur in valid UTF-8 text, and the C
    decoder refuses their encodings anyway; they are listed as unsafe too so
    that the table alone never vouches for one.

Running the script twice on the same data writes the identical file.
"""

import os
import re
import sys

BASELINE = (13, 0)
MAX_CODE_POINT = 0x10FFFF
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "unicode_stable_table.h")


def is_noncharacter(cp):
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def read_derived_age(path):
    """The data version from the header line, and code point -> (major, minor)."""
    version = None
    ages = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if version is None:
                m = re.match(r"#\s*DerivedAge-(\d+\.\d+\.\d+)\.txt", line)
                if m:
                    version = m.group(1)
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            cps, age = (field.strip() for field in data.split(";"))
            major, minor = (int(x) for x in age.split("."))
            first, _, last = cps.partition("..")
            for cp in range(int(first, 16), int(last or first, 16) + 1):
                ages[cp] = (major, minor)
    if version is None:
        sys.exit("%s: no 'DerivedAge-X.Y.Z.txt' header line" % path)
    return version, ages


def read_unicode_data(path):
    """code point -> (category, ccc, decomposition), and every decomposition component."""
    chars = {}
    components = set()
    first = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 6:
                continue
            cp = int(fields[0], 16)
            name, category, ccc, decomposition = fields[1], fields[2], int(fields[3]), fields[5]
            for token in decomposition.split():
                if not token.startswith("<"):
                    components.add(int(token, 16))
            entry = (category, ccc, decomposition)
            # Big blocks come as a <..., First> line and a <..., Last> line.
            if name.endswith(", First>"):
                first = cp
                continue
            if name.endswith(", Last>"):
                for c in range(first, cp + 1):
                    chars[c] = entry
                first = None
                continue
            chars[cp] = entry
    return chars, components


def unsafe_code_points(ages, chars, components):
    unsafe = []
    for cp in range(MAX_CODE_POINT + 1):
        entry = chars.get(cp)
        if is_noncharacter(cp):
            continue
        if 0xD800 <= cp <= 0xDFFF or entry is None:
            # Surrogates and unassigned code points (c).
            unsafe.append(cp)
            continue
        if ages.get(cp, (99, 0)) <= BASELINE:
            continue
        category, ccc, decomposition = entry
        if decomposition or ccc != 0 or cp in components:
            unsafe.append(cp)
    return unsafe


def ranges(code_points):
    out = []
    for cp in code_points:
        if out and out[-1][1] + 1 == cp:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def check_consistent(ages, chars):
    """DerivedAge.txt and UnicodeData.txt must come from the same version."""
    for cp in range(MAX_CODE_POINT + 1):
        listed = cp in chars
        aged = cp in ages and not is_noncharacter(cp)
        if listed != aged:
            sys.exit("U+%04X is %s UnicodeData.txt but %s DerivedAge.txt: "
                     "the two files are not from the same Unicode version"
                     % (cp, "in" if listed else "not in", "not in" if listed else "in"))


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    version, ages = read_derived_age(os.path.join(ucd, "DerivedAge.txt"))
    chars, components = read_unicode_data(os.path.join(ucd, "UnicodeData.txt"))
    check_consistent(ages, chars)
    unsafe = unsafe_code_points(ages, chars, components)
    table = ranges(unsafe)
    # unicode_stable.c lets ASCII through without a look-up.
    if table and table[0][0] < 0x80:
        sys.exit("an ASCII code point is unsafe: the C fast path would be wrong")

    baseline = "%d.%d" % BASELINE
    lines = [
        "/*",
        " * unicode_stable_table.h",
        " *\t  Code points whose NFKC may differ between Unicode %s and a later" % baseline,
        " *\t  version: mxpw refuses them in a password.",
        " *",
        " * GENERATED FILE, do not edit.  Made by",
        " *\tpython3 src/unicode_stable_table.py %s" % ucd,
        " * from the Unicode Character Database %s (DerivedAge.txt and" % version,
        " * UnicodeData.txt), baseline Unicode %s.  See the script for the rule." % baseline,
        " *",
        " * %d ranges, %d code points." % (len(table), len(unsafe)),
        " */",
        "#ifndef MXPW_UNICODE_STABLE_TABLE_H",
        "#define MXPW_UNICODE_STABLE_TABLE_H",
        "",
        "/* The oldest Unicode a Synapse may normalise with (Python 3.9, 3.10). */",
        '#define MXPW_UNICODE_BASELINE "%s"' % baseline,
        "/* The Unicode data the table below was computed from. */",
        '#define MXPW_UNICODE_DATA_VERSION "%s"' % version,
        "",
        "#endif\t\t\t\t\t\t\t/* MXPW_UNICODE_STABLE_TABLE_H */",
        "",
        "/*",
        " * Only unicode_stable.c needs the table itself: it defines",
        " * MXPW_UNICODE_STABLE_TABLE and MxpwCodePointRange, then includes this",
        " * file again.",
        " */",
        "#if defined(MXPW_UNICODE_STABLE_TABLE) && !defined(MXPW_UNICODE_STABLE_TABLE_DATA)",
        "#define MXPW_UNICODE_STABLE_TABLE_DATA",
        "",
        "/* Sorted, disjoint, non-adjacent inclusive ranges of unsafe code points. */",
        "static const MxpwCodePointRange mxpw_unsafe_ranges[%d] = {" % len(table),
    ]
    for first, last in table:
        lines.append("\t{0x%04X, 0x%04X}," % (first, last))
    lines += [
        "};",
        "",
        "#endif\t\t\t\t\t\t\t/* MXPW_UNICODE_STABLE_TABLE */",
    ]
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("%s: Unicode %s, %d ranges, %d unsafe code points"
          % (os.path.relpath(OUTPUT), version, len(table), len(unsafe)))


if __name__ == "__main__":
    main()
