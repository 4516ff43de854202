#!/usr/bin/env bash
# Builds Panah's Docker image for real, with Podman, and checks the container: it runs as a
# non-root user, passes its HEALTHCHECK, answers `panah ask` in English and Persian, and stops
# with exit status 0 on SIGTERM.
#
# No image registry is reachable from Panah's machines (only package registries), so the
# official Node image cannot be pulled. The image is built instead on a base made here: a
# minimal Debian bookworm root file system from Debian's packages (mmdebstrap), with this
# machine's Node (the one the tests run on: Node 20) copied in where the official image keeps
# it (/usr/local), and a `node` user with uid 1000, as in the official image. The Dockerfile
# is built unchanged but for `--build-arg BASE=<that base>`: both stages, `npm ci` from the
# committed lockfile, better-sqlite3 compiled in the first stage.
#
# The base is kept between runs in Podman's storage (its tag names the Debian suite, the Node
# version, this recipe's revision and the CA bundle), and Podman keeps the build's layers, so
# a second run rebuilds only what changed. Run as root: installs Podman, runc and mmdebstrap
# with apt when they are missing and configures Podman for runc with `default_ulimits = []`
# (crun fails here on setrlimit) in /etc/containers/containers.conf.d/.
#
# Usage: sudo scripts/container/check-image.sh
#   FRESH=1     rebuilds the base and the image without Podman's layer cache
#   KEEP=1      leaves the container and its volume for a look afterwards
# One `check-image: PASS: ...` line per check; the first failure prints the container's log
# and exits non-zero.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suite=bookworm
recipe=1 # bump when the base's recipe below changes
image=localhost/panah:check
ctr=panah-check-$$
vol=panah-check-data-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/panah-check-image.XXXXXX")
started=$SECONDS
ran_container=0

say() { printf 'check-image: %s\n' "$*"; }
pass() { printf 'check-image: PASS: %s\n' "$*"; }
fail() {
  printf 'check-image: FAIL: %s\n' "$*" >&2
  if [[ $ran_container == 1 ]]; then
    printf -- '--- container log (last 40 lines) ---\n' >&2
    podman logs --tail 40 "$ctr" >&2 2>&1 || true
  fi
  exit 1
}
cleanup() {
  if [[ $ran_container == 1 && ${KEEP:-0} != 1 ]]; then
    podman rm -f -t 0 "$ctr" >/dev/null 2>&1 || true
    podman volume rm -f "$vol" >/dev/null 2>&1 || true
  elif [[ $ran_container == 1 ]]; then
    say "kept container $ctr and volume $vol (podman rm -f $ctr; podman volume rm $vol)"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# A log file's last lines, for a failed step.
tail_of() { printf -- '--- %s (last 40 lines) ---\n' "$1" >&2; tail -n 40 "$1" >&2; }

[[ $(id -u) == 0 ]] || fail "run as root (Podman here works as root only)"

# --- Tools and configuration ---------------------------------------------------------------
missing=()
for tool in podman runc mmdebstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  say "installing ${missing[*]} with apt"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends podman runc conmon netavark mmdebstrap; } >"$work/apt.log" 2>&1 ||
    { tail_of "$work/apt.log"; fail "apt-get install podman runc mmdebstrap"; }
fi
conf=/etc/containers/containers.conf.d/50-panah-runc.conf
want=$'# Written by Panah\'s scripts/container/check-image.sh: crun fails on setrlimit here.\n[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"'
if [[ ! -f $conf || $(<"$conf") != "$want" ]]; then
  mkdir -p "$(dirname "$conf")"
  printf '%s\n' "$want" >"$conf"
  say "configured Podman: runc, default_ulimits = [] ($conf)"
fi
runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null) || fail "podman info"
[[ $runtime == runc ]] || fail "Podman's runtime is $runtime, not runc: see $conf"
say "$(podman --version), runtime $runtime"

# --- The base: Debian from Debian's packages, with the tests' Node -------------------------
node_bin=$(readlink -f "$(command -v node)")
prefix=$(dirname "$(dirname "$node_bin")")
node_version=$("$node_bin" -v)
node_major=${node_version%%.*}
[[ -d $prefix/lib/node_modules/npm && -d $prefix/include/node ]] ||
  fail "this machine's Node ($node_bin) has no npm or headers under $prefix"
# The network's TLS is re-signed by its egress proxy: the base carries this machine's CA
# bundle for npm (a path of its own, which update-ca-certificates leaves alone).
ca=/etc/ssl/certs/ca-certificates.crt
[[ -r $ca ]] || fail "no CA bundle at $ca"
ca_hash=$(sha256sum "$ca" | cut -c1-8)
base=localhost/panah-ci-base:$suite-node${node_version#v}-r$recipe-$ca_hash

step=$SECONDS
if [[ ${FRESH:-0} != 1 ]] && podman image exists "$base"; then
  say "base $base is there (FRESH=1 rebuilds it)"
else
  say "building the base $base: Debian $suite (mmdebstrap) + Node $node_version from $prefix"
  root=$work/rootfs
  mmdebstrap --variant=minbase --mode=root --format=directory --include=libstdc++6 "$suite" "$root" \
    "deb http://deb.debian.org/debian $suite main" \
    "deb http://deb.debian.org/debian $suite-updates main" \
    "deb http://deb.debian.org/debian-security $suite-security main" >"$work/mmdebstrap.log" 2>&1 ||
    { tail_of "$work/mmdebstrap.log"; fail "mmdebstrap $suite"; }
  # The official image's layout: node, npm and the headers under /usr/local.
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules" "$root/usr/local/include" \
    "$root/usr/local/etc" "$root/usr/local/share/panah-ci"
  cp -a "$node_bin" "$root/usr/local/bin/node"
  cp -a "$prefix/lib/node_modules/npm" "$root/usr/local/lib/node_modules/npm"
  cp -a "$prefix/include/node" "$root/usr/local/include/node"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  cp "$ca" "$root/usr/local/share/panah-ci/ca-certificates.crt"
  # node-gyp compiles against these headers (nothing to download); npm trusts the proxy's CA.
  printf 'nodedir=/usr/local\ncafile=/usr/local/share/panah-ci/ca-certificates.crt\nfund=false\naudit=false\nupdate-notifier=false\n' \
    >"$root/usr/local/etc/npmrc"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  [[ $(chroot "$root" /usr/local/bin/node -v) == "$node_version" ]] || fail "Node does not run in the base"
  # Older bases of this recipe go: one is enough.
  for old in $(podman images --format '{{.Repository}}:{{.Tag}}' localhost/panah-ci-base); do
    [[ $old == "$base" ]] || podman rmi "$old" >/dev/null 2>&1 || true
  done
  tar -C "$root" --numeric-owner -c . |
    podman import --change 'CMD ["node"]' --change "ENV NODE_VERSION=${node_version#v}" \
      --message "Debian $suite from Debian's packages + Node $node_version (Panah's CI base)" \
      - "$base" >"$work/import.log" 2>&1 || { tail_of "$work/import.log"; fail "podman import"; }
  rm -rf "$root"
fi
say "base ready in $((SECONDS - step)) s"

# --- The image: the Dockerfile as it is, on that base --------------------------------------
step=$SECONDS
old_id=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
# --format docker: an OCI image (Podman's default) has no HEALTHCHECK.
build_flags=(--format docker --network host --pull=never --build-arg "BASE=$base" -t "$image" -f "$repo/Dockerfile")
[[ ${FRESH:-0} == 1 ]] && build_flags+=(--no-cache)
say "building $image from the Dockerfile with BASE=$base (log: podman build)"
podman build "${build_flags[@]}" "$repo" >"$work/build.log" 2>&1 ||
  { tail_of "$work/build.log"; fail "podman build"; }
new_id=$(podman image inspect --format '{{.Id}}' "$image")
[[ -n $old_id && $old_id != "$new_id" ]] && { podman rmi "$old_id" >/dev/null 2>&1 || true; }
[[ $(podman image inspect --format '{{.Config.User}}' "$image") == node ]] ||
  fail "the image's USER is not node"
[[ $(podman image inspect --format '{{json .HealthCheck}}' "$image") == *healthz* ]] ||
  fail "the image has no HEALTHCHECK"
pass "the Dockerfile builds (npm ci from the lockfile) in $((SECONDS - step)) s, $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}')"

# --- The container -------------------------------------------------------------------------
# As compose.yaml runs it (read-only root, /tmp a tmpfs, no capabilities, no new privileges),
# with /data on a volume of its own, no platform token and no network at all (the health
# check asks 127.0.0.1 inside it).
step=$SECONDS
podman volume create "$vol" >/dev/null
ran_container=1
podman run -d --name "$ctr" --network none --read-only --tmpfs /tmp --cap-drop ALL \
  --security-opt no-new-privileges -v "$vol:/data" "$image" >"$work/run.log" 2>&1 ||
  { tail_of "$work/run.log"; fail "podman run"; }

# Without systemd Podman runs no health check timer: run the image's HEALTHCHECK by hand,
# as the engine would, until it passes (the image's start period is 60 s).
status=""
for _ in $(seq 1 90); do
  [[ $(podman inspect --format '{{.State.Running}}' "$ctr") == true ]] ||
    fail "the container exited ($(podman inspect --format '{{.State.ExitCode}}' "$ctr"))"
  if podman healthcheck run "$ctr" >/dev/null 2>&1; then
    status=$(podman inspect --format '{{.State.Health.Status}}' "$ctr" 2>/dev/null ||
      podman inspect --format '{{.State.Healthcheck.Status}}' "$ctr")
    break
  fi
  sleep 1
done
[[ $status == healthy ]] || fail "HEALTHCHECK did not pass within 90 s (status: ${status:-none})"
pass "HEALTHCHECK: $status, $((SECONDS - step)) s after start"

uid=$(podman exec "$ctr" id -u)
user=$(podman exec "$ctr" id -un)
[[ $uid =~ ^[0-9]+$ && $uid != 0 ]] || fail "Panah runs as uid $uid"
pid1=$(podman exec "$ctr" sh -c 'echo $(id -u) $(stat -c %u /proc/1)')
[[ ${pid1#* } != 0 ]] || fail "PID 1 runs as root"
pass "runs as $user (uid $uid), PID 1 too"

image_node=$(podman exec "$ctr" node -v)
[[ ${image_node%%.*} == "$node_major" ]] || fail "the image's Node is $image_node, the tests' $node_version"
pass "the image's Node is $image_node, the tests' $node_version"

podman exec "$ctr" test -s /data/panah.db || fail "no database in the /data volume"
pass "the database is on the /data volume ($(podman exec "$ctr" stat -c '%U %s bytes' /data/panah.db))"

# One question per language: a real answer (not "did you mean" or the fallback), about Bale,
# in the question's language.
ask() { # language, expected intent, expected word, question
  local json text
  json=$(podman exec "$ctr" node bin/panah.js ask --json "$4" 2>"$work/ask.err") ||
    { tail_of "$work/ask.err"; fail "panah ask --json '$4'"; }
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const [json, lang, intent] = process.argv.slice(1);
    const r = JSON.parse(json);
    if (r.decision !== "answer" || r.intent !== intent || r.language !== lang) {
      console.error(`expected an answer from ${intent} in ${lang}, got ${json}`);
      process.exit(1);
    }' "$json" "$1" "$2" || fail "panah ask '$4'"
  text=$(podman exec "$ctr" node bin/panah.js ask "$4" 2>"$work/ask.err") ||
    { tail_of "$work/ask.err"; fail "panah ask '$4'"; }
  grep -q -- "$3" <<<"$text" || fail "the answer to '$4' does not mention $3: $(head -c 300 <<<"$text")"
  pass "panah ask '$4' ($1): answers with $2, $(wc -l <<<"$text") lines, first: $(head -n 1 <<<"$text")"
}
ask en bale "Bale" "is bale safe"
ask fa bale "بله" "بله امنه؟"

# SIGTERM: `podman stop` sends it, then SIGKILL after 15 s (compose's stop_grace_period).
step=$SECONDS
podman stop -t 15 "$ctr" >/dev/null 2>&1 || fail "podman stop"
code=$(podman inspect --format '{{.State.ExitCode}}' "$ctr")
took=$((SECONDS - step))
[[ $code == 0 ]] || fail "after SIGTERM the container exited with $code in $took s"
((took < 15)) || fail "SIGTERM took $took s: killed at the timeout?"
pass "SIGTERM (podman stop): exit $code in $took s"

say "ok: all checks passed in $((SECONDS - started)) s"
