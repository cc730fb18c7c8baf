#!/usr/bin/env python3
"""Check the UNGDC sample written by sample.py.

    python3 evaluation/ungdc/verify.py [--ungdc DIR] [--out DIR] [--stancetag BIN]

Checks, and exits 1 if any fails:
  * set sizes, id sequence, field names and order, field values against the
    file name (country, session, year) and regions.tsv;
  * every record's offsets: open(source, encoding="utf-8-sig", newline="")
    .read()[start:end] == text;
  * train/test disjointness: no shared speech file, no shared (country,
    session), no shared (country, year), and no sentence text (whitespace
    collapsed, case folded) in both sets or twice in one set;
  * batches: sizes, line k of a batch is "neu\\t" + the record's text with
    every whitespace run as one space, and <batch>.records.jsonl holds exactly
    the records of that batch, in order, as in records/<set>.jsonl;
  * names: the stored proxy count equals count_names() of sample.py;
  * with --stancetag (default: ../bin/stancetag-wave1 from the repository
    root, skipped with --no-splitter): every record is a unit of `stancetag
    split` on its source (or that unit less a leading or trailing paragraph
    number) and
    passes sample.py's filters.
Prints the decade x region table of each set.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import sample as S  # noqa: E402

FIELDS = ["id", "text", "source", "start", "end", "country", "year", "session", "region", "names"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ungdc", default=os.path.join(REPO, "..", "shared", "data", "ungdc"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--regions", default=os.path.join(HERE, "regions.tsv"))
    ap.add_argument("--stancetag", default=os.path.join(REPO, "..", "bin", "stancetag-wave1"))
    ap.add_argument("--no-splitter", action="store_true", help="skip the checks that run stancetag")
    a = ap.parse_args()
    txt = os.path.join(a.ungdc, "TXT")
    errors = []

    def err(msg):
        if len(errors) < 50:
            print("FAIL:", msg)
        errors.append(msg)

    regions = {}
    for line in open(a.regions, encoding="utf-8"):
        if line.startswith("#") or line.startswith("iso3\t") or not line.strip():
            continue
        iso, region = line.rstrip("\n").split("\t")[:2]
        regions[iso] = region

    sets = {}
    raw_lines = {}
    for name, size in (("train", S.TRAIN_SIZE), ("test", S.TEST_SIZE)):
        path = os.path.join(a.out, "records", f"{name}.jsonl")
        with open(path, encoding="utf-8", newline="") as f:
            raw_lines[name] = f.read().split("\n")[:-1]
        recs = [json.loads(l) for l in raw_lines[name]]
        sets[name] = recs
        if len(recs) != size:
            err(f"{name}: {len(recs)} records, expected {size}")
        texts = {}
        for k, r in enumerate(recs, 1):
            if list(r) != FIELDS:
                err(f"{name} record {k}: fields {list(r)}")
                continue
            if r["id"] != f"ungdc-{name}-{k:04d}":
                err(f"{name} record {k}: id {r['id']}")
            m = re.match(r"^Session (\d+) - (\d{4})/([A-Z]{2,3})_(\d+)_(\d{4})\.txt$", r["source"])
            if not m or (int(m.group(1)), int(m.group(2)), m.group(3)) != (r["session"], r["year"], r["country"]):
                err(f"{r['id']}: source {r['source']} vs country/session/year")
            if regions.get(r["country"]) != r["region"]:
                err(f"{r['id']}: region {r['region']} vs regions.tsv {regions.get(r['country'])}")
            if r["source"] not in texts:
                texts[r["source"]] = S.read_text(os.path.join(txt, r["source"]))
            if texts[r["source"]][r["start"]:r["end"]] != r["text"]:
                err(f"{r['id']}: offsets {r['start']}-{r['end']} do not give the text in {r['source']}")
            if S.count_names(r["text"]) != r["names"]:
                err(f"{r['id']}: names {r['names']} vs count_names {S.count_names(r['text'])}")
            if r["session"] in S.EXCLUDED_SESSIONS:
                err(f"{r['id']}: from excluded session {r['session']}")
        print(f"{name}: {len(recs)} records, {len({r['source'] for r in recs})} speeches; offsets checked")

    tr, te = sets["train"], sets["test"]
    for label, key in (("speech file", lambda r: r["source"]),
                       ("(country, session)", lambda r: (r["country"], r["session"])),
                       ("(country, year)", lambda r: (r["country"], r["year"]))):
        shared = {key(r) for r in tr} & {key(r) for r in te}
        if shared:
            err(f"{len(shared)} {label} in both sets, e.g. {sorted(shared)[:3]}")
        else:
            print(f"disjoint by {label}: train {len({key(r) for r in tr})}, test {len({key(r) for r in te})}, shared 0")
    norm = Counter(" ".join(r["text"].split()).casefold() for r in tr + te)
    dups = [t for t, n in norm.items() if n > 1]
    if dups:
        err(f"{len(dups)} sentence texts drawn twice, e.g. {dups[:2]}")
    else:
        print("no sentence text drawn twice (whitespace collapsed, case folded)")

    # batches
    bdir = os.path.join(a.out, "batches")
    plan = [("train", f"train-{b + 1:02d}", b * 200, 200) for b in range(S.TRAIN_BATCHES)]
    plan += [("test", f"test-{x}", j * 165, 165) for j, x in enumerate(S.TEST_BATCHES)]
    expected_files = set()
    for setname, bname, off, n in plan:
        expected_files |= {bname + ".txt", bname + ".records.jsonl"}
        with open(os.path.join(bdir, bname + ".txt"), encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        if lines[-1] != "":
            err(f"{bname}.txt: no final newline")
        lines = lines[:-1]
        recs = sets[setname][off:off + n]
        if len(lines) != n:
            err(f"{bname}.txt: {len(lines)} lines, expected {n}")
        for k, (line, r) in enumerate(zip(lines, recs), 1):
            want = "neu\t" + " ".join(r["text"].split())
            if line != want:
                err(f"{bname}.txt line {k}: does not match {r['id']}")
            if "\t" in line[4:] or "\r" in line:
                err(f"{bname}.txt line {k}: tab or CR inside the text")
        with open(os.path.join(bdir, bname + ".records.jsonl"), encoding="utf-8", newline="") as f:
            blines = f.read().split("\n")[:-1]
        if blines != raw_lines[setname][off:off + n]:
            err(f"{bname}.records.jsonl: not records {off + 1}-{off + n} of {setname}.jsonl")
    extra = set(os.listdir(bdir)) - expected_files
    if extra:
        err(f"unexpected files in batches/: {sorted(extra)}")
    print(f"{len(plan)} batches aligned with their records")

    # splitter units and filters
    if not a.no_splitter:
        stancetag = os.path.abspath(a.stancetag)
        srcs = sorted({r["source"] for r in tr + te})
        units = {}
        for rel, doc in S.run_splitter(stancetag, txt, srcs):
            units[rel] = doc
        n_ok = 0
        for r in tr + te:
            doc = units[r["source"]]
            cls = S.classify(doc["text"], doc["sentences"])
            hit = [(c, u) for c, u in zip(cls, doc["sentences"]) if c[1] == r["start"] and c[2] == r["end"]]
            if not hit:
                err(f"{r['id']}: not a splitter unit of {r['source']}")
                continue
            (reason, start, end, trimmed, _), u = hit[0]
            if reason is not None:
                err(f"{r['id']}: fails filter {reason!r}")
            if trimmed != (u["start"] != r["start"] or u["end"] != r["end"]):
                err(f"{r['id']}: trim mismatch")
            n_ok += 1
        print(f"{n_ok} records are splitter units (paragraph number trimmed where present) passing the filters")

    for name in ("train", "test"):
        print()
        print(S.table(Counter((S.decade_of(r["year"]), r["region"]) for r in sets[name]), f"{name} ({len(sets[name])})"))
        nb = Counter(S.names_bucket(r["names"]) for r in sets[name])
        print(f"names 0/1/2+: {nb[0]}/{nb[1]}/{nb[2]}")
    print()
    if errors:
        print(f"{len(errors)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
