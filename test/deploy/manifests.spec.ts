import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics } from '@tp/platform';
import { schemaProblems, unknownFieldProblems } from './support/api-schemas';
import type { BarmanObjectStore, CnpgCluster, CnpgScheduledBackup } from './support/crd-schemas';
import {
  APPS,
  describeObject,
  K8S,
  named,
  ROOT,
  ofKind,
  OVERLAYS,
  parseYamlDocuments,
  podOf,
  render,
  type Container,
  type K8sObject,
  type PodSpec,
  type Workload,
} from './support/render';

const PART_OF = { 'app.kubernetes.io/part-of': 'timed-presence' };
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const RBAC = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

const entryPoint = (app: string) => `dist/apps/${app}/src/main.js`;
const matches = (selector: Record<string, string> = {}, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

interface NetworkPolicyPeer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: { protocol?: string; port?: number | string }[];
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}

/** Every `tp_*` metric the apps expose: the platform's registry, and the ones declared in the code. */
async function exposedMetrics(): Promise<Set<string>> {
  const names = new Set(
    (await new Metrics({ name: 'probe', schema: 'probe' }).registry.getMetricsAsJSON()).map((m) => m.name),
  );
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  for (const file of [...walk(join(ROOT, 'apps')), ...walk(join(ROOT, 'libs'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/name:\s*'(tp_[a-z0-9_]+)'/g))
      names.add(match[1]);
  }
  return names;
}

/** What a set of NetworkPolicies lets reach (ingress) or leave (egress) pods with these labels. */
function allowed(policies: NetworkPolicy[], labels: Record<string, string>, direction: 'ingress' | 'egress') {
  const selecting = policies.filter((p) => matches(p.spec.podSelector.matchLabels, labels));
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const isolated = selecting.some((p) => p.spec.policyTypes.includes(type));
  const rules = selecting.flatMap((p) => p.spec[direction] ?? []);
  const peers = rules
    .flatMap((rule) =>
      (rule[direction === 'ingress' ? 'from' : 'to'] ?? [{}]).flatMap((peer) =>
        (rule.ports ?? [{}]).map(
          (port) => `${JSON.stringify(peer)} :${port.port ?? '*'}/${port.protocol ?? 'TCP'}`,
        ),
      ),
    )
    .sort();
  return { isolated, peers };
}

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  let objects: K8sObject[];
  let namespace: string;

  beforeAll(() => {
    objects = render(overlay);
    const kustomization = parseYamlDocuments(
      readFileSync(join(K8S, 'overlays', overlay, 'kustomization.yaml'), 'utf8'),
      'kustomization',
    )[0] as { namespace: string };
    namespace = kustomization.namespace;
  });

  const deployment = (app: string) => named(objects, 'Deployment', app) as Workload;
  const pods = () => [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((w) => podOf(w));
  const allContainers = (spec: PodSpec): Container[] => [...(spec.initContainers ?? []), ...spec.containers];

  it('renders, and every object is valid against its API schema', () => {
    expect(objects.length).toBeGreaterThan(30);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('has no field the API does not know (a misspelt field would be dropped silently)', () => {
    expect(unknownFieldProblems(objects)).toEqual([]);
  });

  it('puts everything in its namespace, and declares that namespace', () => {
    expect(named(objects, 'Namespace', namespace).metadata.name).toBe(namespace);
    const misplaced = objects
      .filter((o) => !CLUSTER_SCOPED.has(o.kind) && o.metadata.namespace !== namespace)
      .map(describeObject);
    expect(misplaced).toEqual([]);
  });

  it.each(APPS)('runs %s: Deployment, Service, PodDisruptionBudget and migration Job', (app) => {
    const d = deployment(app);
    const pod = d.spec.template;
    const labels = pod.metadata?.labels ?? {};
    expect(labels).toMatchObject({
      ...PART_OF,
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/component': 'app',
    });
    expect(matches(d.spec.selector?.matchLabels, labels)).toBe(true);

    const [main] = pod.spec.containers;
    expect(pod.spec.containers).toHaveLength(1);
    expect(main.name).toBe(app);
    expect(main.command).toEqual(['node', entryPoint(app)]);
    expect(main.ports).toEqual([expect.objectContaining({ name: 'http' })]);
    expect(main.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(main.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(main.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });

    // The schema is migrated before the new pods serve: the Job applies, the init container waits.
    expect(pod.spec.initContainers?.map((c) => [c.name, c.image, c.command])).toEqual([
      ['wait-for-migrations', main.image, ['node', entryPoint(app), 'wait-for-migrations']],
    ]);
    const job = named(objects, 'Job', `migrate-${app}`);
    const jobPod = podOf(job);
    expect(jobPod.spec.restartPolicy).toBe('Never');
    expect(jobPod.spec.containers.map((c) => [c.image, c.command])).toEqual([
      [main.image, ['node', entryPoint(app), 'migrate']],
    ]);
    expect(jobPod.metadata?.labels).toMatchObject({ ...PART_OF, 'app.kubernetes.io/component': 'migration' });
    // Every container of the app's pods gets the same configuration as the app itself.
    for (const c of [...allContainers(pod.spec), ...jobPod.spec.containers]) {
      expect({ container: c.name, env: c.env, envFrom: c.envFrom }).toEqual({
        container: c.name,
        env: main.env,
        envFrom: main.envFrom,
      });
    }

    const service = named(objects, 'Service', app) as K8sObject & {
      spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    };
    expect(matches(service.spec.selector, labels)).toBe(true);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', targetPort: 'http' })]);

    const pdb = named(objects, 'PodDisruptionBudget', app) as K8sObject & {
      spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number };
    };
    expect(matches(pdb.spec.selector.matchLabels, labels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });

  it('runs every pod as non-root, read-only, without privileges or API credentials', () => {
    const [serviceAccount, ...more] = ofKind<K8sObject & { automountServiceAccountToken?: boolean }>(
      objects,
      'ServiceAccount',
    );
    expect(more).toEqual([]);
    expect(serviceAccount.automountServiceAccountToken).toBe(false);
    expect(objects.filter((o) => RBAC.includes(o.kind)).map(describeObject)).toEqual([]);

    for (const pod of pods()) {
      expect(pod.spec.serviceAccountName).toBe(serviceAccount.metadata.name);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(pod.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.spec.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const c of allContainers(pod.spec)) {
        expect({ container: c.name, ...c.securityContext }).toEqual({
          container: c.name,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        // Requests for scheduling and the HPA, limits so that one pod cannot starve a node.
        expect({ container: c.name, resources: c.resources }).toEqual({
          container: c.name,
          resources: {
            requests: { cpu: expect.any(String), memory: expect.any(String) },
            limits: { cpu: expect.any(String), memory: expect.any(String) },
          },
        });
      }
    }
  });

  it('runs one image, pinned to a version, in every container', () => {
    const images = new Set(pods().flatMap((p) => allContainers(p.spec).map((c) => c.image)));
    expect(images.size).toBe(1);
    const [image] = [...images];
    expect(image).toMatch(/^[^\s:]+:[\w.-]+$/);
    expect(image).not.toMatch(/:latest$/);
  });

  it('autoscales dispatch and flow-runtime, and leaves their replicas to the autoscaler', () => {
    const hpas = ofKind<
      K8sObject & {
        spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
      }
    >(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => [h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name]).sort()).toEqual([
      ['Deployment', 'dispatch'],
      ['Deployment', 'flow-runtime'],
    ]);
    for (const hpa of hpas) {
      expect(deployment(hpa.spec.scaleTargetRef.name).spec.replicas).toBeUndefined();
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    }
    if (overlay === 'prod') {
      for (const app of ['identity', 'media', 'presence'])
        expect(deployment(app).spec.replicas).toBeGreaterThanOrEqual(2);
      for (const hpa of hpas) expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });

  it("exposes dispatch's /twilio paths, and the console with the apps' /v1 admin APIs on its host", () => {
    type Ingress = K8sObject & {
      metadata: { annotations?: Record<string, string> };
      spec: {
        rules: {
          host: string;
          http: {
            paths: {
              path: string;
              pathType: string;
              backend: { service: { name: string; port: { name: string } } };
            }[];
          };
        }[];
      };
    };
    const ingresses = ofKind<Ingress>(objects, 'Ingress');
    const paths = (name: string) => named(objects, 'Ingress', name) as Ingress;
    const routes = (i: Ingress) =>
      i.spec.rules.flatMap((r) =>
        r.http.paths.map((p) => [r.host, p.path, p.pathType, p.backend.service.name]),
      );
    expect(ingresses.map((i) => i.metadata.name).sort()).toEqual([
      'console',
      'console-api',
      'dispatch-twilio',
    ]);
    expect(routes(paths('dispatch-twilio')).map(([, ...rest]) => rest)).toEqual([
      ['/twilio', 'Prefix', 'dispatch'],
    ]);
    const host = paths('console').spec.rules[0].host;
    expect(routes(paths('console'))).toEqual([[host, '/', 'Prefix', 'console']]);
    // /api/<app>/v1/x reaches the app as /v1/x; /docs, /metrics and /health are not routed.
    const api = paths('console-api');
    expect(routes(api)).toEqual(
      ['identity', 'media', 'flow-runtime', 'presence', 'dispatch'].map((app) => [
        host,
        `/api/${app}/(v1/.*)`,
        'ImplementationSpecific',
        app,
      ]),
    );
    expect(api.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/use-regex': 'true',
      'nginx.ingress.kubernetes.io/rewrite-target': '/$1',
    });
    const services = ofKind<K8sObject & { spec: { type: string } }>(objects, 'Service');
    expect(services.map((s) => s.metadata.name).sort()).toEqual([...APPS, 'console'].sort());
    expect(services.map((s) => s.spec.type)).toEqual(services.map(() => 'ClusterIP'));
  });

  it('runs the console: Deployment, Service and PodDisruptionBudget, without a database or secrets', () => {
    const d = deployment('console');
    const pod = d.spec.template;
    const [main] = pod.spec.containers;
    expect(pod.metadata?.labels).toMatchObject({ ...PART_OF, 'app.kubernetes.io/name': 'console' });
    expect(main.command).toEqual(['node', entryPoint('console')]);
    expect(main.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(main.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(pod.spec.initContainers).toBeUndefined();
    expect(main.env).toBeUndefined();
    expect(main.envFrom).toEqual([
      { configMapRef: { name: expect.stringMatching(/^timed-presence-console-config/) } },
    ]);
    const service = named(objects, 'Service', 'console') as K8sObject & {
      spec: { selector: Record<string, string> };
    };
    expect(matches(service.spec.selector, pod.metadata?.labels)).toBe(true);
    expect(named(objects, 'PodDisruptionBudget', 'console')).toBeDefined();
  });

  it('lets only the expected traffic in and out (NetworkPolicies)', () => {
    const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
    const nats = (id: string) =>
      `{"podSelector":{"matchLabels":{"app.kubernetes.io/instance":"nats","app.kubernetes.io/name":"nats"}}} :${id}/TCP`;
    const cluster = ofKind<CnpgCluster>(objects, 'Cluster')[0];
    const dns = [
      '{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"kube-system"}},"podSelector":{"matchLabels":{"k8s-app":"kube-dns"}}} :53/TCP',
      '{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"kube-system"}},"podSelector":{"matchLabels":{"k8s-app":"kube-dns"}}} :53/UDP',
    ];
    const base = [
      ...dns,
      nats('4222'),
      `{"podSelector":{"matchLabels":{"cnpg.io/cluster":"${cluster.metadata.name}"}}} :5432/TCP`,
    ].sort();
    const prometheus =
      '{"namespaceSelector":{"matchLabels":{"network.timed-presence.io/prometheus":"true"}}} :http/TCP';
    const ingressController =
      '{"namespaceSelector":{"matchLabels":{"network.timed-presence.io/ingress":"true"}}} :http/TCP';
    const fromConsole =
      '{"podSelector":{"matchLabels":{"app.kubernetes.io/component":"app","app.kubernetes.io/name":"console","app.kubernetes.io/part-of":"timed-presence"}}} :http/TCP';
    const toApps =
      '{"podSelector":{"matchLabels":{"app.kubernetes.io/component":"app","app.kubernetes.io/part-of":"timed-presence"}}} :http/TCP';
    const twilioApi =
      '{"ipBlock":{"cidr":"0.0.0.0/0","except":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","169.254.0.0/16"]}} :443/TCP';

    for (const app of APPS) {
      const labels = deployment(app).spec.template.metadata?.labels ?? {};
      expect({ app, in: allowed(policies, labels, 'ingress') }).toEqual({
        app,
        in: {
          isolated: true,
          peers: [ingressController, fromConsole, prometheus].sort(),
        },
      });
      expect({ app, out: allowed(policies, labels, 'egress') }).toEqual({
        app,
        out: { isolated: true, peers: (app === 'dispatch' ? [...base, twilioApi] : base).sort() },
      });
      const jobLabels = podOf(named(objects, 'Job', `migrate-${app}`)).metadata?.labels ?? {};
      expect(allowed(policies, jobLabels, 'ingress')).toEqual({ isolated: true, peers: [] });
      expect(allowed(policies, jobLabels, 'egress')).toEqual({ isolated: true, peers: base });
    }
    const consoleLabels = deployment('console').spec.template.metadata?.labels ?? {};
    expect(allowed(policies, consoleLabels, 'ingress')).toEqual({
      isolated: true,
      peers: [ingressController, fromConsole, prometheus].sort(),
    });
    expect(allowed(policies, consoleLabels, 'egress')).toEqual({
      isolated: true,
      peers: [...base, toApps].sort(),
    });
  });

  it('scrapes every app and alerts only on metrics that exist', async () => {
    const [monitor] = ofKind<
      K8sObject & {
        spec: {
          selector: { matchLabels: Record<string, string> };
          endpoints: { port: string; path: string }[];
        };
      }
    >(objects, 'ServiceMonitor');
    for (const service of ofKind<K8sObject & { metadata: { labels: Record<string, string> } }>(
      objects,
      'Service',
    )) {
      expect({
        service: service.metadata.name,
        scraped: matches(monitor.spec.selector.matchLabels, service.metadata.labels),
      }).toEqual({
        service: service.metadata.name,
        scraped: true,
      });
    }
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);

    const rules = ofKind<K8sObject & { spec: { groups: { rules: { alert: string; expr: string }[] }[] } }>(
      objects,
      'PrometheusRule',
    ).flatMap((r) => r.spec.groups.flatMap((g) => g.rules));
    expect(rules.length).toBeGreaterThan(5);
    const exposed = await exposedMetrics();
    const unknown = rules.flatMap((rule) =>
      [...rule.expr.matchAll(/\b(tp_[a-z0-9_]+)/g)]
        .map((m) => m[1].replace(/_(bucket|count|sum)$/, ''))
        .filter((metric) => !exposed.has(metric))
        .map((metric) => `${rule.alert}: ${metric}`),
    );
    expect(unknown).toEqual([]);
  });

  it('runs PostgreSQL by CloudNativePG, and DATABASE_URL comes from the secret it writes', () => {
    const clusters = ofKind<CnpgCluster & K8sObject>(objects, 'Cluster');
    expect(clusters).toHaveLength(1);
    const [cluster] = clusters;
    expect(cluster.spec.bootstrap.initdb).toEqual({ database: 'timed_presence', owner: 'timed_presence' });
    for (const pod of pods().filter((p) => p.spec.containers[0].name !== 'console')) {
      expect(pod.spec.containers[0].env).toContainEqual({
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: `${cluster.metadata.name}-app`, key: 'uri' } },
      });
    }
    if (overlay === 'prod') {
      expect(cluster.spec.instances).toBe(3);
      const plugin = cluster.spec.plugins?.find((p) => p.isWALArchiver);
      const store = named(
        objects,
        'ObjectStore',
        plugin?.parameters?.barmanObjectName ?? '',
      ) as BarmanObjectStore & K8sObject;
      expect(store.spec.retentionPolicy).toBeDefined();
      const backups = ofKind<CnpgScheduledBackup & K8sObject>(objects, 'ScheduledBackup');
      expect(
        backups.map((b) => [b.spec.cluster.name, b.spec.method, b.spec.pluginConfiguration?.name]),
      ).toEqual([[cluster.metadata.name, 'plugin', plugin?.name]]);
    }
  });
});
