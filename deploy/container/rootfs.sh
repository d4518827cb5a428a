#!/usr/bin/env bash
# The image's base, built here without a registry or a daemon: the C libraries the JVM, ONNX Runtime and the bundled
# PostgreSQL need (unpacked from Debian packages), bash for the health check, a Java runtime made with jlink from the
# build JDK, a non-root user, and the directories the app writes. Jib layers it under the app (the `image` profile of
# platform-app). usage: deploy/container/rootfs.sh OUT_DIR
set -euo pipefail
out=${1:?usage: rootfs.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
java_home=$("$here/../../corvid" java-home)
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)

# glibc and friends (libc6: the loader, libc, libm, libpthread, librt, libdl), the C++ runtime ONNX Runtime links,
# zlib, and bash with its terminfo library. The bundled PostgreSQL brings its own libraries (ICU, OpenSSL, libxml2).
# No package scripts run: dpkg -x only unpacks.
packages=(libc6 libgcc-s1 libstdc++6 zlib1g bash libtinfo6)
debs=$(mktemp -d)
(cd "$debs" && apt-get download -qq "${packages[@]}" >/dev/null 2>&1) || {
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null; else sudo -n apt-get update -qq >/dev/null; fi
  (cd "$debs" && apt-get download -qq "${packages[@]}" >/dev/null)
}
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$out"; done
# The C.UTF-8 locale (initdb and the JVM's file-name encoding want a UTF-8 locale); nothing else of libc-bin.
(cd "$debs" && apt-get download -qq libc-bin >/dev/null 2>&1)
mkdir -p "$debs/libc-bin" "$out/usr/lib/locale"
dpkg -x "$debs"/libc-bin_*.deb "$debs/libc-bin"
cp -a "$debs/libc-bin/usr/lib/locale/C.utf8" "$out/usr/lib/locale/"
rm -rf "$debs" "$out/usr/share/doc" "$out/usr/share/man" "$out/usr/share/info" "$out/usr/share/lintian" \
  "$out/usr/share/locale" "$out/usr/share/bash-completion"
# Debian 12's packages still install to /lib; merge as its base-files does (/lib -> usr/lib, /bin -> usr/bin).
for dir in lib lib64 bin sbin; do
  if [ -d "$out/$dir" ] && [ ! -L "$out/$dir" ]; then
    mkdir -p "$out/usr/$dir"
    cp -a "$out/$dir/." "$out/usr/$dir/"
    rm -rf "${out:?}/$dir"
  fi
done
# Jib copies links as the files they point to; the loader must be at the path every binary names.
mkdir -p "$out/lib64" "$out/bin"
cp -L "$out/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$out/lib64/ld-linux-x86-64.so.2"
cp -L "$out/usr/bin/bash" "$out/bin/bash"
ln -sf bash "$out/bin/sh"

# The Java runtime: only the modules the platform uses (java --list-modules of a full JDK has 70).
"$java_home/bin/jlink" --output "$out/opt/java" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata \
  --include-locales=en

# A non-root user (uid 10001) and the places it writes: /var/lib/corvid (the data volume) and /tmp.
mkdir -p "$out/etc" "$out/var/lib/corvid" "$out/tmp" "$out/opt/corvid/bin"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\ncorvid:x:10001:10001:Corvid:/var/lib/corvid:/usr/sbin/nologin\n' \
  >"$out/etc/passwd"
printf 'root:x:0:\ncorvid:x:10001:\n' >"$out/etc/group"
echo 'hosts: files dns' >"$out/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >"$out/etc/hosts"  # runtimes mount their own
cp "$here/healthcheck" "$out/opt/corvid/bin/healthcheck"
cp "$here/../../platform-app/jvm.options" "$out/opt/corvid/jvm.options"
echo "rootfs: $(du -sh "$out" | cut -f1) in $out"
