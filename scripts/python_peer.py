"""The Python speed peer of `stancetag bench` (a measuring aid, not part of CI).

Runs Hugging Face transformers on the sentences of a CoNLL file (its tokens
joined by spaces) with the same encoder size as stancetag's NER model:
all-MiniLM-L6-v2 with a randomly initialised 9-label token-classification head
(`BertForTokenClassification.from_pretrained(encoder, num_labels=9)`). The
head is untrained, so the tags are meaningless: only speed is measured.

Two ways of tagging, each at every --threads value (torch.set_num_threads):

(a) pipeline: `pipeline("token-classification", aggregation_strategy="simple")`
    on the sentences as strings, at each of --batch-sizes; the best batch size
    is reported (the pipeline batches in input order, padding each batch to
    its longest sentence);
(b) careful: the fast tokenizer on the words (`is_split_into_words=True`),
    length-sorted batches of --careful-batch sentences, `torch.inference_mode()`
    forward, argmax, and the first piece of each word picked out (as stancetag
    scores each word's first piece).

Each measurement follows an untimed warm-up on the first 64 sentences and is
the median of --runs timed passes. --limit N takes N sentences evenly spaced
over the file (so their lengths match the whole file's) to keep the run short.

Use scripts/python_peer.sh, which builds the venv and sets HF_HUB_OFFLINE=1.
"""

import argparse
import json
import os
import statistics
import sys
import time


def read_conll(path):
    """Sentences of a CoNLL file as lists of tokens (`-DOCSTART-` lines skipped)."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                if current:
                    sentences.append(current)
                    current = []
                continue
            token = line.split()[0]
            if token == "-DOCSTART-":
                continue
            current.append(token)
    if current:
        sentences.append(current)
    return sentences


def evenly_spaced(items, limit):
    """`limit` items spread evenly over `items` (all of them if limit is 0 or more)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def timed(fn, runs):
    """Median seconds of `runs` calls of `fn`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("conll", help="CoNLL file (e.g. CoNLL-2003 test.txt)")
    ap.add_argument("--encoder", required=True, help="all-MiniLM-L6-v2 directory (deps/minilm)")
    ap.add_argument("--limit", type=int, default=0, help="N sentences evenly spaced over the file (0: all)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32], help="pipeline batch sizes to try")
    ap.add_argument("--careful-batch", type=int, default=32)
    ap.add_argument("--runs", type=int, default=1, help="timed passes per measurement (median)")
    ap.add_argument("--no-pipeline", action="store_true", help="only the careful version")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--write-jsonl", metavar="FILE",
                    help="write the sentences as stancetag JSONL (one record per sentence, words joined by spaces), "
                         "so `stancetag tag` and `stancetag bench --corpus` time the same text, and exit")
    args = ap.parse_args()

    import torch
    import transformers
    from transformers import AutoTokenizer, BertForTokenClassification, pipeline

    transformers.logging.set_verbosity_error()
    torch.manual_seed(0)
    sentences = evenly_spaced(read_conll(args.conll), args.limit)
    texts = [" ".join(s) for s in sentences]
    if args.write_jsonl:
        with open(args.write_jsonl, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": f"s{i + 1}", "text": t}) + "\n")
        return
    n_words = sum(len(s) for s in sentences)
    tokenizer = AutoTokenizer.from_pretrained(args.encoder)
    assert tokenizer.is_fast, "the fast tokenizer is needed for word ids"
    model = BertForTokenClassification.from_pretrained(args.encoder, num_labels=9).eval()
    pipe = pipeline(
        "token-classification",
        model=model,
        tokenizer=tokenizer,
        aggregation_strategy="simple",
        device=-1,
    )
    order = sorted(range(len(sentences)), key=lambda i: len(tokenizer(sentences[i], is_split_into_words=True)["input_ids"]))

    def careful(sents, order):
        for start in range(0, len(order), args.careful_batch):
            batch = [sents[i] for i in order[start : start + args.careful_batch]]
            enc = tokenizer(batch, is_split_into_words=True, padding=True, return_tensors="pt")
            with torch.inference_mode():
                labels = model(**enc).logits.argmax(-1)
            for row in range(len(batch)):
                seen, tags = set(), []
                for k, w in enumerate(enc.word_ids(row)):
                    if w is not None and w not in seen:
                        seen.add(w)
                        tags.append(int(labels[row, k]))

    print(
        f"python peer: torch {torch.__version__}, transformers {transformers.__version__}; "
        f"{len(sentences)} sentences, {n_words} words from {args.conll}"
        + (f" (--limit {args.limit}, evenly spaced)" if args.limit else ""),
        flush=True,
    )
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    figures = []

    def report(kind, threads, batch, med, lo, hi):
        rate = len(sentences) / med
        figures.append(
            {
                "kind": kind,
                "threads": threads,
                "batch_size": batch,
                "seconds": med,
                "sentences_per_second": rate,
                "words_per_second": n_words / med,
                "sentences_per_second_min_max": [len(sentences) / hi, len(sentences) / lo],
            }
        )
        print(
            f"{kind:<9} threads {threads} batch {batch:>3}: {rate:7.1f} sentences/s "
            f"({len(sentences) / hi:.1f}-{len(sentences) / lo:.1f}), {n_words / med:8.0f} words/s",
            flush=True,
        )
        return rate

    warm = order[:64]
    for threads in args.threads:
        torch.set_num_threads(threads)
        if not args.no_pipeline:
            best = None
            for batch in args.batch_sizes:
                pipe(texts[:64], batch_size=batch)
                med, lo, hi = timed(lambda: pipe(texts, batch_size=batch), args.runs)
                rate = report("pipeline", threads, batch, med, lo, hi)
                if best is None or rate > best[1]:
                    best = (batch, rate)
            print(f"pipeline  threads {threads}: best batch size {best[0]}: {best[1]:.1f} sentences/s", flush=True)
        careful(sentences, warm)
        med, lo, hi = timed(lambda: careful(sentences, order), args.runs)
        report("careful", threads, args.careful_batch, med, lo, hi)

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"sentences": len(sentences), "words": n_words, "figures": figures}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
