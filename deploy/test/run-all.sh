#!/usr/bin/env bash
# The operations tests, after the Maven suite (./corvid test runs both; .ci/run runs ./corvid test):
#   deploy-test.sh      Ansible deploy, health gate, automatic rollback, rollback playbook, lock, linters
#   image-test.sh       the OCI image: config from the tarball, then its files run as uid 10001
#   prometheus-test.sh  alert rules (promtool) and every dashboard/rule expression against the running platform
#   manifests-test.sh   deploy/k8s and deploy/compose validated offline
# They use the build the Maven suite just made, install their Debian/npm packages when missing, and clean up.
set -euo pipefail
cd "$(dirname "$0")"
export CORVID_SKIP_BUILD=${CORVID_SKIP_BUILD:-1}
start=$SECONDS
for test in deploy-test.sh image-test.sh prometheus-test.sh manifests-test.sh; do
  echo
  echo "######## $test"
  t0=$SECONDS
  ./"$test"
  echo "######## $test passed in $((SECONDS - t0)) s"
done
echo
echo "operations tests: all passed in $((SECONDS - start)) s"
