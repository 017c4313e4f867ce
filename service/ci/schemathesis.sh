#!/usr/bin/env bash
# Schemathesis (pinned) against the service on a fresh database seeded with
# an organization, every check on, in two runs: the examples, coverage and
# fuzzing phases with the paths set to the seeded organization's resources,
# then the stateful phase, which walks the document's links from the
# organizations it creates. Both must report 0 failures; the script prints
# how many requests each sent.
#
#   bash service/ci/schemathesis.sh TARGET_DIR [DATABASE]
#
# DATABASE: a SQLite file (default: a new one in a temporary directory) or a
# postgres:// URL. The service is the debug build in TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$(cd "${1:?usage: schemathesis.sh TARGET_DIR [DATABASE]}" && pwd)
work=$(mktemp -d)
database=${2:-$work/schemathesis.sqlite}
version=4.32.5
st_dir="$target/schemathesis"
if [ ! -x "$st_dir/bin/st" ] || [ "$(cat "$st_dir/.version" 2>/dev/null)" != "$version" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --target "$st_dir" "schemathesis==$version"
    echo "$version" > "$st_dir/.version"
fi
st() { PYTHONPATH="$st_dir" "$st_dir/bin/st" "$@"; }

# The document schemathesis reads is the subset with the service's
# refusals and links added: it must be what augment.py makes of the subset.
python3 service/openapi/augment.py | cmp - service/openapi/service.json \
    || { echo "service/openapi/service.json is not what augment.py writes: run it"; exit 1; }

service="$target/debug/orgmodel-service"
"$service" --listen 127.0.0.1:0 --seed service/seed/acme.json "$database" > "$work/service.out" 2> "$work/service.err" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
url=
for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$work/service.out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2> /dev/null || { cat "$work/service.err"; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "the service did not start"; cat "$work/service.err"; exit 1; }
echo "service at $url"

# Ben, an Admin of the seeded organization (not its owner: the run must
# not delete the organization its paths point at).
auth="Authorization: Bearer b0000000-0000-4000-8000-00000000000b"
total=0
run() {
    local name=$1 config=$2 phases=$3
    local har="$work/$name.har"
    status=0
    (cd service/ci && st --config-file "$config" run ../openapi/service.json --url "$url" -H "$auth" \
        --phases "$phases" --max-examples 25 --seed 1 --workers 2 \
        --report har --report-har-path "$har") > "$work/$name.out" 2>&1 || status=$?
    local sent
    sent=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["log"]["entries"]))' "$har" 2> /dev/null || echo 0)
    tail -n 25 "$work/$name.out"
    echo "schemathesis $name: $sent requests, exit $status"
    total=$((total + sent))
    if [ "$status" != 0 ]; then
        cat "$work/$name.out"
        exit 1
    fi
}
run phases schemathesis.toml examples,coverage,fuzzing
run stateful schemathesis-stateful.toml stateful
echo "schemathesis: $total requests in all, 0 failures"
if ! kill -0 "$pid" 2> /dev/null; then
    echo "the service stopped during the run:"; cat "$work/service.err"; exit 1
fi
