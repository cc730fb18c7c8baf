#!/bin/sh
# Rebuild every gold JSONL from the hand annotations and print agreement,
# adjudication counts and label distributions, then the label changes of each
# gold file against its last committed version (when run in a git work tree).
# Run from the repository root:
#   sh evaluation/tools/rebuild_gold.sh
set -eu
T=evaluation/tools
G=evaluation/gold
mkdir -p "$G/pass1" "$G/pass2"
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
    # The v2 layers (actors, relations): two passes over the adjudicated v1 file.
    v2="$G/annotations/v2/$stem"
    if [ -f "$v2.pass1.txt" ] && [ -f "$v2.pass2.txt" ]; then
        tmp2=$(mktemp -d)
        for p in pass1 pass2; do
            python3 "$T/build_gold.py" "$doc" "$v2.$p.txt" "$tmp2/$p.jsonl" --id "$stem.txt"
        done
        echo "v2 layers of $stem, pass 1 against pass 2:"
        python3 "$T/agreement.py" "$tmp2/pass1.jsonl" "$tmp2/pass2.jsonl"
        echo "v2 adjudication of $stem:"
        python3 "$T/disagreements.py" "$v2.pass1.txt" "$v2.pass2.txt" \
            --final "$G/annotations/$stem.txt" --summary
        rm -rf "$tmp2"
    fi
done
python3 "$T/gold_stats.py" "$G"/*.jsonl
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    for f in "$G"/*.jsonl "$G"/pass1/*.jsonl "$G"/pass2/*.jsonl; do
        if git cat-file -e "HEAD:$f" 2>/dev/null; then
            git show "HEAD:$f" > "$tmp"
            echo "label changes of $f since the last commit:"
            python3 "$T/diff_gold.py" "$tmp" "$f" 2>&1
        fi
    done
fi
