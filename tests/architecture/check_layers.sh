#!/usr/bin/env bash
# The dependency rule of the architecture, checked on the sources:
#   arith <- expr <- model <- bound <- criteria <- cert <- api <- cli
# a layer includes only layers at or below it, and the certificate checker (the trusted core)
# includes nothing of the search: only arith, expr and its own files.
set -u
src="${1:?usage: check_layers.sh SRC_DIR}"
layers=(arith expr model bound criteria cert api cli)
failures=0
rank() { local i; for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && echo "$i" && return; done; echo -1; }
for layer in "${layers[@]}"; do
  mine=$(rank "$layer")
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    theirs=$(rank "$inc")
    if [ "$theirs" -gt "$mine" ]; then
      echo "layer violation: $file includes $inc (above $layer)"
      failures=$((failures + 1))
    fi
  done < <(grep -HnE '#include "[a-z_]+/' "$src/$layer"/*.[ch]pp 2>/dev/null)
done
for f in "$src"/cert/checker.hpp "$src"/cert/checker.cpp "$src"/cert/interval_cholesky.hpp "$src"/cert/certificate_format.hpp; do
  bad=$(grep -nE '#include "(model|bound|criteria|api|cli)/' "$f")
  if [ -n "$bad" ]; then
    echo "trusted core violation in $f: $bad"
    failures=$((failures + 1))
  fi
done
checked=$(ls "$src"/*/*.[ch]pp | wc -l)
if [ "$failures" -eq 0 ]; then
  echo "layers: $checked files checked, 0 violations"
  exit 0
fi
exit 1
