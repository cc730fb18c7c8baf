#!/usr/bin/env python3
"""Label distributions of gold JSONL files (stancetag tag schema), as Markdown tables.

Usage: gold_stats.py <gold.jsonl> [<gold.jsonl> ...]

Prints, per document and pooled over all records: sentence sentiment counts,
entity type counts, stance counts, and stance by entity type.
Standard library only.
"""
import argparse
import json
from collections import Counter

POL = ("negative", "neutral", "positive")
TYPES = ("PER", "ORG", "LOC", "MISC")


def pct(n, total):
    return f"{n} ({100 * n / total:.1f}%)" if total else "0"


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
    print("| document | units | sentiment neg | neu | pos | mentions | stance neg | neu | pos |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, rs in rows:
        s = Counter(x["sentiment"]["label"] for r in rs for x in r["sentences"])
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
