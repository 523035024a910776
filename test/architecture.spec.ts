import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/processes';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/**
 * Each probe is linted as if it were the file at `path` (an existing file, so the type-aware rules
 * can place it in the project), with the project's own ESLint config.
 */
const PROBES = {
  domainImportsNest: [
    'libs/ddd/src/clock.ts',
    "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
  ],
  domainImportsOrm: [
    'libs/ddd/src/clock.ts',
    "import { Entity } from '@mikro-orm/core';\nexport const x = Entity;\n",
  ],
  domainImportsTwilio: ['libs/ddd/src/clock.ts', "import twilio from 'twilio';\nexport const x = twilio;\n"],
  domainImportsZod: ['libs/telephony-domain/src/index.ts', "import { z } from 'zod';\nexport const x = z;\n"],
  domainImportsPlatform: [
    'libs/ddd/src/clock.ts',
    "import { runApp } from '@tp/platform';\nexport const x = runApp;\n",
  ],
  domainImportsAllowed: [
    'libs/telephony-domain/src/index.ts',
    "import { DomainError } from '@tp/ddd';\nimport { parsePhoneNumberFromString } from 'libphonenumber-js';\nexport const x = [DomainError, parsePhoneNumberFromString];\n",
  ],
  appImportsApp: [
    'apps/dispatch/src/main.ts',
    "import { PresenceModule } from '../../presence/src/presence.module';\nexport const x = PresenceModule;\n",
  ],
  libImportsApp: [
    'libs/platform/src/index.ts',
    "import { DispatchModule } from '../../../apps/dispatch/src/dispatch.module';\nexport const x = DispatchModule;\n",
  ],
} as const;

type Probe = keyof typeof PROBES;

describe('architecture rules (README, The libs), enforced by ESLint', () => {
  let restricted: Record<Probe, LintMessage[]>;

  beforeAll(() => {
    const names = Object.keys(PROBES) as Probe[];
    const output = execFileSync(process.execPath, ['test/support/lint-probes.mjs'], {
      cwd: ROOT,
      input: JSON.stringify(names.map((name) => ({ path: PROBES[name][0], code: PROBES[name][1] }))),
      encoding: 'utf8',
    });
    const messages = JSON.parse(output) as LintMessage[][];
    restricted = Object.fromEntries(
      names.map((name, i) => [name, messages[i].filter((m) => m.ruleId === 'no-restricted-imports')]),
    ) as Record<Probe, LintMessage[]>;
  }, 60_000);

  it.each<Probe>([
    'domainImportsNest',
    'domainImportsOrm',
    'domainImportsTwilio',
    'domainImportsZod',
    'domainImportsPlatform',
  ])('fails a domain lib that imports a framework or the platform (%s)', (probe) => {
    expect(restricted[probe]).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Domain libs/) }),
    ]);
  });

  it('lets a domain lib import @tp/ddd and libphonenumber-js', () => {
    expect(restricted.domainImportsAllowed).toEqual([]);
  });

  it('fails an app that imports another app', () => {
    expect(restricted.appImportsApp).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Apps never import apps/) }),
    ]);
  });

  it('fails a lib that imports an app', () => {
    expect(restricted.libImportsApp).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/A lib never imports an app/) }),
    ]);
  });
});

describe("each app's migrations (ADR 2: one schema per app)", () => {
  const APPS: Record<string, string> = {
    identity: 'identity',
    media: 'media',
    'flow-runtime': 'flow_runtime',
    dispatch: 'dispatch',
    presence: 'presence',
  };

  it.each(Object.entries(APPS))('of %s touch only the schema %s', (app, schema) => {
    const dir = join(ROOT, 'apps', app, 'src', 'migrations');
    const schemas = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => /^Migration\d+\.ts$/.test(f))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(
        /"([a-z_]+)"\."[a-z_]+"|schema (?:if (?:not )?exists )?"([a-z_]+)"/g,
      )) {
        schemas.add(match[1] ?? match[2]);
      }
    }
    expect([...schemas]).toEqual([schema]);
  });
});
