#!/usr/bin/env python3
"""Seeded, stratified sentence sampler for the UNGDC in-domain annotation set.

Reads the UN General Debate Corpus (TXT/Session NN - YYYY/ISO_NN_YYYY.txt),
splits every speech with stancetag's own splitter (`stancetag split --format
jsonl`), filters the units, and draws a TRAIN set (1,600 sentences) and a TEST
set (330 sentences) from disjoint speeches, stratified by decade x UN regional
group and, inside each stratum, by a cheap count of names (0 / 1 / 2+).

Run from the repository root:

    python3 evaluation/ungdc/sample.py --ungdc ../shared/data/ungdc \
        --stancetag ../bin/stancetag-wave1 --out evaluation/ungdc

(the defaults are those paths, taken relative to the repository that holds
this script). Python 3 standard library only; the only other input is
regions.tsv next to this script. Same inputs + same seed -> byte-identical
output. See README.md next to this script for the procedure in prose.

Offsets: `start`/`end` are character offsets (Unicode code points, end
exclusive) into the file decoded as UTF-8 with a leading byte-order mark
removed and line endings untouched, i.e.
    open(path, encoding="utf-8-sig", newline="").read()[start:end] == text
which is the text `stancetag split` itself reports offsets into.
"""

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

DEFAULT_SEED = 1946
TRAIN_SIZE = 1600
TEST_SIZE = 330
TRAIN_BATCHES = 8            # train-01 .. train-08, 200 lines each
TEST_BATCHES = ("a", "b")    # test-a, test-b, 165 lines each
TEST_SPEECH_SHARE = 0.20     # share of each stratum's speeches held out for test
NAME_MIX = ((0, 0.20), (1, 0.40), (2, 0.40))   # names bucket -> share inside a stratum
MIN_WORDS, MAX_WORDS = 6, 80
# Sessions left out of the sampling frame, with the reason (see README.md).
EXCLUDED_SESSIONS = {
    78: "2023: in 175 of 192 files many commas were extracted as full stops "
        "(\"against Da’esh. inflicted the greatest losses\"), so units are clause fragments",
}
SPLIT_CHUNK = 400            # files per `stancetag split` call

REGION_ABBR = {
    "African": "AFR",
    "Asia-Pacific": "APG",
    "Eastern European": "EEG",
    "Latin American and Caribbean": "GRULAC",
    "Western European and Others": "WEOG",
    "other": "other",
}
REGIONS = list(REGION_ABBR)
DECADES = ["1946-49"] + [f"{d}s" for d in range(1950, 2030, 10)]

FILE_RE = re.compile(r"^([A-Z]{2,3})_(\d+)_(\d{4})\.txt$")
DIR_RE = re.compile(r"^Session (\d+) - (\d{4})$")


def decade_of(year):
    return "1946-49" if year < 1950 else f"{year // 10 * 10}s"


def hkey(seed, *parts):
    """Deterministic pseudo-random sort key: SHA-256 of the seed and the parts.

    Used instead of the `random` module so that the order of any item depends
    only on the seed and the item's own identity (not on Python's version or on
    how many other items were drawn before it)."""
    s = "\x1f".join([str(seed)] + [str(p) for p in parts])
    return hashlib.sha256(s.encode("utf-8")).digest()


# --------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------

# A line of a unit that is page furniture (after stripping spaces).
FURNITURE_LINE = [
    ("verbatim-record symbol", re.compile(r"^[\\|/\s]*A/(?:\d+/)?PV\.\s?\d+\b[\s\d(),.E-]{0,12}$")),
    ("job number / page number", re.compile(r"^(?:\d{1,3}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{1,3})?$")),
    ("page number", re.compile(r"^\d{1,4}$")),
    ("Markdown rule/heading/bullet", re.compile(r"^(?:-{3,}|#{1,6}\s.*|[•▪●◦■□]\s*.*)$")),
]
# Editorial notes anywhere in a unit.
EDITORIAL = re.compile(r"\((?:spoke|speaking|interpretation|continued|translated|original)\b[^)]*\)"
                       r"|\b(?:returned to|took|resumed|assumed) the Chair\b", re.I)

MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€|Â[\u0080-\u00bf]")


ARTEFACT_RE = re.compile("[*¬\ufffd\u2500-\u25ff\x00-\x08\x0e-\x1f\x7f-\x9f]")
NON_LATIN1 = re.compile("[^\x00-\u024f]")


def artefact(t):
    """Markup or PDF/OCR extraction artefact characters in the unit: '*'
    (Markdown emphasis, OCR noise), '¬' (soft hyphen as extracted), U+FFFD,
    box-drawing and geometric shapes, control characters other than
    whitespace, private-use or unassigned code points, mojibake ("Ã©", "â€"),
    and letters outside the Latin script (OCR confusions such as Cyrillic
    а/е/р inside English words, foreign-script quotations)."""
    if ARTEFACT_RE.search(t) or MOJIBAKE.search(t):
        return True
    for ch in NON_LATIN1.findall(t):
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cs", "Cn"):
            return True
        if cat[0] == "L" and not (0x1E00 <= ord(ch) <= 0x1EFF):
            return True
    return False


def furniture(t):
    if EDITORIAL.search(t):
        return True
    for line in t.splitlines():
        s = line.strip()
        if s and any(r.match(s) for _, r in FURNITURE_LINE):
            return True
    return False


def furniture_only(t):
    lines = [l.strip() for l in t.splitlines() if l.strip()]
    return bool(lines) and all(any(r.match(s) for _, r in FURNITURE_LINE) for s in lines)


# Leading paragraph number of the UN verbatim records ("75.\tIn conclusion,"),
# which the splitter leaves attached to the first sentence of a paragraph.
PARA_NUM = re.compile(r"^\d{1,3}\.[ \t\u2003\u00a0]+(?=[\"“‘'(\[«A-Z])")
# ... and the next paragraph's number, when the splitter glued it to the end
# of the last sentence of the previous paragraph ("...Central America. 332.").
PARA_NUM_END = re.compile(r"(?<=[.!?…\"”’)\]])[ \t\u2003\u00a0\r\n]+\d{1,3}\.$")

OPEN_PUNCT = "\"“‘'«([¿¡ \t"
CLOSE_PUNCT = "\"”’'»)]"
FINAL_PUNCT = ".!?…"
TRAILING_ABBREV = re.compile(
    r"(?:^|[\s(])(?:Mr|Mrs|Ms|Messrs|Dr|St|No|Nos|Art|para|paras|p|pp|vol|Prof|Rev|Hon|Gen|Lt|Col|Sen|Amb|[A-Z])\.$")


LEADING_PAREN = re.compile(r"^\([^()]*\)\s+[A-Z]")   # "(A/42/PV.1, p. 2) That wind of change"
LEADING_FOOTNOTE = re.compile(r"^\d+[A-Z][a-z]")          # "1We hope that": an OCR'd footnote mark


def starts_badly(t):
    if LEADING_PAREN.match(t) or LEADING_FOOTNOTE.match(t):
        return True
    i = 0
    while i < len(t) and t[i] in OPEN_PUNCT:
        i += 1
    if i == len(t):
        return True
    c = t[i]
    return not (c.isupper() or c.isdigit())


def starts_lower(t):
    i = 0
    while i < len(t) and t[i] in OPEN_PUNCT:
        i += 1
    return i < len(t) and t[i].islower()


# A capitalised sentence opener right after a lower-case word (or after a
# comma on the same line): a full stop lost in extraction or OCR ("...in the
# area They have concentrated", "...security, The very fact"). A comma at the
# end of a line is allowed: "Mr. President,\nThe outbreak of ..." is a
# salutation line glued to its sentence, not a run-on.
RUN_ON = re.compile(r"(?:[a-z;]\s+|,[ \t]+)(?:The|We|Our|It|This|These|They|He|She|In|At|As|But|However|Thus|There)\s+[a-z]")


def ends_badly(t):
    s = t.rstrip()
    while s and s[-1] in CLOSE_PUNCT:
        s = s[:-1].rstrip()
    if not s or s[-1] not in FINAL_PUNCT:
        return True
    return bool(TRAILING_ABBREV.search(s))


def unterminated(t):
    """A unit that stops mid-phrase: its last character is a letter, digit or hyphen."""
    s = t.rstrip()
    while s and s[-1] in CLOSE_PUNCT:
        s = s[:-1].rstrip()
    return bool(s) and (s[-1].isalnum() or s[-1] in "-‐")


LETTER_RE = re.compile(r"[^\W\d_]")
LOWER_RE = re.compile(r"[a-zß-öø-ÿ]")


def mostly_capitals(t):
    """More than 60% of at least 10 letters are not lower-case (Latin)."""
    n = len(LETTER_RE.findall(t))
    return n >= 10 and n - len(LOWER_RE.findall(t)) > 0.6 * n


# Salutations, thanks and closings. A unit is "boilerplate only" when it holds
# at least one of these phrases and, once they and the filler words are
# removed, fewer than 3 words remain ("Mr. President, Excellencies, ladies and
# gentlemen,", "I thank you for your kind attention.").
BOILER_PHRASES = re.compile(r"""(?ix)
      \b(?:mr|mrs|ms|madam|madame|mister|monsieur|senor|señor)\.?\s+(?:president|secretary-general|chairman|chair|speaker)\b
    | \bexcellenc(?:y|ies)\b
    | \bladies\s+and\s+gentlemen\b
    | \bheads?\s+of\s+(?:state|states|delegations?)(?:\s+and\s+(?:of\s+)?government)?\b
    | \bdistinguished\s+(?:delegates|guests|colleagues|representatives|participants|members|heads)\b
    | \b(?:your|their)\s+(?:excellenc(?:y|ies)|majest(?:y|ies)|highness(?:es)?|holiness|royal\s+highness(?:es)?)\b
    | \bsecretary-general\b
    | \bpresident\s+of\s+the\s+(?:united\s+nations\s+)?general\s+assembly\b
    | \b(?:i\s+)?thank\s+you(?:\s+(?:very|so)\s+much)?\b
    | \bthank(?:s|\s+you)?\b
    | \bfor\s+your\s+(?:kind\s+|patient\s+)?(?:attention|patience|indulgence)\b
    | \b(?:giving|granting|according)\s+me\s+the\s+floor\b
    | \b(?:may\s+)?god\s+bless\b
    | \bgood\s+(?:morning|afternoon|evening)\b
    | \bdear\s+(?:friends|colleagues|brothers|sisters)\b
""")
BOILER_FILLER = set("""
    and the of to for on in at all you your very much sir madam i we my our me us
    once again dear kind kindly everyone everybody brothers sisters friends colleagues
    honourable honorable distinguished delegates delegations members ladies gentlemen
    allow let permit may
""".split())
WORD_RE = re.compile(r"[^\W_][\w’'\-]*")


def boilerplate_only(t):
    rest, n = BOILER_PHRASES.subn(" ", t)
    if not n:
        return False
    words = [w.lower() for w in WORD_RE.findall(rest)]
    return sum(1 for w in words if w not in BOILER_FILLER) < 3


# --------------------------------------------------------------------------
# Name proxy
# --------------------------------------------------------------------------

# Capitalised words that do not make a name on their own: pronoun I, titles
# and forms of address, the ubiquitous "General Assembly", "Member States",
# "the Charter", "the Organization", months and weekdays (dates are not
# entities in the annotation guidelines). A run of capitalised words counts as
# a name unless every word in it is in this list, so "United Nations",
# "United States", "Security Council" and "Secretary-General Ban Ki-moon" count,
# while "General Assembly", "Member States" and "Mr. President" do not.
NAME_STOP = set("""
    I Mr Mrs Ms Messrs Madam Madame Mister Sir Dr Excellency Excellencies His Her Your Their
    Majesty Majesties Highness Holiness Royal President Presidents Vice Vice-President
    Secretary-General Secretary General Assembly Session Member Members State States
    Government Governments Organization Charter Delegation Delegations Chairman Chair
    Minister Ministers Prime Foreign Affairs Heads Head Ladies Gentlemen Distinguished
    Delegates Honourable Honorable Ambassador Representative Permanent Mission Article
    Articles Chapter God Lord Mankind
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""".split())
NAME_CONNECT = set("of de du des da do dos das la le el al von van der den bin ibn y".split())
TOKEN_RE = re.compile(r"[^\W_][\w’'\-]*")
PARTICLE_CAP = re.compile(r"^(?:[dl][’']|al-|el-|ad-|as-|ash-|at-|az-|bin-)[A-Z]")
OPEN_QUOTES = set("\"“‘'«")


def is_cap(tok):
    return tok[0].isupper() or bool(PARTICLE_CAP.match(tok))


def count_names(t):
    """Number of runs of capitalised tokens not at sentence start, excluding
    runs made only of NAME_STOP words. Tokens of a run are separated by
    whitespace only (or by ". " after an initial or Mr/Mrs/Ms/Dr/St), and may
    be joined by lower-case connectors followed by another capitalised token
    (of, de, al, ...; "the" only after "of": "Democratic Republic of the
    Congo"). "and" never joins, so "France and Germany" is two names.
    The first token, and the first token after an opening quotation mark, are
    sentence starts and never count."""
    toks = [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(t)]
    runs, cur, pending = [], None, []
    prev_end, prev_tok = None, None

    def close():
        nonlocal cur, pending
        if cur:
            runs.append(cur)
        cur, pending = None, []

    for k, (w, s, e) in enumerate(toks):
        gap = t[prev_end:s] if prev_end is not None else ""
        j = s - 1
        while j >= 0 and t[j] in " \t\n\r":
            j -= 1
        initial = k == 0 or (j >= 0 and t[j] in OPEN_QUOTES)
        if is_cap(w) and not initial:
            word = re.sub(r"[’']s?$", "", w)
            joinable = cur is not None and (
                gap.strip() == "" or
                (not pending and gap.strip() == "." and (len(prev_tok) == 1 or prev_tok in ("Mr", "Mrs", "Ms", "Dr", "St"))))
            if joinable:
                cur.append(word)
                pending = []
            else:
                close()
                cur = [word]
        elif (cur is not None and gap.strip() == "" and
              (w in NAME_CONNECT or (w == "the" and pending and pending[-1] == "of"))):
            pending.append(w)
        else:
            close()
        prev_end, prev_tok = e, w
    close()
    return sum(1 for r in runs if not all(x in NAME_STOP for x in r))


def names_bucket(n):
    return 2 if n >= 2 else n


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------

def read_text(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def list_speeches(txt_dir):
    speeches, skipped = [], []
    for d in sorted(os.listdir(txt_dir)):
        full = os.path.join(txt_dir, d)
        if not os.path.isdir(full):
            skipped.append(d)
            continue
        m = DIR_RE.match(d)
        if not m:
            skipped.append(d + "/")
            continue
        session, year = int(m.group(1)), int(m.group(2))
        for f in sorted(os.listdir(full)):
            fm = FILE_RE.match(f)
            if not fm or int(fm.group(2)) != session or int(fm.group(3)) != year:
                skipped.append(f"{d}/{f}")
                continue
            speeches.append({"source": f"{d}/{f}", "country": fm.group(1), "session": session, "year": year})
    return speeches, skipped


def run_splitter(stancetag, txt_dir, rels):
    """Yield (rel, document) for every file, in order."""
    for i in range(0, len(rels), SPLIT_CHUNK):
        batch = rels[i:i + SPLIT_CHUNK]
        p = subprocess.run([stancetag, "split", "--format", "jsonl", "--input-format", "text", "--", *batch],
                           cwd=txt_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.exit(f"stancetag split failed ({p.returncode}): {p.stderr.decode('utf-8', 'replace')[:2000]}")
        # split on "\n" only: str.splitlines() would also break inside JSON
        # strings at U+2028, U+0085, \x1c-\x1e, which serde does not escape
        lines = [l for l in p.stdout.split(b"\n") if l.strip()]
        if len(lines) != len(batch):
            sys.exit(f"stancetag split gave {len(lines)} documents for {len(batch)} files")
        for rel, line in zip(batch, lines):
            doc = json.loads(line.decode("utf-8"))
            if doc.get("id") != rel:
                sys.exit(f"stancetag split: document id {doc.get('id')!r} for file {rel!r}")
            yield rel, doc


REASONS = [
    "page furniture",
    "markup or extraction artefact",
    "fewer than 6 words",
    "more than 80 words",
    "salutation/boilerplate only",
    "heading (mostly capitals)",
    "broken split: starts lower-case or mid-sentence",
    "broken split: no final punctuation",
    "broken split: follows an unterminated unit",
    "broken split: followed by a lower-case unit",
    "run-on: sentence opener mid-sentence (lost full stop)",
]


def classify(text, units):
    """For each splitter unit: (reason or None, start, end, trimmed, all_reasons)."""
    out = []
    prev = None
    for k, u in enumerate(units):
        t0 = u["text"]
        start, end = u["start"], u["end"]
        reasons = []
        if furniture(t0):
            reasons.append("page furniture")
        if artefact(t0):
            reasons.append("markup or extraction artefact")
        m = PARA_NUM.match(t0)
        t = t0
        if m:
            t = t[m.end():]
            start += m.end()
        me = PARA_NUM_END.search(t)
        if me:
            end -= len(t) - me.start()
            t = t[:me.start()]
        trimmed = bool(m or me)
        nw = len(t.split())
        if nw < MIN_WORDS:
            reasons.append("fewer than 6 words")
        if nw > MAX_WORDS:
            reasons.append("more than 80 words")
        if boilerplate_only(t):
            reasons.append("salutation/boilerplate only")
        if mostly_capitals(t):
            reasons.append("heading (mostly capitals)")
        if starts_badly(t):
            reasons.append("broken split: starts lower-case or mid-sentence")
        if ends_badly(t):
            reasons.append("broken split: no final punctuation")
        if prev is not None:
            gap = text[prev["end"]:u["start"]]
            pt = prev["text"]
            if (unterminated(pt) and not furniture_only(pt) and not mostly_capitals(pt)
                    and not re.search(r"\n[^\S\n]*\n", gap)):
                reasons.append("broken split: follows an unterminated unit")
        if k + 1 < len(units):
            nxt = units[k + 1]
            if starts_lower(nxt["text"]) and not re.search(r"\n[^\S\n]*\n", text[u["end"]:nxt["start"]]):
                reasons.append("broken split: followed by a lower-case unit")
        if RUN_ON.search(t):
            reasons.append("run-on: sentence opener mid-sentence (lost full stop)")
        prev = u
        out.append((reasons[0] if reasons else None, start, end, trimmed, reasons))
    return out


def norm_key(t):
    return hashlib.sha256(" ".join(t.split()).casefold().encode("utf-8")).digest()[:12]


# --------------------------------------------------------------------------
# Allocation and drawing
# --------------------------------------------------------------------------

def largest_remainder(weights, total, caps, tie=str):
    """Integers proportional to weights summing to total, each <= its cap.
    Equal remainders go to the key that sorts first by tie(key)."""
    alloc = {k: 0 for k in weights}
    active = {k for k, w in weights.items() if w > 0 and caps[k] > 0}
    remaining = total
    while remaining > 0 and active:
        wsum = sum(weights[k] for k in active)
        quota = {k: remaining * weights[k] / wsum for k in active}
        add = {k: int(math.floor(q)) for k, q in quota.items()}
        left = remaining - sum(add.values())
        for k in sorted(active, key=lambda k: (-(quota[k] - add[k]), tie(k)))[:left]:
            add[k] += 1
        over = False
        for k in sorted(active, key=str):
            room = caps[k] - alloc[k]
            if add[k] >= room:
                add[k] = room
                over = True
        for k in active:
            alloc[k] += add[k]
        remaining = total - sum(alloc.values())
        active = {k for k in active if alloc[k] < caps[k]}
        if not over:
            break
    if sum(alloc.values()) != total:
        sys.exit(f"cannot allocate {total} (capacity {sum(caps.values())})")
    return alloc


def bucket_targets(n):
    w = {b: share for b, share in NAME_MIX}
    # ties go to the bucket with more names (2+ before 1 before 0): the
    # relation and stance annotation needs them most
    return largest_remainder(w, n, {b: n for b in w}, tie=lambda b: -b)


def draw_stratum(seed, setname, stratum, cands, n, taken):
    """Draw n candidates of one stratum for one set.

    cands: list of (doc_index, start, end, names, key). Within each names
    bucket the candidates are ordered by hkey; a first pass takes at most one
    sentence per speech, a second at most two, and so on, so that the draw is
    spread over as many speeches as possible. A bucket short of candidates is
    filled from the others (2+ -> 1 -> 0 preference order per bucket)."""
    by_bucket = defaultdict(list)
    for c in cands:
        by_bucket[names_bucket(c[3])].append(c)
    for b in by_bucket:
        by_bucket[b].sort(key=lambda c: hkey(seed, "draw", setname, c[0], c[1]))
    targets = bucket_targets(n)
    per_doc = Counter()
    chosen = []
    short = Counter()

    def take(bucket, k):
        got = []
        pool = by_bucket.get(bucket, [])
        cap = 1
        while len(got) < k and pool:
            rest = []
            for c in pool:
                if len(got) < k and per_doc[c[0]] < cap:
                    if c[4] in taken:
                        continue            # duplicate text already drawn: never usable
                    taken.add(c[4])
                    per_doc[c[0]] += 1
                    got.append(c)
                else:
                    rest.append(c)
            pool[:] = rest
            cap += 1
        return got

    fill_order = {0: (1, 2), 1: (2, 0), 2: (1, 0)}
    for b, _ in NAME_MIX:
        got = take(b, targets[b])
        if len(got) < targets[b]:
            need = targets[b] - len(got)
            short[b] += need
            for ob in fill_order[b]:
                more = take(ob, need)
                got += more
                need -= len(more)
                if not need:
                    break
            if need:
                sys.exit(f"{setname} {stratum}: {need} sentences short")
        chosen += got
    return chosen, short


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def batch_line(text):
    return "neu\t" + " ".join(text.split())


def write_batch(dirpath, name, records):
    with open(os.path.join(dirpath, name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(batch_line(r["text"]) + "\n")
    write_jsonl(os.path.join(dirpath, name + ".records.jsonl"), records)


def table(rows_counter, title):
    regs = [r for r in REGIONS]
    head = "| decade | " + " | ".join(REGION_ABBR[r] for r in regs) + " | total |"
    sep = "|---" * (len(regs) + 2) + "|"
    lines = [f"**{title}**", "", head, sep]
    for d in DECADES:
        vals = [rows_counter.get((d, r), 0) for r in regs]
        lines.append(f"| {d} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |")
    tot = [sum(rows_counter.get((d, r), 0) for d in DECADES) for r in regs]
    lines.append("| total | " + " | ".join(str(v) for v in tot) + f" | {sum(tot)} |")
    return "\n".join(lines)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description="Seeded stratified sentence sampler for UNGDC annotation.")
    ap.add_argument("--ungdc", default=os.path.join(REPO, "..", "shared", "data", "ungdc"),
                    help="UNGDC directory holding TXT/ (default: ../shared/data/ungdc from the repository root)")
    ap.add_argument("--stancetag", default=os.path.join(REPO, "..", "bin", "stancetag-wave1"),
                    help="stancetag binary (default: ../bin/stancetag-wave1 from the repository root)")
    ap.add_argument("--out", default=HERE, help="output directory (default: evaluation/ungdc)")
    ap.add_argument("--regions", default=os.path.join(HERE, "regions.tsv"), help="ISO3 -> region table")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    a = ap.parse_args()

    txt_dir = os.path.join(a.ungdc, "TXT")
    stancetag = a.stancetag
    if os.sep not in stancetag:
        stancetag = shutil.which(stancetag) or stancetag
    stancetag = os.path.abspath(stancetag)
    if not os.path.isdir(txt_dir):
        sys.exit(f"no TXT/ under {a.ungdc}")

    regions = {}
    with open(a.regions, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("iso3\t") or not line.strip():
                continue
            iso, region = line.rstrip("\n").split("\t")[:2]
            if region not in REGION_ABBR:
                sys.exit(f"regions.tsv: unknown region {region!r}")
            regions[iso] = region

    speeches, skipped = list_speeches(txt_dir)
    excluded = [s for s in speeches if s["session"] in EXCLUDED_SESSIONS]
    speeches = [s for s in speeches if s["session"] not in EXCLUDED_SESSIONS]
    missing = sorted({s["country"] for s in speeches} - set(regions))
    if missing:
        sys.exit(f"no region for {missing}")
    for s in speeches:
        s["region"] = regions[s["country"]]
        s["decade"] = decade_of(s["year"])
        s["stratum"] = (s["decade"], s["region"])
    version = subprocess.run([stancetag, "--version"], stdout=subprocess.PIPE, check=True).stdout.decode().strip()

    # --- split and filter -------------------------------------------------
    first_reason = Counter()
    any_reason = Counter()
    trimmed_kept = 0
    n_units = 0
    eligible = defaultdict(list)       # stratum -> [(doc, start, end, names, key)]
    names_dist_all = Counter()
    corpus_h = hashlib.sha256()
    rels = [s["source"] for s in speeches]
    for i, (rel, doc) in enumerate(run_splitter(stancetag, txt_dir, rels)):
        text = read_text(os.path.join(txt_dir, rel))
        if doc["text"] != text:
            sys.exit(f"{rel}: the splitter's text differs from the file read as utf-8-sig")
        corpus_h.update(rel.encode() + b"\0" + text.encode() + b"\0")
        units = doc["sentences"]
        for u in units:
            if text[u["start"]:u["end"]] != u["text"]:
                sys.exit(f"{rel}: splitter offsets {u['start']}-{u['end']} do not round-trip")
        n_units += len(units)
        sp = speeches[i]
        for (reason, start, end, trimmed, reasons), u in zip(classify(text, units), units):
            for r in reasons:
                any_reason[r] += 1
            if reason:
                first_reason[reason] += 1
                continue
            if trimmed:
                trimmed_kept += 1       # paragraph number trimmed at the start or the end
            t = text[start:end]
            n = count_names(t)
            names_dist_all[names_bucket(n)] += 1
            eligible[sp["stratum"]].append((i, start, end, n, norm_key(t)))

    # --- train/test speeches ----------------------------------------------
    by_stratum = defaultdict(list)
    for i, s in enumerate(speeches):
        by_stratum[s["stratum"]].append(i)
    test_docs = set()
    for st, docs in sorted(by_stratum.items()):
        docs = sorted(docs, key=lambda i: hkey(a.seed, "test-speech", speeches[i]["source"]))
        k = max(1, round(TEST_SPEECH_SHARE * len(docs))) if len(docs) >= 2 else 0
        test_docs.update(docs[:k])

    pools = {"train": defaultdict(list), "test": defaultdict(list)}
    for st, cands in eligible.items():
        for c in cands:
            pools["test" if c[0] in test_docs else "train"][st].append(c)

    # --- allocation: n_h proportional to sqrt(N_h) -------------------------
    strata = [(d, r) for d in DECADES for r in REGIONS]
    taken = set()
    chosen = {}
    alloc = {}
    shortfalls = {}
    for setname, total in (("test", TEST_SIZE), ("train", TRAIN_SIZE)):
        pool = pools[setname]
        weights = {st: math.sqrt(len(pool.get(st, []))) for st in strata}
        caps = {st: len(pool.get(st, [])) for st in strata}
        alloc[setname] = largest_remainder(weights, total, caps)
        chosen[setname] = []
        shortfalls[setname] = Counter()
        for st in strata:
            n = alloc[setname][st]
            if not n:
                continue
            got, short = draw_stratum(a.seed, setname, st, pool[st], n, taken)
            chosen[setname] += got
            shortfalls[setname].update({(st, b): v for b, v in short.items()})

    # --- records ------------------------------------------------------------
    os.makedirs(os.path.join(a.out, "records"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "batches"), exist_ok=True)
    texts = {}
    out_records = {}
    for setname in ("train", "test"):
        order = sorted(chosen[setname], key=lambda c: hkey(a.seed, "order", setname, speeches[c[0]]["source"], c[1]))
        recs = []
        for k, (i, start, end, n, _) in enumerate(order, 1):
            s = speeches[i]
            if s["source"] not in texts:
                texts[s["source"]] = read_text(os.path.join(txt_dir, s["source"]))
            recs.append({
                "id": f"ungdc-{setname}-{k:04d}",
                "text": texts[s["source"]][start:end],
                "source": s["source"],
                "start": start,
                "end": end,
                "country": s["country"],
                "year": s["year"],
                "session": s["session"],
                "region": s["region"],
                "names": n,
            })
        out_records[setname] = recs
        write_jsonl(os.path.join(a.out, "records", f"{setname}.jsonl"), recs)

    tr = out_records["train"]
    size = len(tr) // TRAIN_BATCHES
    for b in range(TRAIN_BATCHES):
        write_batch(os.path.join(a.out, "batches"), f"train-{b + 1:02d}", tr[b * size:(b + 1) * size])
    te = out_records["test"]
    size = len(te) // len(TEST_BATCHES)
    for j, b in enumerate(TEST_BATCHES):
        write_batch(os.path.join(a.out, "batches"), f"test-{b}", te[j * size:(j + 1) * size])

    # --- report -------------------------------------------------------------
    def strata_counter(recs):
        return Counter((decade_of(r["year"]), r["region"]) for r in recs)

    def names_counter(recs):
        return Counter(names_bucket(r["names"]) for r in recs)

    pool_sent = Counter({st: len(v) for st, v in eligible.items()})
    pool_speech = Counter({st: len(v) for st, v in by_stratum.items()})
    test_speech = Counter(speeches[i]["stratum"] for i in test_docs)
    train_src = {r["source"] for r in tr}
    test_src = {r["source"] for r in te}
    stats = {
        "seed": a.seed,
        "stancetag_version": version,
        "stancetag_sha256": file_sha256(stancetag),
        "corpus_files": len(speeches),
        "corpus_sha256": corpus_h.hexdigest(),
        "skipped_paths": skipped,
        "excluded_sessions": {str(k): {"reason": v, "speeches": sum(1 for s in excluded if s["session"] == k)}
                              for k, v in EXCLUDED_SESSIONS.items()},
        "splitter_units": n_units,
        "removed_first_reason": {r: first_reason[r] for r in REASONS},
        "removed_any_reason": {r: any_reason[r] for r in REASONS},
        "eligible": sum(pool_sent.values()),
        "eligible_paragraph_number_trimmed": trimmed_kept,
        "eligible_names": {str(k): names_dist_all[k] for k in (0, 1, 2)},
        "test_speeches": len(test_docs),
        "train_pool_speeches": len(speeches) - len(test_docs),
        "speeches_used": {"train": len(train_src), "test": len(test_src)},
        "names": {s: {str(k): names_counter(out_records[s])[k] for k in (0, 1, 2)} for s in ("train", "test")},
        "names_shortfall_filled": {s: {f"{d}|{r}|{b}": v for ((d, r), b), v in sorted(shortfalls[s].items())}
                                   for s in ("train", "test")},
    }
    with open(os.path.join(a.out, "sampling-stats.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=False) + "\n")

    rep = ["# UNGDC sample: generated report", "",
           f"Generated by `evaluation/ungdc/sample.py --seed {a.seed}`; stancetag `{version}` "
           f"(sha256 {stats['stancetag_sha256'][:16]}…); corpus {len(speeches)} speech files "
           f"(sha256 of names+texts {stats['corpus_sha256'][:16]}…). Regions: AFR African, APG Asia-Pacific, "
           "EEG Eastern European, GRULAC Latin American and Caribbean, WEOG Western European and Others, "
           "other = EU and observers (VAT, PSE).", "",
           "## Sampling frame", "",
           f"Speech files used: {len(speeches)}. Paths skipped (not `ISO_NN_YYYY.txt` in a `Session NN - YYYY` "
           f"folder): {', '.join('`' + p + '`' for p in skipped) or 'none'}. Sessions excluded: "
           + "; ".join(f"{k} ({sum(1 for s in excluded if s['session'] == k)} speeches): {v}"
                       for k, v in EXCLUDED_SESSIONS.items()) + ".", "",
           "## Filters", "",
           f"{n_units} splitter units in {len(speeches)} speeches; each removed unit is counted once, under the "
           "first filter it fails (in this order); the last column counts every unit failing the filter.", "",
           "| filter | removed (first reason) | failing (any) |", "|---|---|---|"]
    for r in REASONS:
        rep.append(f"| {r} | {first_reason[r]} | {any_reason[r]} |")
    rep += [f"| **kept (eligible)** | {stats['eligible']} | |", "",
            f"Eligible sentences from which a paragraph number was trimmed (leading `NN.<tab>` or a trailing "
            f"` NNN.` glued on after the final punctuation): {trimmed_kept}.", "",
            "## Name proxy (eligible sentences)", "",
            "| names | 0 | 1 | 2+ |", "|---|---|---|---|",
            "| eligible | " + " | ".join(str(names_dist_all[k]) for k in (0, 1, 2)) + " |",
            "| train | " + " | ".join(str(stats["names"]["train"][str(k)]) for k in (0, 1, 2)) + " |",
            "| test | " + " | ".join(str(stats["names"]["test"][str(k)]) for k in (0, 1, 2)) + " |", ""]
    for s in ("train", "test"):
        if stats["names_shortfall_filled"][s]:
            rep.append(f"{s}: bucket shortfalls filled from other buckets: "
                       + ", ".join(f"{k}: {v}" for k, v in stats["names_shortfall_filled"][s].items()))
            rep.append("")
    rep += ["## Strata", "",
            table(pool_speech, "Speeches in the corpus"), "",
            table(test_speech, "Speeches held out for test"), "",
            table(pool_sent, "Eligible sentences"), "",
            table(strata_counter(tr), f"TRAIN sentences ({len(tr)})"), "",
            table(strata_counter(te), f"TEST sentences ({len(te)})"), "",
            f"Speeches used: train {len(train_src)}, test {len(test_src)}; "
            f"shared speeches: {len(train_src & test_src)}.", ""]
    with open(os.path.join(a.out, "sampling-report.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rep))
    print("\n".join(rep))


if __name__ == "__main__":
    main()
