#!/usr/bin/env bash
# Builds the fuzz corpora from the repository's fixtures and the official examples in
# ../shared/examples, read in place (nothing from ../shared is copied into the repository:
# corpus/ is git-ignored). Run from anywhere: bash fuzz/seed.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
shared="${MLM_SHARED:-$root/../shared}"
mkdir -p "$here/corpus/document" "$here/corpus/npy" "$here/corpus/expression"

# document: one byte (bit 0: target 1.5.1/1.5.2, bit 1: --allow-lossy) + the document.
n=0
while IFS= read -r -d '' f; do
  for prefix in '\x00' '\x03'; do
    n=$((n + 1))
    { printf "$prefix"; cat "$f"; } > "$here/corpus/document/seed-$n"
  done
done < <(find "$root/fixtures" "$shared/examples" \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0 2>/dev/null)
echo "document: $n seeds"

# npy: every sample of the check fixtures.
find "$root/fixtures" -name '*.npy' -exec cp {} "$here/corpus/npy/" \;
echo "npy: $(ls "$here/corpus/npy" | wc -l) seeds"

# expression: the forms processing expressions take in the wild.
i=0
for e in 'B04 / 10000' '(B08 - B04) / (B08 + B04)' 'clip((x - 0.5) / 0.25, -3, 3)' \
  'where(x > 0, log(x), 0)' 'x ** 2 + 3 * x - 1' 'minimum(B02, B03) * 1e-4' \
  '(b1 - 1000.0) / 2000.0' 'sqrt(abs(a)) % 7' '-x + +y' 'maximum(a, b, c)'; do
  i=$((i + 1))
  printf '%s' "$e" > "$here/corpus/expression/seed-$i"
done
echo "expression: $i seeds"
