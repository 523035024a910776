import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import ts from 'typescript';
import { CRD_SCHEMAS } from './crd-schemas';
import { describeObject, ROOT, type K8sObject } from './render';

/**
 * The Kubernetes API schemas (OpenAPI of Kubernetes 1.3x, through `kubernetes-models`) and the
 * Prometheus Operator's, by apiVersion, with the module whose TypeScript types describe them.
 */
const MODELS: Record<string, { module: string; kinds: Record<string, unknown> }> = {
  v1: { module: 'kubernetes-models/v1', kinds: coreV1 },
  'apps/v1': { module: 'kubernetes-models/apps/v1', kinds: appsV1 },
  'autoscaling/v2': { module: 'kubernetes-models/autoscaling/v2', kinds: autoscalingV2 },
  'batch/v1': { module: 'kubernetes-models/batch/v1', kinds: batchV1 },
  'networking.k8s.io/v1': { module: 'kubernetes-models/networking.k8s.io/v1', kinds: networkingV1 },
  'policy/v1': { module: 'kubernetes-models/policy/v1', kinds: policyV1 },
  'rbac.authorization.k8s.io/v1': { module: 'kubernetes-models/rbac.authorization.k8s.io/v1', kinds: rbacV1 },
  'monitoring.coreos.com/v1': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
    kinds: monitoringV1,
  },
};

type ModelClass = new (data: unknown) => { validate(): void };

function modelOf(object: K8sObject): ModelClass | undefined {
  const candidate = MODELS[object.apiVersion]?.kinds[object.kind];
  return typeof candidate === 'function' ? (candidate as ModelClass) : undefined;
}

/**
 * Validates one object against its API schema: types, formats, enums and required fields.
 * Returns the problems (empty when valid); an apiVersion/kind we have no schema for is a problem.
 */
export function schemaProblems(object: K8sObject): string[] {
  const Model = modelOf(object);
  if (Model) {
    try {
      new Model(structuredClone(object)).validate();
      return [];
    } catch (error) {
      return [`${describeObject(object)}: ${(error as Error).message}`];
    }
  }
  const schema = CRD_SCHEMAS[`${object.apiVersion}/${object.kind}`];
  if (!schema) return [`${describeObject(object)}: no schema for ${object.apiVersion} ${object.kind}`];
  const result = schema.safeParse(object);
  return result.success
    ? []
    : result.error.issues.map((i) => `${describeObject(object)}: ${i.path.join('.')} ${i.message}`);
}

let files = 0;

/**
 * Unknown fields: the OpenAPI schemas let them through (they carry no additionalProperties: false),
 * but the API server drops or, with strict validation, rejects them, so a misspelt field is a
 * silent bug. TypeScript's excess-property check on the objects as literals of the models' types
 * catches them. Returns the problems, one per field, naming the object.
 */
export function unknownFieldProblems(objects: K8sObject[]): string[] {
  const typed = objects.filter((o) => modelOf(o));
  const modules = [...new Set(typed.map((o) => MODELS[o.apiVersion].module))];
  const lines = modules.map((m, i) => `import type * as m${i} from '${m}';`);
  const owners: { from: number; object: K8sObject }[] = [];
  typed.forEach((object, i) => {
    owners.push({ from: lines.length, object });
    const m = modules.indexOf(MODELS[object.apiVersion].module);
    lines.push(
      ...`export const o${i}: m${m}.I${object.kind} = ${JSON.stringify(object, null, 2)};`.split('\n'),
    );
  });
  const dir = join(ROOT, '.tmp', 'deploy-typecheck');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `objects-${process.pid}-${(files += 1)}.ts`);
  writeFileSync(file, lines.join('\n'));
  try {
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file || !d.file)
      .map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
        if (!d.file || d.start === undefined) return text;
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        const owner = [...owners].reverse().find((o) => o.from <= line);
        return `${owner ? describeObject(owner.object) : '(imports)'}: ${text}`;
      });
  } finally {
    rmSync(file, { force: true });
  }
}
