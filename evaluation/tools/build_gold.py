#!/usr/bin/env python3
"""Build gold JSONL records from a hand-annotation file.

Usage:
    build_gold.py <doc.txt> <annotations.txt> <out.jsonl> --id <id>
    build_gold.py --sentences <records.jsonl> <annotations.txt> <out.jsonl>

The annotation file has one sentence unit per line, in document order
(evaluation/GUIDELINES.md §0):
    <tone>\t<unit text with markup>[\t<relations>]
* <tone> is neg, neu or pos;
* a mention is [[mention|TYPE|stance]] (v1) or [[mention|TYPE|stance|ACTOR]] (v2),
  ACTOR an actor id (JPN; per/ org/ loc/ grp/ + slug), `-` (no actor) or `?`
  (an actor the document does not determine); a file gives every mention an
  ACTOR or none;
* <relations> (v2, optional) is `-`, empty, or space-separated `S>T:pos` /
  `S>T:neg` with S, T the 1-based indices of the line's mentions; once one line
  of a file has the field, every line with two or more mentions must have it.

Document mode: each unit is aligned with the original text sequentially,
whitespace-insensitively: its non-whitespace characters must be the next
non-whitespace characters of the document, and it must have whitespace exactly
where the document has whitespace. Every non-whitespace character of the
document must be covered by exactly one unit. Writes one JSONL line.

Sentence mode (--sentences): records.jsonl holds one JSON object per line with
at least "id" and "text" (strings); annotation line i is the one unit of record
i (non-blank record lines, in order) and must cover its text. Writes one gold
record per record, the record's other fields kept after "text".

Offsets are Python str indices (Unicode scalar values), end exclusive.
Output is in the schema of `stancetag tag` output (gold/README.md): sentences
carry "tone" (v1 gold used "sentiment"), and, when annotated, "relations" with
document-level entity indices; entities carry "actor": {"id"} for an actor id;
a record with the actor or relation layer lists its layers in "annotated".
Standard library only.
"""
import argparse
import json
import re
import sys
from collections import namedtuple

TYPES = ("PER", "ORG", "LOC", "MISC")
POL = {"neg": "negative", "neu": "neutral", "pos": "positive"}
REL = {"neg": "negative", "pos": "positive"}
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\|([a-z]+)(?:\|([^|\]]*))?\]\]")
ISO_ID = re.compile(r"[A-Z]{3}")
SLUG_ID = re.compile(r"(per|org|loc|grp)/[a-z0-9]+(?:-[a-z0-9]+)*")
REL_TOKEN = re.compile(r"(\d+)>(\d+):([a-z]+)")
NO_ACTOR = ("-", "?")
BASE_LAYERS = ["sentences", "entities", "tone", "stance"]
RESERVED = ("annotated", "sentences", "entities")

# One mention: offsets into the plain unit text; actor is None (v1 markup),
# "-", "?" or an actor id.
Mention = namedtuple("Mention", "start end text label stance actor")
# One line: tone label, plain text, mentions, relations (None when the line has
# no relations field, else [(source, target, label)] with 0-based indices into
# the line's mentions).
Unit = namedtuple("Unit", "tone text mentions relations")


class AnnotationError(Exception):
    pass


class RecordError(Exception):
    """An error in the records file of --sentences (the message names the file)."""


def valid_actor(actor):
    return actor in NO_ACTOR or bool(ISO_ID.fullmatch(actor) or SLUG_ID.fullmatch(actor))


def parse_relations(field, mentions, lineno):
    """Parse the relations field of one line into sorted (source, target, label)."""
    field = field.strip()
    if field in ("", "-"):
        return []
    n = len(mentions)
    seen = set()
    rels = []
    for tok in field.split():
        m = REL_TOKEN.fullmatch(tok)
        if not m or m.group(3) not in REL:
            raise AnnotationError(
                f"line {lineno}: relation {tok!r} is not S>T:pos or S>T:neg "
                f"(S, T = 1-based mention indices; unlisted pairs are none)")
        s, t = int(m.group(1)), int(m.group(2))
        for k in (s, t):
            if not 1 <= k <= n:
                raise AnnotationError(
                    f"line {lineno}: relation {tok!r}: no mention {k} (the line has {n})")
        if s == t:
            raise AnnotationError(f"line {lineno}: relation {tok!r} relates a mention to itself")
        if (s, t) in seen:
            raise AnnotationError(f"line {lineno}: relation {s}>{t} is listed twice")
        seen.add((s, t))
        ms, mt = mentions[s - 1], mentions[t - 1]
        for k, x in ((s, ms), (t, mt)):
            if x.actor == "-":
                raise AnnotationError(
                    f"line {lineno}: relation {tok!r}: mention {k} {x.text!r} names no actor (-)")
        if ms.actor not in (None,) + NO_ACTOR and ms.actor == mt.actor:
            raise AnnotationError(
                f"line {lineno}: relation {tok!r}: mentions {s} and {t} are the same actor "
                f"{ms.actor!r} (mentions of one actor never relate)")
        rels.append((s - 1, t - 1, m.group(3)))
    return sorted(rels)


def parse_line(line, lineno):
    """Parse one annotation line (v1 or v2) into a Unit.

    Mention offsets are indices into the plain (markup-free) unit text.
    """
    if "\t" not in line:
        raise AnnotationError(f"line {lineno}: no TAB after the tone label")
    fields = line.split("\t")
    if len(fields) > 3:
        raise AnnotationError(
            f"line {lineno}: {len(fields)} TAB-separated fields, at most 3 "
            f"(tone, unit, relations); write whitespace inside the unit as a space")
    tone, body = fields[0], fields[1]
    if tone not in POL:
        raise AnnotationError(f"line {lineno}: tone {tone!r} is not neg/neu/pos")
    plain = []
    ments = []
    pos = 0
    length = 0
    for m in MARK.finditer(body):
        before = body[pos:m.start()]
        plain.append(before)
        length += len(before)
        mention, label, stance, actor = m.group(1), m.group(2), m.group(3), m.group(4)
        if "[[" in mention or "|" in mention:
            raise AnnotationError(f"line {lineno}: malformed markup near {m.group(0)!r}")
        if label not in TYPES:
            raise AnnotationError(f"line {lineno}: entity type {label!r} in {m.group(0)!r}")
        if stance not in POL:
            raise AnnotationError(f"line {lineno}: stance {stance!r} in {m.group(0)!r}")
        if mention != mention.strip() or not mention.strip():
            raise AnnotationError(f"line {lineno}: mention {mention!r} has outer whitespace")
        if actor is not None and not valid_actor(actor):
            raise AnnotationError(
                f"line {lineno}: actor {actor!r} in {m.group(0)!r} is not an actor id "
                f"(ISO alpha-3 such as JPN, or per/ org/ loc/ grp/ + lower-case slug), - or ?")
        ments.append(Mention(length, length + len(mention), mention, label, stance, actor))
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
    rels = parse_relations(fields[2], ments, lineno) if len(fields) == 3 else None
    return Unit(tone, text, ments, rels)


def parse_file(ann_lines):
    """Parse all lines; check that the actor and relation layers are complete.

    Returns ([(lineno, Unit)], layers) with layers the list of annotated layers.
    """
    units = [(lineno, parse_line(raw, lineno)) for lineno, raw in ann_lines]
    with_actor = [(n, m) for n, u in units for m in u.mentions if m.actor is not None]
    without = [(n, m) for n, u in units for m in u.mentions if m.actor is None]
    if with_actor and without:
        n, m = without[0]
        raise AnnotationError(
            f"line {n}: mention {m.text!r} has no actor field, but line {with_actor[0][0]} "
            f"gives one (annotate the actor of every mention of the file, or of none)")
    with_rel = [n for n, u in units if u.relations is not None]
    if with_rel:
        for n, u in units:
            if u.relations is None and len(u.mentions) >= 2:
                raise AnnotationError(
                    f"line {n}: no relations field, but line {with_rel[0]} has one "
                    f"(write - when a line with two or more mentions has no polar relation)")
    layers = list(BASE_LAYERS)
    if with_actor:
        layers.append("actors")
    if with_rel:
        layers.append("relations")
    return units, layers


def align(doc_text, units, doc_id, layers):
    """Align parsed units with doc_text; return the gold record."""
    n = len(doc_text)
    p = 0  # current position in the document
    sentences = []
    entities = []
    for lineno, u in units:
        unit = u.text
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
        sentence = {
            "start": s_start,
            "end": s_end,
            "text": doc_text[s_start:s_end],
            "tone": {"label": POL[u.tone]},
        }
        base = len(entities)
        if "relations" in layers:
            sentence["relations"] = [
                {"source": base + s, "target": base + t, "label": REL[lab]}
                for s, t, lab in (u.relations or [])]
        sentences.append(sentence)
        for m in u.mentions:
            inner = [mapping[k] for k in range(m.start, m.end) if mapping[k] is not None]
            e_start, e_end = inner[0], inner[-1] + 1
            entity = {
                "start": e_start,
                "end": e_end,
                "text": doc_text[e_start:e_end],
                "label": m.label,
                "sentence": si,
                "stance": {"label": POL[m.stance]},
            }
            if m.actor is not None and m.actor not in NO_ACTOR:
                entity["actor"] = {"id": m.actor}
            entities.append(entity)
    rest = doc_text[p:]
    if rest.strip():
        k = p + (len(rest) - len(rest.lstrip()))
        last = units[-1][0] if units else 0
        raise AnnotationError(
            f"after line {last}: document text not covered by any unit, from char {k}: "
            f"{doc_text[k:k+60]!r}")
    for a, b in zip(entities, entities[1:]):
        if b["start"] < a["end"]:
            raise AnnotationError(f"overlapping entities {a['text']!r} and {b['text']!r}")
    record = {"id": doc_id}
    if layers != BASE_LAYERS:
        record["annotated"] = list(layers)
    record.update({"sentences": sentences, "entities": entities, "text": doc_text})
    return record


def build(doc_text, ann_lines, doc_id):
    """One gold record for one document from its annotation lines [(lineno, raw)]."""
    units, layers = parse_file(ann_lines)
    return align(doc_text, units, doc_id, layers)


def build_sentences(records, ann_lines, records_path="records"):
    """One gold record per record [(record_lineno, dict)], line i <-> record i."""
    if len(ann_lines) != len(records):
        raise AnnotationError(
            f"{len(ann_lines)} annotation lines but {len(records)} records in {records_path} "
            f"(one line per record, in order)")
    units, layers = parse_file(ann_lines)
    out = []
    for (lineno, u), (recno, rec) in zip(units, records):
        try:
            gold = align(rec["text"], [(lineno, u)], rec["id"], layers)
        except AnnotationError as e:
            raise AnnotationError(f"{e} [record {rec['id']!r}, {records_path}:{recno}]") from None
        for k, v in rec.items():
            if k not in ("id", "text"):
                gold[k] = v
        out.append(gold)
    return out


def read_records(path):
    """Records of --sentences: [(lineno, dict)] of the non-blank lines."""
    recs = []
    ids = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise RecordError(f"{path}:{n}: not a JSON object ({e.msg})") from None
            if not isinstance(rec, dict):
                raise RecordError(f"{path}:{n}: not a JSON object")
            for key in ("id", "text"):
                if not isinstance(rec.get(key), str):
                    raise RecordError(f"{path}:{n}: no string field {key!r}")
            if not rec["text"].strip():
                raise RecordError(f"{path}:{n}: empty text")
            for key in RESERVED:
                if key in rec:
                    raise RecordError(f"{path}:{n}: field {key!r} is written by the gold record")
            if rec["id"] in ids:
                raise RecordError(f"{path}:{n}: duplicate id {rec['id']!r} (first on line {ids[rec['id']]})")
            ids[rec["id"]] = n
            recs.append((n, rec))
    return recs


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
    ap.add_argument("files", nargs="+", metavar="FILE",
                    help="<doc.txt> <annotations.txt> <out.jsonl>, or with --sentences "
                         "<annotations.txt> <out.jsonl>")
    ap.add_argument("--id", help="document id, e.g. the corpus file name (document mode)")
    ap.add_argument("--sentences", metavar="RECORDS",
                    help="sentence-per-record mode: JSONL records with id and text")
    args = ap.parse_args(argv)
    if args.sentences:
        if len(args.files) != 2 or args.id:
            ap.error("with --sentences give <annotations.txt> <out.jsonl> and no --id")
        ann_path, out_path = args.files
    else:
        if len(args.files) != 3 or not args.id:
            ap.error("give <doc.txt> <annotations.txt> <out.jsonl> --id <id>")
        doc_path, ann_path, out_path = args.files
    try:
        ann = read_annotations(ann_path)
        if args.sentences:
            records = build_sentences(read_records(args.sentences), ann, args.sentences)
        else:
            with open(doc_path, encoding="utf-8", newline="") as f:
                doc_text = f.read()
            records = [build(doc_text, ann, args.id)]
    except RecordError as e:
        print(str(e), file=sys.stderr)
        return 1
    except AnnotationError as e:
        print(f"{ann_path}: {e}", file=sys.stderr)
        return 1
    with open(out_path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    ns = sum(len(r["sentences"]) for r in records)
    ne = sum(len(r["entities"]) for r in records)
    what = f"{ns} sentences, {ne} entities"
    if args.sentences:
        what = f"{len(records)} records, " + what
    layers = records[0].get("annotated", BASE_LAYERS) if records else BASE_LAYERS
    if "actors" in layers:
        na = sum(1 for r in records for e in r["entities"] if "actor" in e)
        what += f", {na} with an actor id"
    if "relations" in layers:
        nr = sum(len(s["relations"]) for r in records for s in r["sentences"])
        what += f", {nr} relations"
    print(f"{out_path}: {what}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
