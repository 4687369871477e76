#!/usr/bin/env python3
"""Compares src/zxcvbn.c with the Rust crate itself (not run by test/run).

Usage: python3 test/zxcvbn/crate_check.py ZXCVBN_RS_DIR [LIMIT]

ZXCVBN_RS_DIR: a checkout of github.com/shssoichiro/zxcvbn-rs (the version
MAS uses).  The crate is built offline against Debian's packaged crates
(apt-get install librust-fancy-regex-dev librust-itertools-dev
librust-lazy-static-dev librust-regex-dev librust-time-dev): its
[dependencies] are rewritten to the versions Debian 12 has (fancy-regex
0.7, itertools 0.10; the crate's code is unchanged), its wasm, dev and
bench sections dropped.  A small program then scores test_zxcvbn.py's
passwords (the first LIMIT of them) with zxcvbn(password, &[]) as MAS
does, and the score, guesses and feedback are compared with
test/zxcvbn/zxcvbn_cli.c's.  The crate takes minutes where the C takes
seconds.

The crate is not deterministic: it walks HashMaps, whose order Rust
randomises, where ties are broken and where its search prunes (see
src/zxcvbn.c), so for a few passwords two runs of the crate disagree with
each other.  Such differences are reported, not failed on: a password
differs only when the crate, run five more times, never gives mxpw's
answer.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TREE, "test", "py"))

WARNINGS = ["None", "StraightRowsOfKeysAreEasyToGuess", "ShortKeyboardPatternsAreEasyToGuess",
            "RepeatsLikeAaaAreEasyToGuess", "RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess",
            "ThisIsATop10Password", "ThisIsATop100Password", "ThisIsACommonPassword",
            "ThisIsSimilarToACommonlyUsedPassword", "SequencesLikeAbcAreEasyToGuess",
            "RecentYearsAreEasyToGuess", "AWordByItselfIsEasyToGuess", "DatesAreOftenEasyToGuess",
            "NamesAndSurnamesByThemselvesAreEasyToGuess", "CommonNamesAndSurnamesAreEasyToGuess"]
SUGGESTIONS = ["UseAFewWordsAvoidCommonPhrases", "NoNeedForSymbolsDigitsOrUppercaseLetters",
               "AddAnotherWordOrTwo", "CapitalizationDoesntHelpVeryMuch",
               "AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase", "ReversedWordsArentMuchHarderToGuess",
               "PredictableSubstitutionsDontHelpVeryMuch", "UseALongerKeyboardPatternWithMoreTurns",
               "AvoidRepeatedWordsAndCharacters", "AvoidSequences", "AvoidRecentYears",
               "AvoidYearsThatAreAssociatedWithYou", "AvoidDatesAndYearsThatAreAssociatedWithYou"]

HARNESS = r'''
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let bytes: Vec<u8> = (0..line.len() / 2)
            .map(|k| u8::from_str_radix(&line[2 * k..2 * k + 2], 16).unwrap())
            .collect();
        let e = zxcvbn::zxcvbn(&String::from_utf8(bytes).unwrap(), &[]);
        let fb = match e.feedback() {
            None => "-".to_string(),
            Some(f) => format!("{:?}|{:?}", f.warning(), f.suggestions()),
        };
        println!("{} {} {}", u8::from(e.score()), e.guesses(), fb);
    }
}
'''


def build(crate_dir, work):
    crate = os.path.join(work, "zxcvbn")
    shutil.copytree(crate_dir, crate, ignore=shutil.ignore_patterns(".git", "target", "benches"))
    toml = open(os.path.join(crate, "Cargo.toml"), encoding="utf-8").read()
    package = toml[:toml.index("[dependencies]")]
    package = re.sub(r"(?m)^rust-version.*$", "", package)
    with open(os.path.join(crate, "Cargo.toml"), "w", encoding="utf-8") as f:
        f.write(package + '[dependencies]\nfancy-regex = "0.7"\nitertools = "0.10"\n'
                'lazy_static = "1.3"\nregex = "1"\ntime = "0.3"\n\n[features]\ndefault = []\n'
                'ser = []\nbuilder = []\ncustom_wasm_env = []\n')
    harness = os.path.join(work, "harness")
    os.makedirs(os.path.join(harness, "src"))
    os.makedirs(os.path.join(harness, ".cargo"))
    with open(os.path.join(harness, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "harness"\nversion = "0.1.0"\nedition = "2021"\n\n'
                '[dependencies]\nzxcvbn = { path = "%s" }\n' % crate)
    with open(os.path.join(harness, ".cargo", "config.toml"), "w") as f:
        f.write('[source.crates-io]\nreplace-with = "debian"\n[source.debian]\n'
                'directory = "/usr/share/cargo/registry"\n[net]\noffline = true\n')
    with open(os.path.join(harness, "src", "main.rs"), "w") as f:
        f.write(HARNESS)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=harness, check=True)
    return os.path.join(harness, "target", "release", "harness")


def crate_answer(line):
    score, guesses, fb = line.split(" ", 2)
    if fb == "-":
        return int(score), int(guesses), None
    warning, suggestions = fb.split("|")
    m = re.match(r"Some\((\w+)\)", warning)
    return int(score), int(guesses), (WARNINGS.index(m.group(1)) if m else 0,
                                       [SUGGESTIONS.index(s.strip())
                                        for s in suggestions.strip("[]").split(",") if s.strip()])


def c_answer(line):
    f = line.split()
    return int(f[0]), int(f[1]), None if f[2] == "-1" else (int(f[2]), [int(x) for x in f[3:]])


def run(binary, passwords, *args):
    stdin = "".join(p.encode().hex() + "\n" for p in passwords)
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                          check=True).stdout.splitlines()


def main():
    import test_zxcvbn
    import zxcvbn_reference

    crate_dir = sys.argv[1]
    zxcvbn_reference.install()
    passwords = test_zxcvbn.corpus(zxcvbn_reference)
    if len(sys.argv) > 2:
        passwords = passwords[:int(sys.argv[2])]
    with tempfile.TemporaryDirectory() as work:
        crate = build(crate_dir, work)
        cli = os.path.join(work, "zxcvbn_cli")
        subprocess.run(["cc", "-std=c11", "-D_DEFAULT_SOURCE", "-O2", "-I" + os.path.join(TREE, "src"),
                        "-o", cli, os.path.join(TREE, "test", "zxcvbn", "zxcvbn_cli.c"),
                        os.path.join(TREE, "src", "zxcvbn.c"), "-lcrypt"], check=True)
        crate_out = [crate_answer(x) for x in run(crate, passwords)]
        c_out = [c_answer(x) for x in run(cli, passwords)]
        differ = [k for k in range(len(passwords)) if crate_out[k] != c_out[k]]
        failed = 0
        for k in differ:
            again = [crate_answer(x)[0:3] for x in run(crate, [passwords[k]] * 5)]
            crate_gave = c_out[k] in again
            print("%s: crate %s, mxpw %s%s" % (passwords[k].encode().hex(), crate_out[k], c_out[k],
                                              " (the crate too, on another run)" if crate_gave else ""))
            failed += not crate_gave
    print("crate check: %d passed, %d failed" % (len(passwords) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
