#!/usr/bin/env bash
# Replays what Panah's Docker image does, where no Docker engine runs: reads the Dockerfile's
# final stage, copies what its COPY lines copy into a clean directory (checking .dockerignore
# lets each in), installs the production dependencies there as the deps stage does, then
# starts Panah with the image's ENV, ENTRYPOINT and CMD and the baked configuration (the
# endpoint's port moved to a free loopback one, /app and /data moved into the directory), with
# no platform tokens and no terminal, as a fresh container. It passes when the image's HEALTHCHECK
# command passes, /readyz and /metrics answer, and SIGTERM ends Panah with status 0.
#
# Usage: scripts/replay-image.sh          (KEEP=1 keeps the directory for a look afterwards)
# The npm cache is used first (--prefer-offline); the first run may need the registry.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/panah-image.XXXXXX")
app=$work/app
data=$work/data
log=$work/panah.log
pid=""

say() { printf 'replay: %s\n' "$*"; }
fail() {
  printf 'replay: FAILED: %s\n' "$*" >&2
  if [[ -s $log ]]; then
    printf -- '--- Panah log ---\n' >&2
    tail -n 40 "$log" >&2
  fi
  exit 1
}
cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  if [[ ${KEEP:-0} == 1 ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The final stage's instructions, one per line (continuations joined).
stage=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$repo/Dockerfile" |
  awk '/^FROM /{n++; buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' |
  grep -Ev '^[[:space:]]*(#|$)')
instruction() { grep -E "^$1[[:space:]]" <<<"$stage" | sed -E "s/^$1[[:space:]]+//" || true; }
json_words() { node -e 'for (const w of JSON.parse(process.argv[1])) console.log(w)' "$1"; }

# /app (WORKDIR) and /data, moved into the work directory.
[[ $(instruction WORKDIR) == /app ]] || fail "the final stage's WORKDIR is not /app"
relocate() { sed -e "s#^/app\\b#$app#" -e "s#^/data\\b#$data#"; }
mkdir -p "$app" "$data" "$work/home"

say "copying what the Dockerfile copies into $app"
while read -r line; do
  [[ $line == --from=* ]] && continue
  read -r -a words <<<"$line"
  [[ ${#words[@]} == 2 ]] || fail "COPY with more than one source: $line"
  source=${words[0]} target=${words[1]}
  grep -qxE "!${source%/}/?" "$repo/.dockerignore" || fail ".dockerignore keeps $source out of the build"
  target=$(relocate <<<"$target")
  [[ $target == /* ]] || target=$app/${target#./}
  mkdir -p "$(dirname "$target")"
  cp -R "$repo/$source" "$target"
done < <(instruction COPY)

# npm ci spends most of its time compiling better-sqlite3 (no prebuilt binary offline), so a
# clean install is kept per lockfile, Node, npm and machine: the same inputs give the same
# node_modules. FRESH=1 installs again regardless.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/panah-replay
key=$( (cat "$app/package.json" "$app/package-lock.json"; node -v; npm -v; uname -sm) | sha256sum | cut -c1-16)
began=$SECONDS
if [[ ${FRESH:-0} != 1 && -d $cache/$key/node_modules ]]; then
  say "reusing the clean production install of this lockfile ($cache/$key; FRESH=1 to redo it)"
  cp -a "$cache/$key/node_modules" "$app/node_modules"
else
  say "installing production dependencies (npm ci --omit=dev)"
  (cd "$app" && JOBS=max npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 ||
    { cat "$work/npm.log" >&2; fail "npm ci --omit=dev"; }
  rm -rf "${cache:?}"/* && mkdir -p "$cache/$key.partial"
  cp -a "$app/node_modules" "$cache/$key.partial/" && mv "$cache/$key.partial" "$cache/$key"
fi
[[ ! -e $app/node_modules/vitest && ! -e $app/node_modules/typescript ]] || fail "development dependencies were installed"
[[ -e $app/node_modules/tsx && -e $app/node_modules/better-sqlite3 ]] || fail "production dependencies are missing"
say "dependencies in place in $((SECONDS - began)) s"

# The image's environment, nothing of this shell's but PATH.
env_args=(PATH="$PATH" HOME="$work/home")
while read -r assignment; do
  [[ $assignment == *=* ]] || fail "ENV without =: $assignment"
  env_args+=("${assignment%%=*}=$(relocate <<<"${assignment#*=}")")
done < <(instruction ENV)

# The endpoint the image's environment sets (PANAH_HTTP_PORT, PANAH_HTTP_HOST), moved to a free
# port on loopback; the baked configuration must be among the copied files.
image_port=$(instruction EXPOSE)
port=$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
config=$(printf '%s\n' "${env_args[@]}" | sed -n 's/^PANAH_CONFIG=//p')
[[ -f $config ]] || fail "PANAH_CONFIG ($config) is not among the copied files"
printf '%s\n' "${env_args[@]}" | grep -qx "PANAH_HTTP_PORT=$image_port" ||
  fail "the image's environment does not serve health on the exposed port $image_port (PANAH_HTTP_PORT)"
for i in "${!env_args[@]}"; do
  case ${env_args[$i]} in
  PANAH_HTTP_PORT=*) env_args[i]=PANAH_HTTP_PORT=$port ;;
  PANAH_HTTP_HOST=*) env_args[i]=PANAH_HTTP_HOST=127.0.0.1 ;;
  esac
done

mapfile -t command < <(json_words "$(instruction ENTRYPOINT)"; json_words "$(instruction CMD)")
healthcheck_json=$(instruction HEALTHCHECK | sed -E 's/^.*CMD[[:space:]]+//')
mapfile -t healthcheck < <(json_words "${healthcheck_json//:$image_port/:$port}")

say "starting: ${command[*]} (health on 127.0.0.1:$port)"
(cd "$app" && exec env -i "${env_args[@]}" "${command[@]}" </dev/null >"$log" 2>&1) &
pid=$!

healthy=""
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || fail "Panah exited before it was healthy"
  if (cd "$app" && env -i "${env_args[@]}" "${healthcheck[@]}") 2>/dev/null; then
    healthy=1
    break
  fi
  sleep 0.2
done
[[ -n $healthy ]] || fail "the HEALTHCHECK command did not pass within 60 s"
say "HEALTHCHECK passes"

fetch() { node -e 'fetch(process.argv[1]).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.status === 200 ? 0 : 1) }, () => process.exit(2))' "http://127.0.0.1:$port$1"; }
ready=$(fetch /readyz) || fail "/readyz is not ready: $ready"
say "/readyz: $ready"
metrics=$(fetch /metrics) || fail "/metrics does not answer"
grep -q '^panah_messages_total' <<<"$metrics" || fail "/metrics has no panah_messages_total"
say "/metrics answers"
[[ -f $data/panah.db ]] || fail "no database in PANAH_DATA_DIR"

kill -TERM "$pid"
stopped=$SECONDS
status=0
wait "$pid" || status=$?
pid=""
((status == 0)) || fail "Panah exited with status $status after SIGTERM"
say "SIGTERM: exit 0 after $((SECONDS - stopped)) s"
grep -q '"msg":"shutting down"' "$log" || fail "no shutdown line in the log"
say "ok"
