import type { CnpgCluster, ExternalSecret } from './crd-schemas';
import { named, ofKind, type Container, type K8sObject } from './render';

/** Keys of the Secret `<cluster>-app` that CloudNativePG writes for the database owner. */
const CNPG_APP_SECRET_KEYS = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass'];
/** Stands for a value that lives in a secret store, not in the manifests. */
const SECRET = 'secret-from-the-store-0123456789abcdef0123456789';
/** Marks the keys of a secret made outside the manifests: their values are stand-ins. */
const standIn = Symbol('stand-in');

export type Env = Record<string, string>;

/** The variables of a container, and which of them hold stand-ins for values kept elsewhere. */
export interface ContainerEnv {
  env: Env;
  external: Set<string>;
}

/**
 * The environment a container gets from the rendered manifests: ConfigMap and Secret values as
 * they are, keys of secrets made outside the manifests (External Secrets, CloudNativePG) with a
 * stand-in value. Anything it refers to that the overlay does not make is an error.
 */
export function environmentOf(objects: K8sObject[], container: Container): Env {
  return containerEnv(objects, container).env;
}

export function containerEnv(objects: K8sObject[], container: Container): ContainerEnv {
  const env: Env = {};
  const external = new Set<string>();
  const secretKeys = (name: string): Env & { [standIn]?: true } => {
    const secret = objects.find(
      (o): o is K8sObject & { data?: Env; stringData?: Env } =>
        o.kind === 'Secret' && o.metadata.name === name,
    );
    if (secret) {
      const decoded = Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
      return { ...decoded, ...secret.stringData };
    }
    const externalSecret = ofKind<ExternalSecret & K8sObject>(objects, 'ExternalSecret').find(
      (e) => e.spec.target.name === name,
    );
    if (externalSecret)
      return {
        ...Object.fromEntries(externalSecret.spec.data.map((d) => [d.secretKey, SECRET])),
        [standIn]: true,
      };
    const cluster = ofKind<CnpgCluster & K8sObject>(objects, 'Cluster').find(
      (c) => `${c.metadata.name}-app` === name,
    );
    if (cluster) {
      const { database, owner } = cluster.spec.bootstrap.initdb;
      return {
        ...Object.fromEntries(
          CNPG_APP_SECRET_KEYS.map((k) => [
            k,
            k === 'uri'
              ? `postgresql://${owner}:${SECRET}@${cluster.metadata.name}-rw:5432/${database}`
              : SECRET,
          ]),
        ),
        [standIn]: true,
      };
    }
    throw new Error(`container ${container.name} reads Secret ${name}, which nothing in the overlay makes`);
  };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const configMap = named(objects, 'ConfigMap', source.configMapRef.name) as K8sObject & { data?: Env };
      Object.assign(env, configMap.data);
    }
    if (source.secretRef) {
      const keys = secretKeys(source.secretRef.name);
      Object.assign(env, keys);
      for (const key of Object.keys(keys)) {
        if (keys[standIn]) external.add(key);
        else external.delete(key);
      }
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      const keys = secretKeys(ref.name);
      const value = keys[ref.key];
      if (value === undefined) throw new Error(`Secret ${ref.name} has no key ${ref.key} (${variable.name})`);
      env[variable.name] = value;
      if (keys[standIn]) external.add(variable.name);
      else external.delete(variable.name);
    } else if (variable.value !== undefined) {
      env[variable.name] = variable.value;
      external.delete(variable.name);
    } else {
      throw new Error(`${variable.name}: only values and secretKeyRefs are expected`);
    }
  }
  return { env, external };
}
