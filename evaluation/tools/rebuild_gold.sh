#!/bin/sh
# Rebuild every gold JSONL from the hand annotations and print agreement,
# adjudication counts and label distributions. Run from the repository root:
#   sh evaluation/tools/rebuild_gold.sh
set -eu
T=evaluation/tools
G=evaluation/gold
for doc in corpus/*.txt; do
    stem=$(basename "$doc" .txt)
    [ -f "$G/annotations/$stem.txt" ] || continue
    for p in pass1 pass2; do
        python3 "$T/build_gold.py" "$doc" "$G/annotations/$stem.$p.txt" "$G/$p/$stem.jsonl" --id "$stem.txt"
    done
    python3 "$T/build_gold.py" "$doc" "$G/annotations/$stem.txt" "$G/$stem.jsonl" --id "$stem.txt"
    python3 "$T/agreement.py" "$G/pass1/$stem.jsonl" "$G/pass2/$stem.jsonl"
    echo "adjudication of $stem:"
    python3 "$T/disagreements.py" "$G/annotations/$stem.pass1.txt" "$G/annotations/$stem.pass2.txt" \
        --final "$G/annotations/$stem.txt" --summary
done
python3 "$T/gold_stats.py" "$G"/*.jsonl
