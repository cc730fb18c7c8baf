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
* tone (the sentence layer; read from "tone", or "sentiment" in v1 files):
  accuracy and Cohen's kappa over the sentences whose span is identical in
  both passes;
* stance: accuracy and Cohen's kappa over the entities whose span is
  identical in both passes (type ignored);
* actors (when both records annotate them, "actors" in "annotated"), over the
  mentions with identical spans: mention->actor accuracy (the actor id, or
  none for a mention without one: `-` and `?` are both none in the JSONL),
  and B-cubed precision/recall/F1 of the mentions' grouping into actors within
  each document (a mention without an actor id is a singleton);
* relations (when both records annotate them), over every ordered pair of
  distinct mentions with identical spans that lie in one sentence in either
  pass (an unlisted pair is none): per-label counts, accuracy and Cohen's
  kappa over {none, negative, positive}, and P/R/F1 of b's polar relations
  against a's over the same pairs (a match needs the same label).

F1 is symmetric, so which file is "gold" does not matter (B-cubed precision
and recall swap with the files). Standard library only.
"""
import argparse
import json
import sys
from collections import Counter, defaultdict

LABELS = ("negative", "neutral", "positive")
REL_LABELS = ("none", "negative", "positive")


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


def kappa(pairs, labels=LABELS):
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
    confusion = {la: {lb: sum(1 for a, b in pairs if a == la and b == lb) for lb in labels}
                 for la in labels}
    return {"n": n, "accuracy": po, "kappa": k, "confusion_a_rows_b_cols": confusion}


def label(x, key):
    v = x.get(key)
    return v.get("label") if isinstance(v, dict) else v


def tone(s):
    """The tone label of a sentence ("tone", or v1 "sentiment")."""
    t = label(s, "tone")
    return t if t is not None else label(s, "sentiment")


def annotates(rec, layer):
    """Whether a record annotates a layer: its "annotated" list, else the keys present."""
    if "annotated" in rec:
        return layer in rec["annotated"]
    if layer == "actors":
        return any("actor" in e for e in rec.get("entities", []))
    if layer == "relations":
        return any("relations" in s for s in rec.get("sentences", []))
    return True


def actor_id(e):
    a = e.get("actor")
    return a.get("id") if isinstance(a, dict) else None


def bcubed(ids_a, ids_b):
    """Summed B-cubed precision and recall of two groupings of the same mentions.

    ids_a[i], ids_b[i]: actor id of mention i in a and b (None: a singleton).
    Returns (sum of precisions, sum of recalls, n); precision is b against a.
    """
    ka = [x if x is not None else ("singleton", i) for i, x in enumerate(ids_a)]
    kb = [x if x is not None else ("singleton", i) for i, x in enumerate(ids_b)]
    ga, gb = defaultdict(set), defaultdict(set)
    for i, (x, y) in enumerate(zip(ka, kb)):
        ga[x].add(i)
        gb[y].add(i)
    p = r = 0.0
    for x, y in zip(ka, kb):
        common = len(ga[x] & gb[y])
        p += common / len(gb[y])
        r += common / len(ga[x])
    return p, r, len(ka)


def relation_map(rec):
    """{(source span, target span): label} of a record's polar relations."""
    ents = rec.get("entities", [])
    out = {}
    for s in rec.get("sentences", []):
        for r in s.get("relations", []):
            a, b = ents[r["source"]], ents[r["target"]]
            out[((a["start"], a["end"]), (b["start"], b["end"]))] = r["label"]
    return out


class Tally:
    def __init__(self):
        self.sent = [0, 0, 0]
        self.ent = [0, 0, 0]
        self.span = [0, 0, 0]
        self.types = {}
        self.tone = []
        self.stance = []
        self.actor_docs = 0
        self.actors = []
        self.b3 = [0.0, 0.0, 0]
        self.relation_docs = 0
        self.relations = []
        self.polar = [0, 0, 0]

    def add(self, a, b):
        sa = {(s["start"], s["end"]): s for s in a["sentences"]}
        sb = {(s["start"], s["end"]): s for s in b["sentences"]}
        common = set(sa) & set(sb)
        self.sent[0] += len(sa); self.sent[1] += len(sb); self.sent[2] += len(common)
        for k in sorted(common):
            la, lb = tone(sa[k]), tone(sb[k])
            if la is not None and lb is not None:
                self.tone.append((la, lb))
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
        cs = sorted(set(pa) & set(pb))
        self.span[0] += len(pa); self.span[1] += len(pb); self.span[2] += len(cs)
        for k in cs:
            la, lb = label(pa[k], "stance"), label(pb[k], "stance")
            if la is not None and lb is not None:
                self.stance.append((la, lb))
        if annotates(a, "actors") and annotates(b, "actors"):
            self.actor_docs += 1
            ids_a = [actor_id(pa[k]) for k in cs]
            ids_b = [actor_id(pb[k]) for k in cs]
            self.actors += [(x or "none", y or "none") for x, y in zip(ids_a, ids_b)]
            p, r, n = bcubed(ids_a, ids_b)
            self.b3[0] += p; self.b3[1] += r; self.b3[2] += n
        if annotates(a, "relations") and annotates(b, "relations"):
            self.relation_docs += 1
            ra, rb = relation_map(a), relation_map(b)
            by_sent = defaultdict(set)
            for k in cs:
                by_sent[("a", pa[k]["sentence"])].add(k)
                by_sent[("b", pb[k]["sentence"])].add(k)
            pairs = set()
            for group in by_sent.values():
                pairs |= {(x, y) for x in group for y in group if x != y}
            for pair in sorted(pairs):
                x, y = ra.get(pair, "none"), rb.get(pair, "none")
                self.relations.append((x, y))
                self.polar[0] += x != "none"
                self.polar[1] += y != "none"
                self.polar[2] += x != "none" and x == y

    def report(self):
        out = {
            "sentence_boundary": prf(*self.sent),
            "entity_exact": prf(*self.ent),
            "entity_exact_by_type": {t: prf(*v) for t, v in sorted(self.types.items())},
            "entity_span_only": prf(*self.span),
            "tone": kappa(self.tone),
            "stance": kappa(self.stance),
            "actors": None,
            "relations": None,
        }
        if self.actor_docs:
            acc = kappa(self.actors, labels=())
            p, r, n = self.b3
            bp, br = (p / n, r / n) if n else (1.0, 1.0)
            bf = 2 * bp * br / (bp + br) if bp + br else 0.0
            out["actors"] = {
                "documents": self.actor_docs,
                "n": acc["n"],
                "accuracy": acc["accuracy"],
                "with_id_a": sum(1 for x, _ in self.actors if x != "none"),
                "with_id_b": sum(1 for _, y in self.actors if y != "none"),
                "bcubed": {"precision": bp, "recall": br, "f1": bf},
            }
        if self.relation_docs:
            k = kappa(self.relations, labels=REL_LABELS)
            k["documents"] = self.relation_docs
            k["counts_a"] = {x: sum(1 for a, _ in self.relations if a == x) for x in REL_LABELS}
            k["counts_b"] = {x: sum(1 for _, b in self.relations if b == x) for x in REL_LABELS}
            k["polar"] = prf(*self.polar)
            out["relations"] = k
        return out


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
    for key, title in (("tone", "tone"), ("stance", "stance")):
        k = r[key]
        print(f"{title:<20} accuracy {fmt(k['accuracy'])}  kappa {fmt(k['kappa'])}  (n={k['n']})")
    a = r["actors"]
    if a is None:
        print("actors               not annotated in both")
    else:
        b3 = a["bcubed"]
        print(f"actor (mention)      accuracy {fmt(a['accuracy'])}  (n={a['n']}, "
              f"with an id: a={a['with_id_a']} b={a['with_id_b']})")
        print(f"actor B-cubed        F1 {fmt(b3['f1'])}  P={fmt(b3['precision'])} "
              f"R={fmt(b3['recall'])}  (n={a['n']})")
    rel = r["relations"]
    if rel is None:
        print("relations            not annotated in both")
    else:
        print(f"relations            accuracy {fmt(rel['accuracy'])}  kappa {fmt(rel['kappa'])}"
              f"  (pairs={rel['n']})")
        print("  counts a: " + " ".join(f"{x}={rel['counts_a'][x]}" for x in REL_LABELS)
              + "; b: " + " ".join(f"{x}={rel['counts_b'][x]}" for x in REL_LABELS))
        pol = rel["polar"]
        print(f"relations polar F1   {fmt(pol['f1'])}  P={fmt(pol['precision'])} "
              f"R={fmt(pol['recall'])}  (a={pol['a']} b={pol['b']} matched={pol['matched']})")


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
