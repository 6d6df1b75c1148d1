#!/usr/bin/env bash
# Copies ../shared/corpus into __tests__/corpus byte for byte, so that the tests pass from a fresh
# clone where ../shared does not exist. Run it whenever ../shared/corpus changes.
set -euo pipefail
cd "$(dirname "$0")/.."
source=../shared/corpus
[ -d "$source" ] || { echo "no $source beside this repository" >&2; exit 1; }
rm -rf __tests__/corpus
cp -r "$source" __tests__/corpus
chmod -R u+w __tests__/corpus
(cd __tests__/corpus && sha256sum --quiet -c SHA256SUMS)
echo "vendored $(find __tests__/corpus -type f | wc -l) files from $source"
