#!/usr/bin/env python3
"""Runs docker/Containerfile's instructions in Debian roots standing in for
the images, where no container engine can run: each stage's FROM is a root
given on the command line (a fresh copy of a root made like the official
image), RUN runs its shell form with chroot, COPY copies from the build
context or from another stage's root.  Any instruction this does not know
is an error, so the Containerfile cannot grow a step the test skips.

  containerfile.py FILE CONTEXT --root STAGE=DIR ... [--build-arg K=V ...]
                   [--image-env K=V ...]

STAGE is a stage's name (FROM ... AS name) or its index (0, 1, ...).
--image-env is the environment the base image sets (ENV in its own
Containerfile).  Prints the final stage's CMD as JSON on its last line.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys


def instructions(path):
    """(line number, keyword, rest) with continuations joined, comments dropped."""
    out, buf, start = [], "", 0
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue
        if not buf:
            start = number
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        keyword, _, rest = buf.partition(" ")
        out.append((start, keyword.upper(), rest.strip()))
        buf = ""
    return out


def expand(text, values):
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: values.get(m.group(1) or m.group(2), ""), text)


def copy_into(src, root, dest, context_files=None):
    """cp -R semantics of COPY: a directory's contents into dest."""
    target = os.path.join(root, dest.lstrip("/"))
    if context_files is not None:
        for rel in context_files:
            s, d = os.path.join(src, rel), os.path.join(target, rel)
            os.makedirs(os.path.dirname(d), exist_ok=True)
            shutil.copy2(s, d, follow_symlinks=False)
    elif os.path.isdir(src):
        shutil.copytree(src, target, symlinks=True, dirs_exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target)


def context_listing(context):
    """What a build context holds: the files git tracks or would track."""
    out = subprocess.run(["git", "-C", context, "ls-files", "-z", "--cached", "--others",
                          "--exclude-standard"], check=True, capture_output=True).stdout
    return [f for f in out.decode().split("\0") if f and os.path.lexists(os.path.join(context, f))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("context")
    ap.add_argument("--root", action="append", default=[])
    ap.add_argument("--build-arg", action="append", default=[])
    ap.add_argument("--image-env", action="append", default=[])
    a = ap.parse_args()
    roots = dict(r.split("=", 1) for r in a.root)
    build_args = dict(b.split("=", 1) for b in a.build_arg)
    image_env = dict(e.split("=", 1) for e in a.image_env)
    files = context_listing(a.context)

    args, stage_roots, root, env, cmd, index = {}, {}, None, {}, None, -1
    for number, keyword, rest in instructions(a.file):
        where = "%s:%d" % (a.file, number)
        if keyword == "ARG":
            name, _, default = rest.partition("=")
            args[name] = build_args.get(name, expand(default, args))
        elif keyword == "FROM":
            index += 1
            words = rest.split()
            base = expand(words[0], args)
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(index)
            root = roots.get(name) or roots.get(str(index))
            if not root:
                sys.exit("%s: no --root for stage %s (FROM %s)" % (where, name, base))
            stage_roots[name] = root
            env = dict(image_env)
            cmd = None
            print("== stage %s: FROM %s, standing in: %s" % (name, base, root), flush=True)
        elif keyword == "COPY":
            words = shlex.split(rest)
            source_stage = None
            if words[0].startswith("--from="):
                source_stage = words.pop(0)[len("--from="):]
            if len(words) != 2:
                sys.exit("%s: COPY with %d paths is not handled" % (where, len(words)))
            src, dest = words
            if source_stage:
                copy_into(os.path.join(stage_roots[source_stage], src.lstrip("/")), root, dest)
            elif src == ".":
                copy_into(a.context, root, dest, files)
            else:
                copy_into(os.path.join(a.context, src), root, dest)
            print("== COPY %s" % rest, flush=True)
        elif keyword == "RUN":
            print("== RUN %s" % rest, flush=True)
            shell_env = ["%s=%s" % kv for kv in sorted(env.items())]
            subprocess.run(["chroot", root, "/usr/bin/env", "-i"] + shell_env + ["/bin/sh", "-c", rest],
                           check=True)
        elif keyword == "CMD":
            cmd = json.loads(rest)
        elif keyword == "ENV":
            name, _, value = rest.partition("=")
            env[name] = expand(value, env)
        else:
            sys.exit("%s: %s is not handled by this stand-in" % (where, keyword))
    if cmd is None:
        sys.exit("%s: the final stage has no CMD" % a.file)
    print(json.dumps(cmd))


if __name__ == "__main__":
    main()
