import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpPortVariable, loadEnv, PlatformEnvSchema } from '@tp/platform';
import type { z } from 'zod';
import {
  appDefinition,
  appEnvSchemas,
  httpRoutes,
  knownVariables,
  requiredVariables,
} from './support/app-facts';
import { containerEnv, environmentOf } from './support/container-env';
import {
  APPS,
  named,
  ofKind,
  OVERLAYS,
  podOf,
  render,
  ROOT,
  type AppName,
  type Container,
  type K8sObject,
} from './support/render';

describe('configuration in the manifests, against what the apps require', () => {
  const schemas = new Map<AppName, z.ZodType[]>();
  const routes = new Map<AppName, string[]>();
  const defaultPorts = new Map<AppName, number>();

  beforeAll(async () => {
    for (const app of APPS) {
      schemas.set(app, [PlatformEnvSchema, ...(await appEnvSchemas(app))]);
      const definition = await appDefinition(app);
      defaultPorts.set(app, definition.defaultPort);
      routes.set(app, await httpRoutes(definition.module));
    }
  }, 60_000);

  it('documents every variable of every app in docs/operations.md', () => {
    const documented = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const variables = [
      ...new Set([
        ...APPS.flatMap((app) => schemas.get(app)!.flatMap(knownVariables)),
        ...APPS.map(httpPortVariable),
      ]),
    ];
    expect(variables.filter((v) => !documented.includes(`\`${v}\``))).toEqual([]);
  });

  it('derives the required variables from the schemas (AUTH_JWT_SECRET is required in production)', () => {
    expect(requiredVariables(PlatformEnvSchema)).toEqual(['AUTH_JWT_SECRET']);
  });

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    let objects: K8sObject[];
    beforeAll(() => {
      objects = render(overlay);
    });

    /** The Deployment's containers (the app and its init container) and its migration Job's. */
    const containersOf = (app: AppName): Container[] => {
      const pod = podOf(named(objects, 'Deployment', app)).spec;
      return [
        ...(pod.initContainers ?? []),
        ...pod.containers,
        ...podOf(named(objects, 'Job', `migrate-${app}`)).spec.containers,
      ];
    };

    it.each(APPS)('gives every container of %s every variable it requires, with valid values', (app) => {
      const required = [...new Set(schemas.get(app)!.flatMap(requiredVariables))];
      for (const container of containersOf(app)) {
        const { env, external } = containerEnv(objects, container);
        expect({ container: container.name, missing: required.filter((v) => !(v in env)) }).toEqual({
          container: container.name,
          missing: [],
        });
        // The values the manifests hold pass the apps' validation at boot (values kept in a
        // secret store or made by an operator are only stand-ins here: their format is not ours).
        const invalid = schemas
          .get(app)!
          .flatMap((schema) => schema.safeParse(env).error?.issues ?? [])
          .filter((issue) => !external.has(String(issue.path[0])))
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
        expect({ container: container.name, invalid }).toEqual({ container: container.name, invalid: [] });
      }
    });

    it.each(APPS)('sets only variables some app reads (no typos) for %s', (app) => {
      const known = new Set([
        ...APPS.flatMap((a) => schemas.get(a)!.flatMap(knownVariables)),
        ...APPS.map(httpPortVariable),
      ]);
      for (const container of containersOf(app)) {
        const unknown = Object.keys(environmentOf(objects, container)).filter((v) => !known.has(v));
        expect({ container: container.name, unknown }).toEqual({ container: container.name, unknown: [] });
      }
    });

    it.each(APPS)("gives Twilio's secrets to dispatch only (%s)", (app) => {
      const twilio = Object.keys(
        environmentOf(objects, podOf(named(objects, 'Deployment', app)).spec.containers[0]),
      ).filter((v) => v.startsWith('TWILIO_') && v !== 'TWILIO_API_BASE_URL');
      expect(twilio.length > 0).toBe(app === 'dispatch');
    });

    it.each(APPS)('listens where the Service and the probes look (%s)', (app) => {
      const container = podOf(named(objects, 'Deployment', app)).spec.containers[0];
      const env = environmentOf(objects, container);
      const port = Number(env[httpPortVariable(app)] ?? defaultPorts.get(app));
      expect(container.ports?.[0].containerPort).toBe(port);
    });

    it.each(APPS)('probes paths that %s serves, and scrapes /metrics there', (app) => {
      const container = podOf(named(objects, 'Deployment', app)).spec.containers[0];
      const probes = [container.livenessProbe, container.readinessProbe, container.startupProbe]
        .map((p) => p?.httpGet?.path)
        .filter((p): p is string => p !== undefined);
      const [monitor] = ofKind<K8sObject & { spec: { endpoints: { path: string }[] } }>(
        objects,
        'ServiceMonitor',
      );
      const paths = [...new Set([...probes, ...monitor.spec.endpoints.map((e) => e.path)])];
      expect(paths.length).toBeGreaterThanOrEqual(3);
      for (const path of paths) expect(routes.get(app)).toContain(`GET ${path}`);
    });

    it('lets a pod drain and close within its termination grace period', () => {
      for (const app of APPS) {
        const pod = podOf(named(objects, 'Deployment', app)).spec;
        const env = loadEnv(PlatformEnvSchema, environmentOf(objects, pod.containers[0]));
        expect(env.SHUTDOWN_DRAIN_MS).toBeGreaterThanOrEqual(2000); // endpoints and load balancers notice
        expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThanOrEqual(
          env.SHUTDOWN_DRAIN_MS + env.SHUTDOWN_TIMEOUT_MS + 2000,
        );
      }
    });

    it('serves Twilio on the host of PUBLIC_BASE_URL, over TLS', () => {
      const env = environmentOf(objects, podOf(named(objects, 'Deployment', 'dispatch')).spec.containers[0]);
      const publicUrl = new URL(env.PUBLIC_BASE_URL);
      const ingress = ofKind<K8sObject & { spec: { rules: { host: string }[]; tls: { hosts: string[] }[] } }>(
        objects,
        'Ingress',
      ).find((i) => i.metadata.name === 'dispatch-twilio')!;
      expect(publicUrl.protocol).toBe('https:');
      expect(ingress.spec.rules.map((r) => r.host)).toEqual([publicUrl.hostname]);
      expect(ingress.spec.tls.flatMap((t) => t.hosts)).toContain(publicUrl.hostname);
    });
  });
});
