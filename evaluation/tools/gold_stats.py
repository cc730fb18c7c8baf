#!/usr/bin/env python3
"""Label distributions of gold JSONL files (stancetag tag schema), as Markdown tables.

Usage: gold_stats.py <gold.jsonl> [<gold.jsonl> ...]

Prints, per document and pooled over all records: tone counts (read from
"tone", or "sentiment" in v1 files), entity type counts, stance counts, and
stance by entity type; for records that annotate them, actor kinds of the
mentions and polar relation counts. Standard library only.
"""
import argparse
import json
from collections import Counter

POL = ("negative", "neutral", "positive")
TYPES = ("PER", "ORG", "LOC", "MISC")
KINDS = ("country", "person", "organisation", "place", "group", "none")
PREFIX = {"per": "person", "org": "organisation", "loc": "place", "grp": "group"}


def pct(n, total):
    return f"{n} ({100 * n / total:.1f}%)" if total else "0"


def tone(s):
    v = s.get("tone", s.get("sentiment"))
    return v["label"]


def kind(e):
    a = e.get("actor")
    if not a:
        return "none"
    prefix, slash, _ = a["id"].partition("/")
    return PREFIX[prefix] if slash else "country"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    recs = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            recs += [json.loads(line) for line in f if line.strip()]
    rows = [(r["id"], [r]) for r in recs]
    if len(recs) > 1:
        rows.append(("pooled", recs))
    print("| document | units | tone neg | neu | pos | mentions | stance neg | neu | pos |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, rs in rows:
        s = Counter(tone(x) for r in rs for x in r["sentences"])
        e = Counter(x["stance"]["label"] for r in rs for x in r["entities"])
        ns, ne = sum(s.values()), sum(e.values())
        print(f"| {name} | {ns} | " + " | ".join(pct(s[p], ns) for p in POL)
              + f" | {ne} | " + " | ".join(pct(e[p], ne) for p in POL) + " |")
    print()
    print("| document | type | mentions | stance neg | neu | pos |")
    print("|---|---|---|---|---|---|")
    for name, rs in rows:
        c = Counter((x["label"], x["stance"]["label"]) for r in rs for x in r["entities"])
        for t in TYPES:
            n = sum(c[(t, p)] for p in POL)
            print(f"| {name} | {t} | {n} | " + " | ".join(str(c[(t, p)]) for p in POL) + " |")
    with_actors = [(n, [r for r in rs if "actors" in r.get("annotated", [])]) for n, rs in rows]
    with_actors = [(n, rs) for n, rs in with_actors if rs]
    if with_actors:
        print()
        print("| document | mentions | " + " | ".join(KINDS) + " | distinct actor ids |")
        print("|---|---|" + "---|" * len(KINDS) + "---|")
        for name, rs in with_actors:
            c = Counter(kind(x) for r in rs for x in r["entities"])
            ids = {(r["id"], x["actor"]["id"]) for r in rs for x in r["entities"] if "actor" in x}
            print(f"| {name} | {sum(c.values())} | " + " | ".join(str(c[k]) for k in KINDS)
                  + f" | {len(ids)} |")
    with_rel = [(n, [r for r in rs if "relations" in r.get("annotated", [])]) for n, rs in rows]
    with_rel = [(n, rs) for n, rs in with_rel if rs]
    if with_rel:
        print()
        print("| document | units | relations negative | positive |")
        print("|---|---|---|---|")
        for name, rs in with_rel:
            c = Counter(x["label"] for r in rs for s in r["sentences"] for x in s["relations"])
            ns = sum(len(r["sentences"]) for r in rs)
            print(f"| {name} | {ns} | {c['negative']} | {c['positive']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
