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
# The repository root: two levels above this script.
cd "$(dirname "$0")" && cd .. && cd ..
target=$(cd "${1:?usage: schemathesis.sh TARGET_DIR [DATABASE]}" && pwd)
work=$(mktemp -d)
database=${2:-$work/schemathesis.sqlite}
version=4.32.5
# A Python whose `ast` has CPython's fix gh-106905 (3.11.8, 3.12.2, 3.13 and
# later): on 3.11.7 hypothesis's lambda descriptions crash the coverage
# phase ("AST constructor recursion depth mismatch"). SCHEMATHESIS_PYTHON,
# else the first such of python3, python3.13, python3.12 and pyenv's.
fixed='import sys; v = sys.version_info[:3]; sys.exit(0 if v >= (3, 13) or (3, 12, 2) <= v < (3, 13) or (3, 11, 8) <= v < (3, 12) else 1)'
python=${SCHEMATHESIS_PYTHON:-}
if [ -z "$python" ]; then
    for candidate in python3 python3.13 python3.12 "$(pyenv root 2> /dev/null)"/versions/3.1[3-9]*/bin/python3; do
        if command -v "$candidate" > /dev/null 2>&1 && "$candidate" -c "$fixed" 2> /dev/null; then
            python=$candidate
            break
        fi
    done
fi
[ -n "$python" ] || { echo "schemathesis needs Python 3.11.8, 3.12.2, 3.13 or later (CPython gh-106905); set SCHEMATHESIS_PYTHON"; exit 1; }
echo "schemathesis $version on $("$python" --version)"
st_dir="$target/schemathesis-$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ ! -x "$st_dir/bin/st" ] || [ "$(cat "$st_dir/.version" 2>/dev/null)" != "$version" ]; then
    "$python" -m pip install --quiet --disable-pip-version-check --target "$st_dir" "schemathesis==$version"
    echo "$version" > "$st_dir/.version"
fi
here=$(pwd)/service/ci
document=$(pwd)/service/openapi/service.json
st() { PYTHONPATH="$st_dir" "$python" "$st_dir/bin/st" "$@"; }

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
    # From the temporary directory: schemathesis keeps a cache of past
    # failures in its working directory, and every run starts clean.
    (cd "$work" && st --config-file "$here/$config" run "$document" --url "$url" -H "$auth" \
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
