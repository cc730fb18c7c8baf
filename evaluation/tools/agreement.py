#!/usr/bin/env python3
"""Inter-annotator agreement between two gold passes.

Usage: agreement.py <a.jsonl> <b.jsonl> [--json]

Each file holds one or more records in the `stancetag tag` schema (as written
by build_gold.py); records are paired by `id` (both files must hold the same
ids and identical `text`). Reports, per document and pooled over documents:

* sentence-boundary F1: exact (start, end) matches of sentence spans;
* entity exact-match F1 (span + type), overall and per type (per type: the
  type's mentions of each side; a match needs span and type equal);
* entity span-only F1 (span equal, type ignored);
* sentence sentiment: accuracy and Cohen's kappa over the sentences whose
  span is identical in both passes;
* stance: accuracy and Cohen's kappa over the entities whose span is
  identical in both passes (type ignored).

F1 is symmetric, so which file is "gold" does not matter. Standard library only.
"""
import argparse
import json
import sys
from collections import Counter

LABELS = ("negative", "neutral", "positive")


def load(path):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in docs:
                sys.exit(f"{path}:{n}: duplicate id {rec['id']!r}")
            docs[rec["id"]] = rec
    return docs


def prf(n_a, n_b, n_match):
    p = n_match / n_b if n_b else (1.0 if n_a == 0 else 0.0)
    r = n_match / n_a if n_a else (1.0 if n_b == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"a": n_a, "b": n_b, "matched": n_match, "precision": p, "recall": r, "f1": f}


def kappa(pairs):
    """Cohen's kappa over a list of (label_a, label_b)."""
    n = len(pairs)
    if n == 0:
        return {"n": 0, "accuracy": None, "kappa": None}
    agree = sum(1 for a, b in pairs if a == b)
    po = agree / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    k = (po - pe) / (1 - pe) if pe < 1 else (1.0 if po == 1 else 0.0)
    confusion = {la: {lb: sum(1 for a, b in pairs if a == la and b == lb) for lb in LABELS}
                 for la in LABELS}
    return {"n": n, "accuracy": po, "kappa": k, "confusion_a_rows_b_cols": confusion}


def label(x, key):
    v = x.get(key)
    return v.get("label") if isinstance(v, dict) else v


class Tally:
    def __init__(self):
        self.sent = [0, 0, 0]
        self.ent = [0, 0, 0]
        self.span = [0, 0, 0]
        self.types = {}
        self.sentiment = []
        self.stance = []

    def add(self, a, b):
        sa = {(s["start"], s["end"]): s for s in a["sentences"]}
        sb = {(s["start"], s["end"]): s for s in b["sentences"]}
        common = set(sa) & set(sb)
        self.sent[0] += len(sa); self.sent[1] += len(sb); self.sent[2] += len(common)
        for k in sorted(common):
            la, lb = label(sa[k], "sentiment"), label(sb[k], "sentiment")
            if la is not None and lb is not None:
                self.sentiment.append((la, lb))
        ea = a.get("entities", [])
        eb = b.get("entities", [])
        ta = Counter((e["start"], e["end"], e["label"]) for e in ea)
        tb = Counter((e["start"], e["end"], e["label"]) for e in eb)
        m = sum((ta & tb).values())
        self.ent[0] += len(ea); self.ent[1] += len(eb); self.ent[2] += m
        for t in sorted({e["label"] for e in ea} | {e["label"] for e in eb}):
            x = self.types.setdefault(t, [0, 0, 0])
            x[0] += sum(v for k, v in ta.items() if k[2] == t)
            x[1] += sum(v for k, v in tb.items() if k[2] == t)
            x[2] += sum(v for k, v in (ta & tb).items() if k[2] == t)
        pa = {(e["start"], e["end"]): e for e in ea}
        pb = {(e["start"], e["end"]): e for e in eb}
        cs = set(pa) & set(pb)
        self.span[0] += len(pa); self.span[1] += len(pb); self.span[2] += len(cs)
        for k in sorted(cs):
            la, lb = label(pa[k], "stance"), label(pb[k], "stance")
            if la is not None and lb is not None:
                self.stance.append((la, lb))

    def report(self):
        return {
            "sentence_boundary": prf(*self.sent),
            "entity_exact": prf(*self.ent),
            "entity_exact_by_type": {t: prf(*v) for t, v in sorted(self.types.items())},
            "entity_span_only": prf(*self.span),
            "sentence_sentiment": kappa(self.sentiment),
            "stance": kappa(self.stance),
        }


def fmt(v):
    return "-" if v is None else f"{v:.3f}"


def print_report(name, r):
    print(f"== {name}")
    s = r["sentence_boundary"]
    print(f"sentence boundary F1 {fmt(s['f1'])}  (a={s['a']} b={s['b']} matched={s['matched']})")
    e = r["entity_exact"]
    print(f"entity exact F1      {fmt(e['f1'])}  P={fmt(e['precision'])} R={fmt(e['recall'])}"
          f"  (a={e['a']} b={e['b']} matched={e['matched']})")
    for t, x in r["entity_exact_by_type"].items():
        print(f"  {t:<5} F1 {fmt(x['f1'])}  (a={x['a']} b={x['b']} matched={x['matched']})")
    sp = r["entity_span_only"]
    print(f"entity span-only F1  {fmt(sp['f1'])}  (a={sp['a']} b={sp['b']} matched={sp['matched']})")
    for key, title in (("sentence_sentiment", "sentence sentiment"), ("stance", "stance")):
        k = r[key]
        print(f"{title:<20} accuracy {fmt(k['accuracy'])}  kappa {fmt(k['kappa'])}  (n={k['n']})")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    da, db = load(args.a), load(args.b)
    if set(da) != set(db):
        sys.exit(f"document ids differ: only in a {sorted(set(da) - set(db))}, "
                 f"only in b {sorted(set(db) - set(da))}")
    total = Tally()
    out = {"documents": {}, "pooled": None}
    for i in sorted(da):
        if da[i]["text"] != db[i]["text"]:
            sys.exit(f"{i}: the two passes have different document text")
        t = Tally()
        t.add(da[i], db[i])
        total.add(da[i], db[i])
        out["documents"][i] = t.report()
    out["pooled"] = total.report()
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for i, r in out["documents"].items():
            print_report(i, r)
        if len(out["documents"]) > 1:
            print_report("pooled", out["pooled"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
