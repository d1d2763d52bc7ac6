#!/usr/bin/env bash
# Imports employers from a CSV (one row per site: employer_id,name,company_number,local_authority,headcount,<kind id>…)
# through POST /api/v1/employers/import, with curl's progress bar on the upload, then prints the summary.
#   RGW_ADMIN_API_KEY=… [RGW_URL=http://127.0.0.1:5080] tools/import.sh FILE.csv
# Exit status: 0 when nothing was rejected, 1 when some employers were, 2 when the file was refused or not sent.
set -euo pipefail
file=${1:?usage: tools/import.sh FILE.csv}
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 2; }
key=${RGW_ADMIN_API_KEY:?set RGW_ADMIN_API_KEY to the admin key (tools/run.sh prints it)}
url=${RGW_URL:-http://127.0.0.1:5080}
out=$(mktemp); trap 'rm -f "$out"' EXIT
# -T streams the file (curl never holds it whole) and sends its Content-Length, so a file over Api:ImportMaxBodyBytes is refused (413) before the upload.
status=$(curl --progress-bar -X POST -T "$file" -H "X-Api-Key: $key" -H 'Content-Type: text/csv' -H 'Expect: 100-continue' \
  -o "$out" -w '%{http_code}' "$url/api/v1/employers/import") || { echo "could not reach $url" >&2; exit 2; }
if [ "$status" != 200 ]; then
  echo "refused ($status):" >&2
  if command -v jq >/dev/null; then jq . "$out" >&2; else cat "$out" >&2; fi
  exit 2
fi
if command -v jq >/dev/null; then
  jq -r '"imported \(.imported), unchanged \(.unchanged), rejected \(.rejectedCount)",
         (.rejected[:50][] | "  line \(.line): \(.message)"),
         (if .rejectedCount > 50 then "  … and \(.rejectedCount - 50) more (the answer lists up to 10,000)" else empty end)' "$out"
  [ "$(jq .rejectedCount "$out")" = 0 ]
else
  cat "$out"; echo
fi
