import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { AppDefinition } from '@tp/platform';
import { z } from 'zod';
import { ROOT, type AppName } from './render';

/** The app's definition (name, default port, root module), from `apps/<app>/src/<app>.app.ts`. */
export async function appDefinition(app: AppName): Promise<AppDefinition> {
  const exports = (await import(join(ROOT, 'apps', app, 'src', `${app}.app.ts`))) as Record<string, unknown>;
  const definition = Object.values(exports).find(
    (value): value is AppDefinition =>
      typeof value === 'object' && value !== null && (value as AppDefinition).name === app,
  );
  if (!definition) throw new Error(`apps/${app}/src/${app}.app.ts exports no AppDefinition named ${app}`);
  return definition;
}

/**
 * The app's own environment schemas: every `*EnvSchema` exported by `apps/<app>/src/<app>.config.ts`
 * (none when the app has no settings of its own yet). The platform's schema applies to all apps.
 */
export async function appEnvSchemas(app: AppName): Promise<z.ZodType[]> {
  const file = join(ROOT, 'apps', app, 'src', `${app}.config.ts`);
  if (!existsSync(file)) return [];
  const exports = (await import(file)) as Record<string, unknown>;
  return Object.entries(exports)
    .filter(([key, value]) => key.endsWith('EnvSchema') && value instanceof z.ZodType)
    .map(([, value]) => value as z.ZodType);
}

/** The fields of an object schema, also behind `.transform()` (a pipe whose input is the object). */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  let current: unknown = schema;
  for (;;) {
    const candidate = current as { shape?: Record<string, z.ZodType>; def?: { type?: string; in?: unknown } };
    if (candidate.shape) return candidate.shape;
    if (candidate.def?.type !== 'pipe') return {};
    current = candidate.def.in;
  }
}

/** The variables a schema knows about. */
export function knownVariables(schema: z.ZodType): string[] {
  return Object.keys(objectShape(schema));
}

/**
 * The variables a deployment must set: those without a default, and those a production
 * environment must set (like AUTH_JWT_SECRET, whose development default is refused there).
 */
export function requiredVariables(schema: z.ZodType): string[] {
  const noDefault = Object.entries(objectShape(schema))
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
  const inProduction = (schema.safeParse({ NODE_ENV: 'production' }).error?.issues ?? []).map((issue) =>
    String(issue.path[0]),
  );
  return [...new Set([...noDefault, ...inProduction])].sort();
}

type ModuleRef = unknown;
interface DynamicModuleLike {
  module: new (...args: never[]) => unknown;
  imports?: ModuleRef[];
  controllers?: (new (...args: never[]) => unknown)[];
}

const joinPath = (...parts: (string | undefined)[]) =>
  `/${parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every HTTP route (`GET /health/ready`, ...) of the app's module tree, read from Nest's metadata. */
export async function httpRoutes(root: ModuleRef): Promise<string[]> {
  const routes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = async (ref: ModuleRef): Promise<void> => {
    let target: unknown = await ref;
    if (target && typeof target === 'object' && 'forwardRef' in target)
      target = (target as { forwardRef: () => unknown }).forwardRef();
    if (!target || seen.has(target)) return;
    seen.add(target);
    const dynamic = typeof target === 'object' ? (target as DynamicModuleLike) : undefined;
    const cls: object = dynamic ? dynamic.module : target;
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
      ...(dynamic?.imports ?? []),
    ];
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as object[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const controller of controllers) {
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      const prototype = (controller as { prototype: Record<string, unknown> }).prototype;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (typeof handler !== 'function' || key === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        for (const b of [base ?? ''].flat())
          for (const p of [path].flat()) routes.add(`${RequestMethod[method]} ${joinPath(b, p)}`);
      }
    }
    for (const child of imports) await visit(child);
  };
  await visit(root);
  return [...routes].sort();
}
