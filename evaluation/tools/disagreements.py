#!/usr/bin/env python3
"""List label disagreements between two annotation passes, and how they were adjudicated.

Usage: disagreements.py <pass1.txt> <pass2.txt> [--final <adjudicated.txt>] [--summary]

The inputs are hand-annotation files in the format of evaluation/GUIDELINES.md §0
(one unit per line, `<sentiment>\\t<text with [[mention|TYPE|stance]]>`). The passes
must have the same units and the same mentions (text and type); only the sentiment
and stance labels may differ. Prints one TSV row per differing label:

    line  kind(sentiment|stance)  mention_index  mention  type  pass1  pass2  [final  resolved]

With --final, `resolved` is `pass1`, `pass2` or `third` (a label neither pass chose),
and labels on which both passes agreed but the final file differs are listed too,
with resolved = `changed-agreed`. --summary prints only the counts.
Standard library only.
"""
import argparse
import re
import sys
from collections import Counter

MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\|([a-z]+)\]\]")


def read(path):
    units = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n").rstrip("\r")
            sent, body = raw.split("\t", 1)
            ments = [(m.group(1), m.group(2), m.group(3)) for m in MARK.finditer(body)]
            units.append((sent, MARK.sub(lambda m: m.group(1), body), ments))
    return units


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pass1")
    ap.add_argument("pass2")
    ap.add_argument("--final")
    ap.add_argument("--summary", action="store_true", help="print only the counts")
    args = ap.parse_args(argv)
    a, b = read(args.pass1), read(args.pass2)
    f = read(args.final) if args.final else None
    if len(a) != len(b) or (f is not None and len(f) != len(a)):
        sys.exit("the files have different numbers of units")
    rows = []
    for i in range(len(a)):
        files = [a[i], b[i]] + ([f[i]] if f else [])
        if len({x[1] for x in files}) != 1:
            sys.exit(f"line {i + 1}: unit text differs")
        if len({tuple((m[0], m[1]) for m in x[2]) for x in files}) != 1:
            sys.exit(f"line {i + 1}: mentions differ (text or type)")
        items = [("sentiment", "", "", "", [x[0] for x in files])]
        for j, m in enumerate(a[i][2]):
            items.append(("stance", str(j), m[0], m[1], [x[2][j][2] for x in files]))
        for kind, j, text, typ, labels in items:
            p1, p2 = labels[0], labels[1]
            row = [str(i + 1), kind, j, text, typ, p1, p2]
            if f is None:
                if p1 != p2:
                    rows.append(row)
                continue
            fin = labels[2]
            if p1 != p2:
                res = "pass1" if fin == p1 else "pass2" if fin == p2 else "third"
            elif fin != p1:
                res = "changed-agreed"
            else:
                continue
            rows.append(row + [fin, res])
    if not args.summary:
        head = ["line", "kind", "mention_index", "mention", "type", "pass1", "pass2"]
        if f:
            head += ["final", "resolved"]
        print("\t".join(head))
        for r in rows:
            print("\t".join(r))
    c = Counter((r[1], r[-1] if f else "differ") for r in rows)
    out = sys.stdout if args.summary else sys.stderr
    for kind in ("sentiment", "stance"):
        parts = ", ".join(f"{k[1]}={v}" for k, v in sorted(c.items()) if k[0] == kind)
        print(f"{kind}: {parts or 'none'}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
