import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../../..');
export const K8S = join(ROOT, 'deploy/k8s');

/** The five apps, as the manifests name them (Deployment, Service, Job `migrate-<app>`). */
export const APPS = ['dispatch', 'identity', 'media', 'flow-runtime', 'presence'] as const;
export type AppName = (typeof APPS)[number];

/** Every overlay under deploy/k8s/overlays: each one is rendered and checked, none is skipped. */
export const OVERLAYS = readdirSync(join(K8S, 'overlays'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The kubectl to render with: `$KUBECTL`, or `kubectl` on the PATH. */
export function kubectlCommand(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

let checked = false;
function assertKubectl(): void {
  if (checked) return;
  const probe = spawnSync(kubectlCommand(), ['version', '--client'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `kubectl is needed to render the Kustomize overlays and was not found (${kubectlCommand()}: ` +
        `${probe.error?.message ?? probe.stderr.trim()}). Install it: \`apt-get install kubernetes-client\` ` +
        '(Debian; .ci/run does this) or any kubectl >= 1.20, or point $KUBECTL at one.',
    );
  }
  checked = true;
}

const rendered = new Map<string, K8sObject[]>();

/** `kubectl kustomize deploy/k8s/overlays/<overlay>`, parsed; fails loudly on any error. */
export function render(overlay: string): K8sObject[] {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  assertKubectl();
  const result = spawnSync(kubectlCommand(), ['kustomize', join(K8S, 'overlays', overlay)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`kubectl kustomize deploy/k8s/overlays/${overlay} failed:\n${result.stderr}`);
  }
  const objects = parseYamlDocuments(result.stdout, `overlay ${overlay}`) as K8sObject[];
  rendered.set(overlay, objects);
  return objects;
}

export function parseYamlDocuments(text: string, what: string): unknown[] {
  const documents = parseAllDocuments(text, { merge: true }); // `<<:` keys, as Compose reads them
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) throw new Error(`${what}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

export const ofKind = <T = K8sObject>(objects: K8sObject[], kind: string): T[] =>
  objects.filter((o) => o.kind === kind) as T[];

export function named<T extends K8sObject>(objects: T[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

export const describeObject = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

// The parts of workload objects the checks read (the full shapes are checked by the API schemas).
export interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}
export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  initContainers?: Container[];
  containers: Container[];
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}
export interface Workload extends K8sObject {
  spec: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template: PodTemplate };
}

/** The pod template of a Deployment or Job. */
export const podOf = (workload: K8sObject): PodTemplate => (workload as Workload).spec.template;
