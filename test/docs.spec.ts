import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { httpPortVariable, PlatformEnvSchema } from '@tp/platform';
import { z } from 'zod';
import { knownVariables } from './deploy/support/app-facts';
import { ROOT } from './support/processes';

/**
 * The docs a newcomer follows tell the truth about the code: the README's tables list every app
 * and lib there is, and `.env.example` every variable an app reads. When one of these fails, the
 * fix is to document the new lib, app or variable.
 */

const dirs = (path: string) =>
  readdirSync(join(ROOT, path)).filter((name) => statSync(join(ROOT, path, name)).isDirectory());

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((file) => join(dir, file))
    .filter((file) => keep(file) && statSync(join(ROOT, file)).isFile());
}

/** The first column (`name` in backquotes) of the README table that follows `heading`. */
function readmeTableNames(heading: RegExp): string[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) throw new Error(`README.md has no line matching ${heading}`);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('|')) {
      if (names.length > 0) break;
      continue;
    }
    const cell = line.split('|')[1].trim();
    if (/^-+$/.test(cell) || cell === 'lib' || cell === 'app') continue;
    names.push(cell.replace(/`/g, ''));
  }
  return names;
}

/** Apps that run as a Nest app (an `AppDefinition` in `apps/<app>/src/<app>.app.ts`). */
const nestApps = () =>
  dirs('apps').filter((app) => existsSync(join(ROOT, 'apps', app, 'src', `${app}.app.ts`)));

/** Every variable the apps read: their zod schemas' keys, HTTP ports, and direct `process.env` reads. */
async function variablesTheAppsRead(): Promise<string[]> {
  const schemas: z.ZodType[] = [PlatformEnvSchema];
  const configFiles = dirs('apps').flatMap((app) =>
    filesUnder(join('apps', app, 'src'), (f) => f.endsWith('.config.ts')),
  );
  for (const file of configFiles) {
    const exports = (await import(join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports))
      if (name.endsWith('EnvSchema') && value instanceof z.ZodType) schemas.push(value);
  }
  const sources = [...dirs('apps').map((app) => join('apps', app, 'src')), 'libs/platform/src'].flatMap(
    (dir) =>
      filesUnder(dir, (f) => f.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(f) && !f.includes('/testing/')),
  );
  const direct = sources.flatMap((file) =>
    [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(
        /process\.env(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g,
      ),
    ].map((m) => m[1] ?? m[2]),
  );
  return [
    ...new Set([...schemas.flatMap(knownVariables), ...nestApps().map(httpPortVariable), ...direct]),
  ].sort();
}

describe('the README', () => {
  it('lists every lib under libs/ in its libs table, and no lib that is not there', () => {
    const listed = readmeTableNames(/^The libs under `libs\/`/);
    const libs = dirs('libs').filter((lib) => existsSync(join(ROOT, 'libs', lib, 'src')));

    expect({ undocumented: libs.filter((lib) => !listed.includes(lib)) }).toEqual({ undocumented: [] });
    expect({ gone: listed.filter((lib) => !libs.includes(lib)) }).toEqual({ gone: [] });
  });

  it('lists every app under apps/ in its apps table, and no app that is not there', () => {
    const listed = readmeTableNames(/^\| app +\| port/);
    const apps = dirs('apps');

    expect({ undocumented: apps.filter((app) => !listed.includes(app)) }).toEqual({ undocumented: [] });
    expect({ gone: listed.filter((app) => !apps.includes(app)) }).toEqual({ gone: [] });
  });

  it('reads its tables as a newcomer would (the parser finds the rows it must)', () => {
    expect(readmeTableNames(/^The libs under `libs\/`/)).toEqual(expect.arrayContaining(['ddd', 'platform']));
    expect(readmeTableNames(/^\| app +\| port/)).toEqual(expect.arrayContaining(['dispatch', 'presence']));
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  // Set (`NAME=value`) or shown commented out (`# NAME=value`) when it has no default.
  const documented = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  let read: string[];

  beforeAll(async () => {
    read = await variablesTheAppsRead();
  }, 60_000);

  it('documents every variable the apps read (their config schemas and direct reads)', () => {
    expect(read).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'DISPATCH_HTTP_PORT', 'PRESENCE_SWEEP_INTERVAL_MS']),
    );
    expect({ undocumented: read.filter((v) => !documented.has(v)) }).toEqual({ undocumented: [] });
  });

  it('documents only variables something reads (no typos, nothing left behind)', () => {
    const elsewhere = new Set(
      ['scripts', 'libs/stack-harness/src', 'libs/twilio-simulator/src', 'test'].flatMap((dir) =>
        filesUnder(dir, (f) => /\.(ts|mjs|js)$/.test(f)).flatMap((file) =>
          [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\b([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => m[1]),
        ),
      ),
    );
    const unread = [...documented].filter((v) => !read.includes(v) && !elsewhere.has(v));
    expect({ unread, file: relative(ROOT, join(ROOT, '.env.example')) }).toEqual({
      unread: [],
      file: '.env.example',
    });
  });
});
