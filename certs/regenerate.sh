#!/usr/bin/env bash
# Regenerates the example certificates of the README from the built binary; the test suite
# (tests/cert) checks that every one of them verifies.
#   certs/regenerate.sh [path/to/gdcert]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gdcert="${1:-$here/../build/gdcert}"
cd "$here"
"$gdcert" check --expr "(x*y-1)^2" --center 2,0.3 --radius 0.5 --cert xy_minus_one.json > /dev/null
"$gdcert" check --residuals "10*(y-x^2); 1-x" --vars x,y --center 1.1,1.2 --radius 1.79 --cert rosenbrock.json > /dev/null
"$gdcert" check --expr "(x*y-1)^2" --center 1,1.00000000000000000001 --radius 1e-16 --precision 256 \
  --cert xy_minus_one_256bit.json > /dev/null
"$gdcert" check --residuals "-13 + x1 + ((5 - x2)*x2 - 2)*x2; -29 + x1 + ((x2 + 1)*x2 - 14)*x2" \
  --vars x1,x2 --center 5.001,3.999 --radius 0.05 --cert freudenstein_roth.json > /dev/null
for f in *.json; do
  [ "$f" = schema.json ] && continue
  "$gdcert" verify "$f"
done
