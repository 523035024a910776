import { z } from 'zod';

/**
 * Schemas for the custom resources the manifests use that no npm model package covers at a version
 * that runs on Node 20 (CloudNativePG, its Barman Cloud plugin, External Secrets `v1`). They cover
 * the fields we use, strictly: a misspelt or unexpected field fails, and a field we start to use
 * must be added here, after checking it in the operator's API reference:
 * - https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/
 * - https://cloudnative-pg.io/plugin-barman-cloud/docs/plugin-barman-cloud.v1/
 * - https://external-secrets.io/latest/api/externalsecret/
 * Built-in kinds and Prometheus Operator kinds are checked by `kubernetes-models` instead.
 */
const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a DNS-1123 name');
const metadata = z.strictObject({
  name,
  namespace: name.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/, 'a Kubernetes quantity');
const resources = z.strictObject({
  requests: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional(),
  limits: z.partialRecord(z.enum(['cpu', 'memory']), quantity).optional(),
});
const secretKeySelector = z.strictObject({ name, key: z.string().min(1) });

const cnpgCluster = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('Cluster'),
  metadata,
  spec: z.strictObject({
    instances: z.number().int().min(1),
    imageName: z.string().regex(/^[^\s:]+:[^\s]+$/, 'an image with a tag'),
    primaryUpdateStrategy: z.enum(['unsupervised', 'supervised']).optional(),
    bootstrap: z.strictObject({
      initdb: z.strictObject({ database: z.string().min(1), owner: z.string().min(1) }),
    }),
    postgresql: z.strictObject({ parameters: z.record(z.string(), z.string()).optional() }).optional(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().optional() }),
    walStorage: z.strictObject({ size: quantity, storageClass: z.string().optional() }).optional(),
    affinity: z
      .strictObject({ enablePodAntiAffinity: z.boolean().optional(), topologyKey: z.string().optional() })
      .optional(),
    resources: resources.optional(),
    plugins: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          isWALArchiver: z.boolean().optional(),
          parameters: z.record(z.string(), z.string()).optional(),
        }),
      )
      .optional(),
  }),
});

const cnpgScheduledBackup = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('ScheduledBackup'),
  metadata,
  spec: z.strictObject({
    // CloudNativePG's cron has six fields, seconds first.
    schedule: z.string().regex(/^(\S+\s+){5}\S+$/, 'six cron fields (seconds first)'),
    immediate: z.boolean().optional(),
    backupOwnerReference: z.enum(['none', 'self', 'cluster']).optional(),
    cluster: z.strictObject({ name }),
    method: z.enum(['barmanObjectStore', 'volumeSnapshot', 'plugin']).optional(),
    pluginConfiguration: z
      .strictObject({ name: z.string().min(1), parameters: z.record(z.string(), z.string()).optional() })
      .optional(),
  }),
});

const compression = z.enum(['gzip', 'bzip2', 'lz4', 'snappy', 'xz', 'zstd']);
const barmanObjectStore = z.strictObject({
  apiVersion: z.literal('barmancloud.cnpg.io/v1'),
  kind: z.literal('ObjectStore'),
  metadata,
  spec: z.strictObject({
    retentionPolicy: z
      .string()
      .regex(/^[1-9][0-9]*[dwm]$/, 'like 30d, 4w or 6m')
      .optional(),
    configuration: z.strictObject({
      destinationPath: z.string().regex(/^(s3|gs):\/\/|^https:\/\//, 'an object store URL'),
      endpointURL: z.url().optional(),
      s3Credentials: z
        .strictObject({ accessKeyId: secretKeySelector, secretAccessKey: secretKeySelector })
        .optional(),
      wal: z
        .strictObject({ compression: compression.optional(), maxParallel: z.number().int().optional() })
        .optional(),
      data: z
        .strictObject({ compression: compression.optional(), jobs: z.number().int().optional() })
        .optional(),
    }),
  }),
});

const externalSecret = z.strictObject({
  apiVersion: z.literal('external-secrets.io/v1'),
  kind: z.literal('ExternalSecret'),
  metadata,
  spec: z.strictObject({
    refreshInterval: z
      .string()
      .regex(/^([0-9]+(s|m|h))+$/, 'a duration like 1h')
      .optional(),
    secretStoreRef: z.strictObject({ kind: z.enum(['SecretStore', 'ClusterSecretStore']), name }),
    target: z.strictObject({
      name,
      creationPolicy: z.enum(['Owner', 'Orphan', 'Merge', 'None']).optional(),
    }),
    data: z
      .array(
        z.strictObject({
          secretKey: z.string().regex(/^[-._a-zA-Z0-9]+$/),
          remoteRef: z.strictObject({ key: z.string().min(1), property: z.string().min(1).optional() }),
        }),
      )
      .min(1),
  }),
});

/** `apiVersion/kind` -> schema, for the kinds that kubernetes-models does not cover here. */
export const CRD_SCHEMAS: Record<string, z.ZodType> = {
  'postgresql.cnpg.io/v1/Cluster': cnpgCluster,
  'postgresql.cnpg.io/v1/ScheduledBackup': cnpgScheduledBackup,
  'barmancloud.cnpg.io/v1/ObjectStore': barmanObjectStore,
  'external-secrets.io/v1/ExternalSecret': externalSecret,
};

export type CnpgCluster = z.infer<typeof cnpgCluster>;
export type CnpgScheduledBackup = z.infer<typeof cnpgScheduledBackup>;
export type BarmanObjectStore = z.infer<typeof barmanObjectStore>;
export type ExternalSecret = z.infer<typeof externalSecret>;
