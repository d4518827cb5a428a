# Helpers for the operations tests and the load scripts (sourced). They install what they need from Debian when missing.

# need COMMAND PACKAGE: installs PACKAGE with apt-get when COMMAND is missing (as root, or through passwordless sudo).
need() {
  local command=$1 package=$2 sudo=""
  command -v "$command" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "corvid: $command is missing; install the Debian package $package (apt-get install $package)" >&2
      exit 2
    fi
  fi
  echo "corvid: installing $package (for $command)"
  if [ -z "${CORVID_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null
    CORVID_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

# unpacked PACKAGE DIR: the Debian package's files under DIR without running its scripts (apt-get download + dpkg -x),
# for daemons we only want to run in the foreground (Prometheus). Kept between runs.
unpacked() {
  local package=$1 dir=$2 tmp
  [ -d "$dir/usr" ] && return 0
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq "$package" >/dev/null 2>&1) || {
    [ -n "${CORVID_APT_UPDATED:-}" ] || { if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null; else sudo -n apt-get update -qq >/dev/null; fi; CORVID_APT_UPDATED=1; }
    (cd "$tmp" && apt-get download -qq "$package" >/dev/null)
  }
  mkdir -p "$dir"
  dpkg -x "$tmp"/"$package"_*.deb "$dir"
  rm -rf "$tmp"
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
  local url=$1 seconds=$2 i
  for i in $(seq 1 $((seconds * 4))); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.25
  done
  echo "ops test: $url did not answer 200 within $seconds s" >&2
  return 1
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

pass() {
  echo "ok - $*"
}
