import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { APPS, parseYamlDocuments, ROOT } from './support/render';

/**
 * No Docker engine runs here (nor in CI), so the image is never built in CI: these checks hold the
 * Dockerfile to its promises instead (docs/adr/0009-kubernetes-deployment.md).
 */
interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: keyword.toUpperCase(), args: rest };
    if (instruction.keyword === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(rest)!;
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0) {
      args.push(instruction);
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
const { stages } = parseDockerfile(dockerfile);
const runtime = stages[stages.length - 1];
const stage = (name: string) => stages.find((s) => s.name === name)!;
const runs = (s: Stage) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const copiesFrom = (s: Stage) =>
  s.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => /--from=(\S+)\s+(\S+)/.exec(i.args))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, from, source]) => ({ from, source }));

describe('deploy/Dockerfile', () => {
  it('builds in stages and runs the last one', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
    expect(new Set(stages.map((s) => s.from)).size).toBe(1); // one base image, one Node version
  });

  it('installs with `npm install`, never `npm ci` (the lockfile lacks other platforms\u2019 optional packages)', () => {
    expect(stages.flatMap(runs).filter((r) => /npm\s+ci\b/.test(r))).toEqual([]);
    expect(runs(stage('build')).join('\n')).toMatch(/npm install .*&?.*/);
    expect(runs(stage('build'))).toContain('npm run build');
  });

  it('gives the runtime production dependencies only, and the compiled apps', () => {
    expect(runs(runtime)).toEqual([]); // nothing is installed or built in the final stage
    const copies = copiesFrom(runtime);
    const modules = copies.filter((c) => c.source.includes('node_modules'));
    expect(modules).toHaveLength(1);
    const deps = stage(modules[0].from);
    expect(runs(deps).some((r) => /npm install\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs(deps).some((r) => /npm install\b(?!.*--omit=dev)/.test(r))).toBe(false);
    expect(copies.filter((c) => c.source.startsWith('/src/dist')).map((c) => c.source)).toEqual([
      '/src/dist/apps',
      '/src/dist/libs',
      '/src/dist/console', // the console's bundled single-page app
    ]);
    expect(new Set(copies.filter((c) => c.source.startsWith('/src/dist')).map((c) => c.from))).toEqual(
      new Set(['build']),
    );
  });

  it('runs as an unprivileged user, by number (Kubernetes can then verify runAsNonRoot)', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    const [uid, gid] = users[0].split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
  });

  it('starts dist/apps/${APP}/src/main.js, the app chosen by build argument or environment', () => {
    const entrypoint = runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')!;
    expect(entrypoint.args).toContain('exec node \\"dist/apps/${APP:?');
    expect(runtime.instructions.some((i) => i.keyword === 'ARG' && i.args.startsWith('APP'))).toBe(true);
    expect(runtime.instructions.some((i) => i.keyword === 'ENV' && /APP=\$\{APP\}/.test(i.args))).toBe(true);
  });

  it('listens on every interface of the container (HTTP_HOST=0.0.0.0; an app alone listens on 127.0.0.1)', () => {
    expect(runtime.instructions.some((i) => i.keyword === 'ENV' && /HTTP_HOST=0\.0\.0\.0/.test(i.args))).toBe(
      true,
    );
  });

  describe('the entry points, after `npm run build`', () => {
    const entry = (app: string) => `dist/apps/${app}/src/main.js`;

    beforeAll(() => {
      // CI builds before `npm test`; a bare `jest` run builds here (about 10 s) rather than skip.
      if (APPS.some((app) => !existsSync(join(ROOT, entry(app))))) {
        execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
      }
    }, 180_000);

    it.each(APPS)('exist for %s, where tsconfig.build.json puts them', (app) => {
      const config = ts.getParsedCommandLineOfConfigFile(
        join(ROOT, 'tsconfig.build.json'),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
          },
        },
      )!;
      const source = join(ROOT, 'apps', app, 'src', 'main.ts');
      expect(config.fileNames).toContain(source);
      const [js] = ts.getOutputFileNames(config, source, false);
      expect(js).toBe(join(ROOT, entry(app)));
      expect(existsSync(js)).toBe(true);
    });
  });

  it('keeps the build context small and free of secrets (.dockerignore)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', 'dist', '.git', '.env', '.env.*'])
      expect(ignored).toContain(entry);
    const copied = stage('build')
      .instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const path of copied) {
      expect({ path, ignored: ignored.includes(path) }).toEqual({ path, ignored: false });
      expect(existsSync(join(ROOT, path))).toBe(true);
    }
  });
});

describe('deploy/compose.yaml', () => {
  interface Service {
    image?: string;
    build?: { context: string; dockerfile: string };
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }>;
    entrypoint?: string[];
    ports?: string[];
    healthcheck?: { test: string[] };
  }
  const compose = parseYamlDocuments(
    readFileSync(join(ROOT, 'deploy/compose.yaml'), 'utf8'),
    'compose',
  )[0] as {
    services: Record<string, Service>;
  };
  const { services } = compose;

  it('still starts PostgreSQL and NATS alone, on their usual ports, for `npm start`', () => {
    expect(services.postgres.ports).toEqual(['127.0.0.1:5432:5432']);
    expect(services.nats.ports).toContain('127.0.0.1:4222:4222');
    expect(services.nats.depends_on).toBeUndefined();
    expect(services.postgres.depends_on).toBeUndefined();
  });

  it('migrates every app once, after PostgreSQL and NATS are healthy', () => {
    const { migrate } = services;
    expect(migrate.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      nats: { condition: 'service_healthy' },
    });
    const script = migrate.entrypoint?.join(' ') ?? '';
    for (const app of APPS) expect(script).toContain(app);
    expect(script).toContain('dist/apps/$$app/src/main.js migrate');
  });

  it.each(APPS)('runs %s from the Dockerfile, after the migrations, and checks it is ready', (app) => {
    const service = services[app];
    expect(service.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(existsSync(join(ROOT, 'deploy', service.build!.context, service.build!.dockerfile))).toBe(true);
    expect(service.image).toBe(services.migrate.image);
    expect(service.environment?.APP).toBe(app);
    expect(service.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    const port = Number(/:(\d+)$/.exec(service.ports![0])![1]);
    expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
  });
});

describe('deploy/nats/values.yaml (official NATS Helm chart)', () => {
  const values = parseYamlDocuments(
    readFileSync(join(ROOT, 'deploy/nats/values.yaml'), 'utf8'),
    'values',
  )[0] as {
    config: {
      cluster: { enabled: boolean; replicas: number };
      jetstream: {
        enabled: boolean;
        fileStore: { enabled: boolean; pvc: { enabled: boolean } };
        memoryStore: { enabled: boolean };
        merge: Record<string, unknown>;
      };
    };
  };

  it('runs JetStream on file storage, three servers, fsync before every acknowledgement', () => {
    expect(values.config.cluster).toMatchObject({ enabled: true, replicas: 3 });
    expect(values.config.jetstream).toMatchObject({
      enabled: true,
      fileStore: { enabled: true, pvc: { enabled: true } },
      memoryStore: { enabled: false },
      merge: { sync_interval: 'always' },
    });
  });
});
