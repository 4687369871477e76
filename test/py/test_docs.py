"""Checks that every link between mxpw's documents leads somewhere: the
README, CHANGELOG.md and docs/*.md link to each other's files and headings
(README -> docs/reference.md#mxpwpepper, docs -> ../README.md#configure),
and a heading renamed or moved breaks them silently on GitHub and in the
Debian package's /usr/share/doc.

A link is checked when it is relative (no scheme): the file must exist in
the tree, and an anchor must be the slug of a heading of that Markdown file,
made as GitHub makes it.  Links inside code blocks and code spans are not
links.
"""
import glob
import os
import re

import pytest

TREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCUMENTS = sorted(["README.md", "CHANGELOG.md"] +
                   [os.path.relpath(p, TREE) for p in glob.glob(os.path.join(TREE, "docs", "*.md"))])


def prose_lines(path):
    """The file's lines, with fenced code blocks blanked and code spans removed."""
    lines, fence = [], False
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.lstrip().startswith("```"):
                fence = not fence
                lines.append("")
            else:
                lines.append("" if fence else re.sub(r"`[^`]*`", "", line))
    return lines


def slug(heading):
    # GitHub's: the text of links, lower case, punctuation dropped (letters,
    # digits, "_", "-" and spaces stay), spaces to hyphens.
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found, seen = set(), {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    fence = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        m = None if fence else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            s = slug(m.group(1))
            n = seen.get(s, 0)
            seen[s] = n + 1
            found.add(s if n == 0 else "%s-%d" % (s, n))
    return found


def links():
    result = []
    for doc in DOCUMENTS:
        for number, line in enumerate(prose_lines(os.path.join(TREE, doc)), 1):
            for m in re.finditer(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", line):
                target = m.group(1)
                if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
                    result.append((doc, number, target))
    return result


LINKS = links()


def test_documents_have_links():
    assert len(LINKS) > 50, "the documents link to each other (found %d links)" % len(LINKS)


@pytest.mark.parametrize("doc,line,target", LINKS)
def test_link_resolves(doc, line, target):
    name, _, anchor = target.partition("#")
    path = os.path.normpath(os.path.join(TREE, os.path.dirname(doc), name)) if name else os.path.join(TREE, doc)
    assert os.path.exists(path), "%s line %d: %s: no such file" % (doc, line, target)
    if anchor:
        assert path.endswith(".md"), "%s line %d: %s: an anchor in a file that is not Markdown" % (doc, line, target)
        assert anchor in anchors(path), "%s line %d: %s: no heading %s has that anchor" \
            % (doc, line, target, os.path.relpath(path, TREE))
