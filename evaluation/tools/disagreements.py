#!/usr/bin/env python3
"""List label disagreements between two annotation passes, and how they were adjudicated.

Usage: disagreements.py <pass1.txt> <pass2.txt> [--final <adjudicated.txt>] [--summary]

The inputs are hand-annotation files in the format of evaluation/GUIDELINES.md §0
(v1 or v2 lines, parsed by build_gold.py). The passes must have the same units and
the same mentions (text and type); only the labels may differ. Prints one TSV row
per differing label:

    line  kind  mention_index  mention  type  pass1  pass2  [final  resolved]

kind is `tone`, `stance`, `actor` (mention_index: 0-based index of the mention in
the line; values an actor id, `-` or `?`) or `relation` (mention_index `S>T` with
the 1-based indices of the format, mention `A > B`, type `TYPE>TYPE`, values
`pos`, `neg` or `none`; every ordered pair of the line's mentions is compared).
Actors and relations are compared only when every file annotates that layer.
With --final, `resolved` is `pass1`, `pass2` or `third` (a label neither pass chose),
and labels on which both passes agreed but the final file differs are listed too,
with resolved = `changed-agreed`. --summary prints only the counts.
Standard library only.
"""
import argparse
import sys
from collections import Counter

from build_gold import AnnotationError, parse_file, read_annotations

KINDS = ("tone", "stance", "actor", "relation")


def read(path):
    """[(lineno, Unit)] and the annotated layers of one file (exits on an error)."""
    try:
        return parse_file(read_annotations(path))
    except AnnotationError as e:
        sys.exit(f"{path}: {e}")


def relation_labels(u):
    """{(s, t): 'pos'|'neg'} with 0-based mention indices."""
    return {(s, t): lab for s, t, lab in (u.relations or [])}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pass1")
    ap.add_argument("pass2")
    ap.add_argument("--final")
    ap.add_argument("--summary", action="store_true", help="print only the counts")
    args = ap.parse_args(argv)
    paths = [args.pass1, args.pass2] + ([args.final] if args.final else [])
    parsed = [read(p) for p in paths]
    units = [u for u, _ in parsed]
    layers = [set(lay) for _, lay in parsed]
    compare = {"tone", "stance"}
    for kind, layer in (("actor", "actors"), ("relation", "relations")):
        if all(layer in lay for lay in layers):
            compare.add(kind)
        elif any(layer in lay for lay in layers):
            print(f"{layer} not annotated in every file: not compared", file=sys.stderr)
    n = len(units[0])
    if any(len(x) != n for x in units):
        sys.exit("the files have different numbers of units")
    final = args.final is not None
    rows = []
    for i in range(n):
        files = [x[i][1] for x in units]
        lineno = str(units[0][i][0])
        if len({u.text for u in files}) != 1:
            sys.exit(f"line {lineno}: unit text differs")
        if len({tuple((m.text, m.label) for m in u.mentions) for u in files}) != 1:
            sys.exit(f"line {lineno}: mentions differ (text or type)")
        ments = files[0].mentions
        items = [("tone", "", "", "", [u.tone for u in files])]
        for j, m in enumerate(ments):
            items.append(("stance", str(j), m.text, m.label, [u.mentions[j].stance for u in files]))
        if "actor" in compare:
            for j, m in enumerate(ments):
                items.append(("actor", str(j), m.text, m.label, [u.mentions[j].actor for u in files]))
        if "relation" in compare:
            rels = [relation_labels(u) for u in files]
            for s in range(len(ments)):
                for t in range(len(ments)):
                    if s != t:
                        items.append(("relation", f"{s + 1}>{t + 1}",
                                      f"{ments[s].text} > {ments[t].text}",
                                      f"{ments[s].label}>{ments[t].label}",
                                      [r.get((s, t), "none") for r in rels]))
        for kind, j, text, typ, labels in items:
            p1, p2 = labels[0], labels[1]
            row = [lineno, kind, j, text, typ, p1, p2]
            if not final:
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
        if final:
            head += ["final", "resolved"]
        print("\t".join(head))
        for r in rows:
            print("\t".join(r))
    c = Counter((r[1], r[-1] if final else "differ") for r in rows)
    out = sys.stdout if args.summary else sys.stderr
    for kind in KINDS:
        if kind not in compare:
            continue
        parts = ", ".join(f"{k[1]}={v}" for k, v in sorted(c.items()) if k[0] == kind)
        print(f"{kind}: {parts or 'none'}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
