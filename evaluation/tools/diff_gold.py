#!/usr/bin/env python3
"""Label changes between two versions of gold JSONL files.

Usage: diff_gold.py <old.jsonl> <new.jsonl>

Records are paired by `id`. The text, the sentence spans, the entity spans
and types, and every other field must be identical (exit 1 naming the first
difference otherwise);
the v1 key `sentiment` and the v2 key `tone` are the same layer. Prints one TSV
row per changed label:

    id  kind  sentence  entity  text  old  new

sentence is the 0-based sentence index (the annotation line is sentence + 1 in
document mode), entity the 0-based entity index; kind is `tone` (entity empty), `stance`, `actor` (values an actor id or `-`
for none) or `relation` (entity `i>j`, document-level entity indices, values
`positive`, `negative` or `none`), then a count line per kind on stderr.
A layer one version does not annotate is reported once as `layer added`.
Standard library only.
"""
import argparse
import json
import sys
from collections import Counter


def load(path):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                docs[rec["id"]] = rec
    return docs


def tone(s):
    v = s.get("tone", s.get("sentiment"))
    return v.get("label") if isinstance(v, dict) else None


def layers(rec):
    return set(rec.get("annotated", ["sentences", "entities", "tone", "stance"]))


def relations(rec):
    return {(r["source"], r["target"]): (i, r["label"])
            for i, s in enumerate(rec["sentences"]) for r in s.get("relations", [])}


def skeleton(rec):
    """The record without its labels and v2 layers, `sentiment` read as `tone`."""
    out = {k: v for k, v in rec.items() if k not in ("annotated", "sentences", "entities")}
    out["sentences"] = []
    for s in rec["sentences"]:
        x = {k: v for k, v in s.items() if k not in ("sentiment", "tone", "relations")}
        x["tone"] = None if tone(s) is None else "label"
        out["sentences"].append(x)
    out["entities"] = [{k: (None if k == "stance" else v) for k, v in e.items() if k != "actor"}
                       for e in rec["entities"]]
    return out


def diff(old, new):
    """Rows of label changes between two records of one document; raises ValueError."""
    rid = new["id"]
    if old["text"] != new["text"]:
        raise ValueError(f"{rid}: document text differs")
    so, sn = old["sentences"], new["sentences"]
    if [(s["start"], s["end"]) for s in so] != [(s["start"], s["end"]) for s in sn]:
        raise ValueError(f"{rid}: sentence spans differ")
    eo, en = old["entities"], new["entities"]
    key = lambda e: (e["start"], e["end"], e["label"], e["sentence"])
    if [key(e) for e in eo] != [key(e) for e in en]:
        raise ValueError(f"{rid}: entity spans, types or sentences differ")
    if skeleton(old) != skeleton(new):
        raise ValueError(f"{rid}: the records differ in more than labels and added layers")
    rows = []
    for i, (a, b) in enumerate(zip(so, sn)):
        if tone(a) != tone(b):
            rows.append([rid, "tone", str(i), "", b["text"][:60], str(tone(a)), str(tone(b))])
    la, lb = layers(old), layers(new)
    for j, (a, b) in enumerate(zip(eo, en)):
        if a["stance"]["label"] != b["stance"]["label"]:
            rows.append([rid, "stance", str(b["sentence"]), str(j), b["text"],
                         a["stance"]["label"], b["stance"]["label"]])
        if "actors" in la and "actors" in lb:
            xa, xb = a.get("actor", {}).get("id", "-"), b.get("actor", {}).get("id", "-")
            if xa != xb:
                rows.append([rid, "actor", str(b["sentence"]), str(j), b["text"], xa, xb])
    if "relations" in la and "relations" in lb:
        ra, rb = relations(old), relations(new)
        for pair in sorted(set(ra) | set(rb)):
            x, y = ra.get(pair, (None, "none")), rb.get(pair, (None, "none"))
            if x[1] != y[1]:
                s = y[0] if y[0] is not None else x[0]
                rows.append([rid, "relation", str(s), f"{pair[0]}>{pair[1]}",
                             f"{en[pair[0]]['text']} > {en[pair[1]]['text']}", x[1], y[1]])
    for layer in sorted(lb - la):
        rows.append([rid, layer, "", "", "layer added", "", ""])
    for layer in sorted(la - lb):
        rows.append([rid, layer, "", "", "layer removed", "", ""])
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    args = ap.parse_args(argv)
    do, dn = load(args.old), load(args.new)
    if set(do) != set(dn):
        print(f"record ids differ: only old {sorted(set(do) - set(dn))}, "
              f"only new {sorted(set(dn) - set(do))}", file=sys.stderr)
        return 1
    rows = []
    try:
        for rid in sorted(dn):
            rows += diff(do[rid], dn[rid])
    except ValueError as e:
        print(f"{args.new}: {e}", file=sys.stderr)
        return 1
    print("\t".join(["id", "kind", "sentence", "entity", "text", "old", "new"]))
    for r in rows:
        print("\t".join(r))
    c = Counter(r[1] for r in rows)
    print(f"{args.new}: " + (", ".join(f"{k}={v}" for k, v in sorted(c.items())) or "no label changes"),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
