#!/usr/bin/env bash
# The Ansible deploy, for real, on this machine (connection local, a temporary corvid_root, a free port):
#   lint (yamllint, ansible-lint, syntax check, systemd-analyze on the unit) → deploy → the app answers as a non-root
#   user → a second deploy keeps the data → a release that cannot start is rolled back automatically and the play
#   fails → the rollback playbook → a stale lock is refused, a fresh one cannot be forced, a stale one is broken with
#   force_deploy → old releases are pruned.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/test/lib.sh
need ansible-playbook ansible-core
need ansible-lint ansible-lint
need yamllint yamllint
need curl curl

echo "== lint"
yamllint -s deploy grafana
(cd deploy/ansible && ansible-lint -q --offline 2>&1 | tail -n 3) || fail "ansible-lint"
pass "yamllint and ansible-lint clean"
export ANSIBLE_CONFIG=$PWD/deploy/ansible/ansible.cfg ANSIBLE_NOCOLOR=1
ansible-playbook --syntax-check -i deploy/ansible/inventory/localhost.yml deploy/ansible/deploy.yml >/dev/null
ansible-playbook --syntax-check -i deploy/ansible/inventory/localhost.yml deploy/ansible/rollback.yml >/dev/null
pass "playbooks parse"

root=$(mktemp -d /tmp/corvid-deploy-test.XXXXXX)
chmod 755 "$root"
port=$(free_port)
base=http://127.0.0.1:$port
if [ "$(id -u)" = 0 ]; then
  user=(-e corvid_user=corvid-ci -e corvid_group=corvid-ci -e corvid_manage_user=true)
else
  user=(-e "corvid_user=$(id -un)" -e "corvid_group=$(id -gn)" -e corvid_manage_user=false)
fi
cleanup() {
  [ -x "$root/bin/corvidctl" ] && "$root/bin/corvidctl" stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap cleanup EXIT

# The systemd unit as the role renders it; systemd is not PID 1 here, but `verify` still lints the unit.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$root/unit"
  ansible localhost -c local -m ansible.builtin.template -e corvid_root=/opt/corvid -e corvid_user=root \
    -e corvid_group=root -a "src=deploy/ansible/roles/corvid/templates/corvid.service.j2 dest=$root/unit/corvid.service" \
    >/dev/null
  out=$(systemd-analyze verify "$root/unit/corvid.service" 2>&1 | grep -v -e "opt/corvid" -e "Cannot add dependency" || true)
  [ -z "$out" ] || fail "systemd-analyze verify: $out"
  rm -rf "$root/unit"
  pass "systemd unit verifies"
fi

echo "== package"
CORVID_SKIP_BUILD=1 ./corvid package

play() {
  ansible-playbook -i deploy/ansible/inventory/localhost.yml "$@" -e "corvid_root=$root" -e "corvid_http_port=$port" \
    -e corvid_health_timeout=120 "${user[@]}"
}
deploy() {
  play deploy/ansible/deploy.yml -e "corvid_artifact=$PWD/platform-app/target/corvid-release.tar" "$@"
}
current() {
  basename "$(readlink "$root/current")"
}

echo "== deploy a first release"
deploy >"$root/deploy-1.log" 2>&1 || { tail -n 30 "$root/deploy-1.log"; fail "first deploy"; }
first=$(current)
for probe in started live ready; do
  curl -sf "$base/q/health/$probe" >/dev/null || fail "/q/health/$probe is not UP after the first deploy"
done
owner=$(ps -o user= -p "$(pgrep -f "$root/current/quarkus-app/quarkus-run.jar" | head -n 1)")
[ "$owner" != root ] || fail "the service runs as root"
[ "$(stat -c %a "$root/current/corvid.env")" = 640 ] || fail "corvid.env is not mode 0640"
key=$(cat "$root/shared/data/admin-key")
curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '[{"id": "1", "content": "written before the second deploy"}]' \
  "$base/api/v1/markov/scopes/deploy-test/messages/batch" >/dev/null || fail "a write with the first-run admin key"
pass "release $first serves as $owner; the first-run admin key is in shared/data and writes"

echo "== deploy a second release"
deploy >"$root/deploy-2.log" 2>&1 || { tail -n 30 "$root/deploy-2.log"; fail "second deploy"; }
second=$(current)
[ "$second" != "$first" ] || fail "the second deploy did not switch releases"
curl -sf "$base/api/v1/markov/scopes/deploy-test" | grep -q '"messages":1' || fail "data lost across deploys"
pass "release $second serves the data written under $first"

echo "== deploy a release that cannot start (Discord enabled without a token)"
if deploy -e '{"corvid_env": {"CORVID_DISCORD_ENABLED": "true"}}' >"$root/deploy-3.log" 2>&1; then
  fail "the broken deploy succeeded"
fi
grep -q "Rolled back to $second" "$root/deploy-3.log" || { tail -n 20 "$root/deploy-3.log"; fail "no rollback"; }
grep -q "corvid.discord.token is not set" "$root/deploy-3.log" || fail "the failure does not say why"
[ "$(current)" = "$second" ] || fail "current is $(current), not $second"
curl -sf "$base/q/health/ready" >/dev/null || fail "the rolled-back release is not ready"
[ "$(ls "$root/failed" | wc -l)" = 1 ] || fail "the failed release was not kept aside"
pass "the broken release failed the gate, $second serves again, the play failed and said why"

echo "== rollback playbook"
play deploy/ansible/rollback.yml >"$root/rollback.log" 2>&1 || { tail -n 20 "$root/rollback.log"; fail "rollback"; }
[ "$(current)" = "$first" ] || fail "rollback went to $(current), not $first"
curl -sf "$base/q/health/ready" >/dev/null || fail "not ready after the rollback"
pass "rolled back from $second to $first"

echo "== deploy lock"
mkdir "$root/deploy.lock" && echo "a deploy that died" >"$root/deploy.lock/owner"
touch -d '2 hours ago' "$root/deploy.lock"
if deploy >"$root/deploy-4.log" 2>&1; then fail "a deploy ran past a held lock"; fi
grep -q "Another deploy holds" "$root/deploy-4.log" || fail "the lock refusal does not say why"
touch "$root/deploy.lock"
if deploy -e force_deploy=true >"$root/deploy-5.log" 2>&1; then fail "force_deploy broke a fresh lock"; fi
grep -q "may still be running" "$root/deploy-5.log" || fail "the fresh-lock refusal does not say why"
touch -d '2 hours ago' "$root/deploy.lock"
deploy -e force_deploy=true -e corvid_keep_releases=2 >"$root/deploy-6.log" 2>&1 \
  || { tail -n 30 "$root/deploy-6.log"; fail "force_deploy did not break a stale lock"; }
[ ! -e "$root/deploy.lock" ] || fail "the lock was left behind"
curl -sf "$base/q/health/ready" >/dev/null || fail "not ready after the forced deploy"
pass "a held lock refused, a fresh one not forced, a stale one broken with force_deploy"
[ "$(ls "$root/releases" | wc -l)" = 2 ] || fail "corvid_keep_releases=2 kept $(ls "$root/releases" | wc -l)"
pass "old releases pruned to corvid_keep_releases"

"$root/bin/corvidctl" stop >/dev/null
echo "deploy test: all passed"
