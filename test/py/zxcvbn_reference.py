r"""The reference for test_zxcvbn.py: Debian's python3-zxcvbn (a port of
zxcvbn 4.4.2), adjusted where the Rust crate MAS uses (zxcvbn 3.x,
github.com/shssoichiro/zxcvbn-rs) computes differently, so that it scores
as MAS does.  Each adjustment names the crate file it follows:

  - only the first 100 characters (src/lib.rs);
  - REFERENCE_YEAR is the current year, not 2017 (src/scoring.rs);
  - recent years are /19[0-9]{2}|20[0-9]{2}/, not /19\d\d|200\d|201\d/
    (src/matching/mod.rs REGEXES);
  - '[' and ']' are shifted characters (src/matching/mod.rs SHIFTED_CHARS);
  - sequences start from last_delta = 0, so a run absorbs a zero delta
    before it (src/matching/mod.rs SequenceMatch);
  - single-character l33t matches are kept (src/matching/mod.rs L33tMatch
    filters only empty tokens);
  - u64 arithmetic: n_ck multiplies saturating and divides in integers,
    the average keyboard degree is an integer (4 and 5, not 4.595 and
    5.066), sums and products wrap or saturate as in src/scoring.rs;
  - uppercase variations test characters, not 4.4.2's regular
    expressions (src/scoring.rs uppercase_variations).
Feedback (feedback() below) follows src/feedback.rs.

Differences left alone, which test_zxcvbn.py's passwords avoid: Python's
\d and \s (dates, sequences) take any Unicode digit or space where the
crate takes ASCII digits and Unicode White_Space (Python's \s also has
U+001C..U+001F); str.isupper/islower are not Rust's is_uppercase/
is_lowercase outside ASCII (mxpw's C treats other scripts as caseless, see
src/zxcvbn.c); and the crate walks HashMaps where the port walks dicts in
insertion order (mxpw follows the port there, see src/zxcvbn.c).
"""

import datetime
import importlib.metadata
import re
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")

from zxcvbn import matching, scoring  # noqa: E402


def unsupported():
    """None when the installed python3-zxcvbn is a 4.4 port (Debian 12's
    4.4.28), which the adjustments below are written against; else why
    not: Debian sid's 4.5.0 changed the matchers' signatures."""
    version = importlib.metadata.version("zxcvbn")
    if version.startswith("4.4."):
        return None
    return ("python3-zxcvbn %s is not a port of zxcvbn 4.4, which this reference adjusts"
            % version)

U64 = (1 << 64) - 1
MAX_CHARS = 100


def sat(x):
    return min(x, U64)


def wrap(x):
    return x & U64


def n_ck(n, k):
    if k > n:
        return 0
    if k == 0:
        return 1
    r = 1
    for d in range(1, k + 1):
        r = sat(r * n) // d
        n -= 1
    return r


def _degree(graph):
    return sum(len([n for n in v if n]) for v in graph.values()) // len(graph)


KEYBOARD_DEGREE = _degree(scoring.ADJACENCY_GRAPHS["qwerty"])
KEYPAD_DEGREE = _degree(scoring.ADJACENCY_GRAPHS["keypad"])


def spatial_guesses(match):
    if match["graph"] in ("qwerty", "dvorak"):
        s, d = scoring.KEYBOARD_STARTING_POSITIONS, KEYBOARD_DEGREE
    else:
        s, d = scoring.KEYPAD_STARTING_POSITIONS, KEYPAD_DEGREE
    guesses = 0
    length = len(match["token"])
    for i in range(2, length + 1):
        for j in range(1, min(match["turns"], i - 1) + 1):
            guesses = sat(guesses + sat(sat(n_ck(i - 1, j - 1) * s) * wrap(d ** j)))
    shifted = match["shifted_count"]
    if shifted:
        unshifted = length - shifted
        if unshifted == 0:
            guesses = sat(guesses * 2)
        else:
            variations = wrap(sum(n_ck(shifted + unshifted, i)
                                  for i in range(1, min(shifted, unshifted) + 1)))
            guesses = sat(guesses * variations)
    return guesses


def uppercase_variations(match):
    word = match["token"]
    if all(c.islower() for c in word) or word.lower() == word:
        return 1
    upper = sum(1 for c in word if c.isupper())
    lower = sum(1 for c in word if c.islower())
    if ((word[0].isupper() or word[-1].isupper()) and upper == 1) or all(c.isupper() for c in word):
        return 2
    return wrap(sum(n_ck(upper + lower, i) for i in range(1, min(upper, lower) + 1)))


def l33t_variations(match):
    if not match.get("l33t", False):
        return 1
    variations = 1
    token = match["token"].lower()
    for subbed, unsubbed in match["sub"].items():
        s = token.count(subbed)
        u = token.count(unsubbed)
        if s == 0 or u == 0:
            variations = wrap(variations * 2)
        else:
            variations = wrap(variations * wrap(sum(n_ck(u + s, i) for i in range(1, min(u, s) + 1))))
    return variations


def dictionary_guesses(match):
    match["base_guesses"] = match["rank"]
    match["uppercase_variations"] = uppercase_variations(match)
    match["l33t_variations"] = l33t_variations(match)
    return wrap(match["rank"] * match["uppercase_variations"] * match["l33t_variations"]
                * (2 if match.get("reversed", False) else 1))


def sequence_match(password, _ranked_dictionaries=None):
    result = []
    if len(password) <= 1:
        return result

    def update(i, j, delta):
        if (j - i > 1 or abs(delta) == 1) and 0 < abs(delta) <= matching.MAX_DELTA:
            result.append({"pattern": "sequence", "i": i, "j": j, "token": password[i:j + 1],
                           "sequence_name": "x", "sequence_space": 26, "ascending": delta > 0})

    i = 0
    last_delta = 0
    for k in range(1, len(password)):
        delta = ord(password[k]) - ord(password[k - 1])
        if last_delta == 0:
            last_delta = delta
        if last_delta == delta:
            continue
        update(i, k - 1, last_delta)
        i = k - 1
        last_delta = delta
    update(i, len(password) - 1, last_delta)
    return result


def l33t_match(password, _ranked_dictionaries=matching.RANKED_DICTIONARIES,
               _l33t_table=matching.L33T_TABLE):
    matches = []
    for sub in matching.enumerate_l33t_subs(matching.relevant_l33t_subtable(password, _l33t_table)):
        if not len(sub):
            break
        subbed = matching.translate(password, sub)
        for match in matching.dictionary_match(subbed, _ranked_dictionaries):
            token = password[match["i"]:match["j"] + 1]
            if token.lower() == match["matched_word"]:
                continue
            match["l33t"] = True
            match["token"] = token
            match["sub"] = {k: v for k, v in sub.items() if k in token}
            matches.append(match)
    matches = [m for m in matches if len(m["token"]) > 0]
    return sorted(matches, key=lambda x: (x["i"], x["j"]))


def install(year=None):
    year = year or datetime.datetime.now(datetime.timezone.utc).year
    scoring.REFERENCE_YEAR = year
    scoring.nCk = n_ck
    scoring.spatial_guesses = spatial_guesses
    scoring.uppercase_variations = uppercase_variations
    scoring.l33t_variations = l33t_variations
    scoring.dictionary_guesses = dictionary_guesses
    matching.REGEXEN["recent_year"] = re.compile(r"19[0-9]{2}|20[0-9]{2}")
    matching.SHIFTED_RX = re.compile(r'[\[~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?\]]')
    matching.sequence_match = sequence_match
    matching.l33t_match = l33t_match
    return year


def analyse(password):
    """The crate's guesses (unsaturated: a big int where the crate
    saturates) and feedback (see feedback())."""
    password = password[:MAX_CHARS]
    if not password:
        return 0, (0, [0, 1])
    result = scoring.most_guessable_match_sequence(password, matching.omnimatch(password))
    g = int(result["guesses"])
    return g, _feedback(g, result["sequence"])


def guesses(password):
    return analyse(password)[0]


def score(g):
    delta = 5
    if g < 10 ** 3 + delta:
        return 0
    if g < 10 ** 6 + delta:
        return 1
    if g < 10 ** 8 + delta:
        return 2
    if g < 10 ** 10 + delta:
        return 3
    return 4


# The crate's feedback (src/feedback.rs), as the numbers of mxpw's
# MxpwZxcvbnWarning and MxpwZxcvbnSuggestion (src/zxcvbn.h).  Where it
# departs from 4.4.2's: the longest match is the last of equal length
# (Iterator::max_by_key), "similar to a commonly used password" has no
# guesses condition, and capitalisation is judged by the first character
# being uppercase, then by all characters being uppercase.
def feedback(password):
    """(warning, [suggestions]), or None where the crate gives none."""
    return analyse(password)[1]


def _feedback(g, sequence):
    if score(g) >= 3:
        return None
    longest = sequence[0]
    for m in sequence[1:]:
        if len(m["token"]) >= len(longest["token"]):
            longest = m
    warning, suggestions = _match_feedback(longest, len(sequence) == 1)
    return warning, [2] + suggestions


def _match_feedback(m, sole):
    pattern = m["pattern"]
    if pattern == "dictionary":
        name = m["dictionary_name"]
        warning = 0
        if name == "passwords":
            if sole and not m.get("l33t", False) and not m.get("reversed", False):
                warning = 5 if m["rank"] <= 10 else 6 if m["rank"] <= 100 else 7
            else:
                warning = 8
        elif name == "english_wikipedia":
            warning = 11 if sole else 0
        elif name in ("surnames", "female_names", "male_names"):
            warning = 13 if sole else 14
        suggestions = []
        word = m["token"]
        if word[0].isupper():
            suggestions.append(3)
        elif all(c.isupper() for c in word):
            suggestions.append(4)
        if m.get("reversed", False) and len(word) >= 4:
            suggestions.append(5)
        if m.get("l33t", False):
            suggestions.append(6)
        return warning, suggestions
    if pattern == "spatial":
        return (1 if m["turns"] == 1 else 2), [7]
    if pattern == "repeat":
        return (3 if len(m["base_token"]) == 1 else 4), [8]
    if pattern == "sequence":
        return 9, [9]
    if pattern == "regex":
        return 10, [10, 11]
    if pattern == "date":
        return 12, [12]
    return 0, []
