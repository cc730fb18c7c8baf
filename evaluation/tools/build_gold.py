#!/usr/bin/env python3
"""Build a gold JSONL record from a hand-annotation file.

Usage: build_gold.py <doc.txt> <annotations.txt> <out.jsonl> --id <id>

The annotation file has one sentence unit per line, in document order:
    <neg|neu|pos>\t<unit text with [[mention|TYPE|stance]] markup>
(see evaluation/GUIDELINES.md). Each unit is aligned with the original text
sequentially, whitespace-insensitively: its non-whitespace characters must be
the next non-whitespace characters of the document, and it must have
whitespace exactly where the document has whitespace. Every non-whitespace
character of the document must be covered by exactly one unit.

Offsets are Python str indices (Unicode scalar values), end exclusive.
Writes one JSONL line in the schema of `stancetag tag` output.
Standard library only.
"""
import argparse
import json
import re
import sys

TYPES = ("PER", "ORG", "LOC", "MISC")
POL = {"neg": "negative", "neu": "neutral", "pos": "positive"}
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\|([a-z]+)\]\]")


class AnnotationError(Exception):
    pass


def parse_line(line, lineno):
    """Return (sentiment, plain text, [(start, end, label, stance)]) of one line.

    Entity offsets are indices into the plain (markup-free) unit text.
    """
    if "\t" not in line:
        raise AnnotationError(f"line {lineno}: no TAB after the sentiment label")
    sent, body = line.split("\t", 1)
    if sent not in POL:
        raise AnnotationError(f"line {lineno}: sentiment {sent!r} is not neg/neu/pos")
    plain = []
    ents = []
    pos = 0
    length = 0
    for m in MARK.finditer(body):
        before = body[pos:m.start()]
        plain.append(before)
        length += len(before)
        mention, label, stance = m.group(1), m.group(2), m.group(3)
        if label not in TYPES:
            raise AnnotationError(f"line {lineno}: entity type {label!r} in {m.group(0)!r}")
        if stance not in POL:
            raise AnnotationError(f"line {lineno}: stance {stance!r} in {m.group(0)!r}")
        if mention != mention.strip() or not mention.strip():
            raise AnnotationError(f"line {lineno}: mention {mention!r} has outer whitespace")
        if "[[" in mention or "|" in mention:
            raise AnnotationError(f"line {lineno}: malformed markup near {m.group(0)!r}")
        ents.append((length, length + len(mention), label, stance))
        plain.append(mention)
        length += len(mention)
        pos = m.end()
    plain.append(body[pos:])
    text = "".join(plain)
    if "[[" in text or "]]" in text:
        i = text.find("[[") if "[[" in text else text.find("]]")
        raise AnnotationError(f"line {lineno}: unparsed markup near {text[max(0, i-30):i+40]!r}")
    if not text.strip():
        raise AnnotationError(f"line {lineno}: empty unit")
    return sent, text, ents


def build(doc_text, ann_lines, doc_id):
    n = len(doc_text)
    p = 0  # current position in the document
    sentences = []
    entities = []
    for lineno, raw in ann_lines:
        sent, unit, ents = parse_line(raw, lineno)
        # map each unit char index -> document index (None for whitespace)
        mapping = [None] * len(unit)
        prev_doc = None  # doc index of previous non-ws char of this unit
        ws_in_unit = False
        for i, ch in enumerate(unit):
            if ch.isspace():
                ws_in_unit = prev_doc is not None
                continue
            while p < n and doc_text[p].isspace():
                p += 1
            if p >= n:
                raise AnnotationError(
                    f"line {lineno}: document ended while matching {unit[i:i+40]!r}")
            if doc_text[p] != ch:
                raise AnnotationError(
                    f"line {lineno}: mismatch at unit char {i}: annotation has "
                    f"{unit[max(0, i-25):i]!r} + {unit[i:i+25]!r}, document has "
                    f"{doc_text[max(0, p-25):p]!r} + {doc_text[p:p+25]!r}")
            if prev_doc is not None:
                doc_ws = p > prev_doc + 1
                if doc_ws != ws_in_unit:
                    what = "whitespace missing" if doc_ws else "extra whitespace"
                    raise AnnotationError(
                        f"line {lineno}: {what} before unit char {i}: "
                        f"{unit[max(0, i-25):i+15]!r} vs document "
                        f"{doc_text[max(0, p-25):p+15]!r}")
            mapping[i] = p
            prev_doc = p
            ws_in_unit = False
            p += 1
        idx = [d for d in mapping if d is not None]
        s_start, s_end = idx[0], idx[-1] + 1
        si = len(sentences)
        sentences.append({
            "start": s_start,
            "end": s_end,
            "text": doc_text[s_start:s_end],
            "sentiment": {"label": POL[sent]},
        })
        for (a, b, label, stance) in ents:
            inner = [mapping[k] for k in range(a, b) if mapping[k] is not None]
            e_start, e_end = inner[0], inner[-1] + 1
            entities.append({
                "start": e_start,
                "end": e_end,
                "text": doc_text[e_start:e_end],
                "label": label,
                "sentence": si,
                "stance": {"label": POL[stance]},
            })
    rest = doc_text[p:]
    if rest.strip():
        k = p + (len(rest) - len(rest.lstrip()))
        last = ann_lines[-1][0] if ann_lines else 0
        raise AnnotationError(
            f"after line {last}: document text not covered by any unit, from char {k}: "
            f"{doc_text[k:k+60]!r}")
    for a, b in zip(entities, entities[1:]):
        if b["start"] < a["end"]:
            raise AnnotationError(f"overlapping entities {a['text']!r} and {b['text']!r}")
    return {"id": doc_id, "sentences": sentences, "entities": entities, "text": doc_text}


def read_annotations(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            raw = raw.rstrip("\n").rstrip("\r")
            if not raw.strip():
                raise AnnotationError(f"line {lineno}: blank line (not allowed)")
            lines.append((lineno, raw))
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("doc")
    ap.add_argument("annotations")
    ap.add_argument("out")
    ap.add_argument("--id", required=True, help="document id, e.g. the corpus file name")
    args = ap.parse_args(argv)
    with open(args.doc, encoding="utf-8", newline="") as f:
        doc_text = f.read()
    try:
        record = build(doc_text, read_annotations(args.annotations), args.id)
    except AnnotationError as e:
        print(f"{args.annotations}: {e}", file=sys.stderr)
        return 1
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(record['sentences'])} sentences, "
          f"{len(record['entities'])} entities", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
