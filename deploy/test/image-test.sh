#!/usr/bin/env bash
# The OCI image: built without a daemon (./corvid image), its config read from the tarball (non-root user, entrypoint
# with jvm.options, port 8080, the data volume, layers), then — as root, where chroot and mount namespaces work — its
# layers unpacked and run: the platform starts as uid 10001 on the image's own Java runtime and libraries, answers
# /q/health/ready, the image's health check passes, and an embedding is computed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/test/lib.sh
need curl curl
need python3 python3

echo "== build the image"
CORVID_SKIP_BUILD=${CORVID_SKIP_BUILD:-1} ./corvid image
tarball=platform-app/target/corvid-image.tar
work=$(mktemp -d /tmp/corvid-image-test.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== read its config"
python3 - "$tarball" "$work/rootfs" <<'PY'
import io, json, sys, tarfile
tarball, rootfs = sys.argv[1], sys.argv[2]
outer = tarfile.open(tarball)
blob = lambda digest: outer.extractfile("blobs/sha256/" + digest.split(":")[1]).read()
index = json.loads(outer.extractfile("index.json").read())
manifest = json.loads(blob(index["manifests"][0]["digest"]))
config = json.loads(blob(manifest["config"]["digest"]))["config"]
def check(ok, what):
    if not ok:
        sys.exit("FAIL: " + what)
    print("ok - " + what)
check(config["User"] == "10001:10001", f"runs as uid 10001, not root (User={config['User']})")
entry = " ".join(config["Entrypoint"])
check("@/opt/corvid/jvm.options" in entry and "quarkus-run.jar" in entry, f"entrypoint: {entry}")
check(list(config["ExposedPorts"]) == ["8080/tcp"], "exposes 8080/tcp")
check(list(config["Volumes"]) == ["/var/lib/corvid"] and config["WorkingDir"] == "/var/lib/corvid",
      "data on the /var/lib/corvid volume, the working directory")
check("LANG=C.UTF-8" in config["Env"], "a UTF-8 locale")
files = {}
for layer in manifest["layers"]:
    with tarfile.open(fileobj=io.BytesIO(blob(layer["digest"])), mode="r:gz") as t:
        for m in t.getmembers():
            files["/" + m.name.lstrip("./")] = m
        t.extractall(rootfs, filter="fully_trusted")
sizes = ", ".join(f"{layer['size'] / 1e6:.0f} MB" for layer in manifest["layers"])
check(len(manifest["layers"]) == 3, f"three layers: base, dependencies, app ({sizes} compressed)")
check(not any(name.startswith("/app/") for name in files), "no duplicate of the app in Jib's default /app layers")
for path, mode in (("/opt/java/bin/java", 0o755), ("/bin/bash", 0o755), ("/lib64/ld-linux-x86-64.so.2", 0o755),
                   ("/opt/corvid/bin/healthcheck", 0o755), ("/opt/corvid/app/quarkus-run.jar", 0o644)):
    check(path in files and files[path].mode & 0o777 == mode, f"{path} mode {oct(mode)}")
# What a container runtime would do: the config's environment, working directory and entrypoint.
import shlex
with open(rootfs + "/.run-as-container", "w") as run:
    run.write("".join(f"export {shlex.quote(e)}\n" for e in config["Env"]))
    run.write("export QUARKUS_HTTP_PORT=\"$1\"\n")
    run.write(f"cd {shlex.quote(config['WorkingDir'])}\nexec {shlex.join(config['Entrypoint'])}\n")
check(open("platform-app/jvm.options").read().encode() == open(rootfs + "/opt/corvid/jvm.options", "rb").read(),
      "jvm.options is platform-app/jvm.options")
PY

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
  echo "image test: config checked; running the image's files needs root (chroot, mount namespace): skipped"
  exit 0
fi
echo "== run the image's files: its environment, working directory and entrypoint, chroot as uid 10001"
port=$(free_port)
rootfs=$work/rootfs
mkdir -p "$rootfs/proc" "$rootfs/dev"
unshare -m bash -c "mount -t proc proc '$rootfs/proc' && mount --rbind /dev '$rootfs/dev' \
  && exec env -i /usr/sbin/chroot --userspec=10001:10001 '$rootfs' /bin/bash /.run-as-container $port" \
  >"$work/app.log" 2>&1 &
pid=$!
wait_http "http://127.0.0.1:$port/q/health/ready" 120 || { tail -n 30 "$work/app.log"; fail "the image did not start"; }
pass "the image's platform is ready"
/usr/sbin/chroot "$rootfs" /opt/corvid/bin/healthcheck "http://127.0.0.1:$port/q/health/ready" \
  || fail "the image's health check failed on a ready platform"
if /usr/sbin/chroot "$rootfs" /opt/corvid/bin/healthcheck "http://127.0.0.1:$port/no/such/path"; then
  fail "the health check passed on a 404"
fi
pass "its health check passes on ready and fails otherwise"
owner=$(stat -c %u "$rootfs/var/lib/corvid/pg")
[ "$owner" = 10001 ] || fail "the database belongs to uid $owner, not 10001"
curl -sf -H 'Content-Type: application/json' -d '{"input": ["hello from the image"]}' \
  "http://127.0.0.1:$port/v1/embeddings" | grep -q '"embedding":\[' || fail "no embedding from the image"
pass "the data volume is written by uid 10001; ONNX Runtime runs on the image's libraries"
echo "image test: all passed"
