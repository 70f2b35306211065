#!/usr/bin/env bash
# Times the stdkit binary against the parse floor (examples/parse_floor.rs: walk + parse every
# YAML file into a generic value, in parallel) on generated systems, and prints the ratios the
# performance targets are stated in. Not part of the test suite.
#
#   scripts/bench.sh                 # 1k, 10k, 100k standards
#   SIZES="1000 10000" scripts/bench.sh
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time). Data goes to tmpfs
# (/dev/shm) by default: on a disk mounted with `discard`, creating and deleting tens of
# thousands of files costs seconds of kernel time that varies from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000}"
DATA="${BENCH_DIR:-/dev/shm/stdkit-bench}"
RUNS="${RUNS:-5}"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }

cargo build --release --quiet --bin stdkit --example gen_system --example parse_floor
BIN=target/release/stdkit
FLOOR=target/release/examples/parse_floor
GEN=target/release/examples/gen_system
mkdir -p "$DATA"

mean() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$1"; }
time_cmd() { # name, command…
  local name=$1; shift
  hyperfine --style none --warmup 1 --runs "$RUNS" -N --export-json "$DATA/$name.json" "$*" >/dev/null 2>&1 || \
    hyperfine --style none --warmup 1 --runs "$RUNS" -i -N --export-json "$DATA/$name.json" "$*" >/dev/null
  mean "$DATA/$name.json"
}
peak_mib() { /usr/bin/time -f %M "$@" >/dev/null 2>"$DATA/time.txt" || true; echo $(( $(tail -1 "$DATA/time.txt") / 1024 )); }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
declare -A T
for n in $SIZES; do
  sys="$DATA/s$n"
  [ -f "$sys/stdkit.yaml" ] || "$GEN" "$n" "$sys" 2>/dev/null
  T[floor$n]=$(time_cmd "floor$n" "$FLOOR" "$sys")
  T[check$n]=$(time_cmd "check$n" "$BIN" check -q "$sys")
  T[table$n]=$(time_cmd "table$n" "$BIN" table --format md -o "$DATA/table$n.md" "$sys")
  if [ "$n" -le 10000 ]; then
    T[build$n]=$(time_cmd "build$n" "$BIN" build -q -o "$DATA/out$n" "$sys")
  fi
  mem=$(peak_mib "$BIN" check -q "$sys")
  printf '%7d standards: floor %7.3fs  check %7.3fs (%.2f× floor, %d MiB)  table %7.3fs (%.2f×)' \
    "$n" "${T[floor$n]}" "${T[check$n]}" "$(echo "${T[check$n]} / ${T[floor$n]}" | bc -l)" "$mem" \
    "${T[table$n]}" "$(echo "${T[table$n]} / ${T[floor$n]}" | bc -l)"
  if [ -n "${T[build$n]:-}" ]; then
    printf '  build %7.3fs (%.2f×)' "${T[build$n]}" "$(echo "${T[build$n]} / ${T[floor$n]}" | bc -l)"
  fi
  echo
done
if [ -n "${T[check10000]:-}" ] && [ -n "${T[check100000]:-}" ]; then
  printf 'scaling 10k → 100k: check %.2f×, table %.2f× (target ≤ 12×)\n' \
    "$(echo "${T[check100000]} / ${T[check10000]}" | bc -l)" "$(echo "${T[table100000]} / ${T[table10000]}" | bc -l)"
fi
echo "targets: check ≤ 2× floor and ≤ 200 MiB at 10k; build ≤ 10× floor at 10k"
