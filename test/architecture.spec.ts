import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionTurn } from '@tp/contracts';
import { aMapping, FixedClock, InMemoryCallLog } from '@tp/fakes';
import { AnswerCallCommand } from '../apps/dispatch/src/edge/application/answer-call/answer-call.command';
import { AnswerCallHandler } from '../apps/dispatch/src/edge/application/answer-call/answer-call.handler';
import { CallTurns } from '../apps/dispatch/src/edge/application/call-turns';
import { ContinueCallCommand } from '../apps/dispatch/src/edge/application/continue-call/continue-call.command';
import { ContinueCallHandler } from '../apps/dispatch/src/edge/application/continue-call/continue-call.handler';
import { webhookDeadline } from '../apps/dispatch/src/edge/application/webhook-deadline';
import type { CallRouting } from '../apps/dispatch/src/routing';
import { ScriptedFlowSessions } from '../apps/dispatch/src/testing';
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
  edgeImportsRoutingInternals: [
    'apps/dispatch/src/edge/application/call-turns.ts',
    "import { OfferEngine } from '../../routing/application/offer-engine';\nexport const x = OfferEngine;\n",
  ],
  edgeImportsRoutingSeam: [
    'apps/dispatch/src/edge/application/call-turns.ts',
    "import { CallRouting } from '../../routing';\nimport { positionText } from '../../routing/index';\nexport const x = [CallRouting, positionText];\n",
  ],
  routingImportsEdge: [
    'apps/dispatch/src/routing/application/queue-calls.ts',
    "import { CallTurns } from '../../edge/application/call-turns';\nexport const x = CallTurns;\n",
  ],
  sharedImportsRouting: [
    'apps/dispatch/src/common/public-urls.ts',
    "import { CallRouting } from '../routing';\nexport const x = CallRouting;\n",
  ],
  edgeImportsApp: [
    'apps/dispatch/src/edge/application/call-turns.ts',
    "import { PresenceModule } from '../../../../presence/src/presence.module';\nexport const x = PresenceModule;\n",
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

  it("fails dispatch's edge that imports routing's internals, and lets it import routing's index", () => {
    expect(restricted.edgeImportsRoutingInternals).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/only through its seam/) }),
    ]);
    expect(restricted.edgeImportsRoutingSeam).toEqual([]);
  });

  it("fails dispatch's routing that imports the edge, and its shared kernel that imports a wing", () => {
    expect(restricted.routingImportsEdge).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Routing never imports the Twilio edge/) }),
    ]);
    expect(restricted.sharedImportsRouting).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/imports neither wing/) }),
    ]);
  });

  it("still fails dispatch's edge that imports another app", () => {
    expect(restricted.edgeImportsApp).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Apps never import apps/) }),
    ]);
  });
});

describe("a login's turns never reach dispatch's routing", () => {
  /** Routing whose every door fails: a login that touched it would apologise instead of answering. */
  const routingTouched: string[] = [];
  const untouchable = new Proxy({} as CallRouting, {
    get: (_target, name) => () => {
      routingTouched.push(String(name));
      throw new Error(`a login turn reached routing (${String(name)})`);
    },
  });
  const LOGIN: SessionTurn[] = [
    {
      sessionId: 'session-1',
      turn: 0,
      done: false,
      steps: [
        { type: 'say', text: 'Welcome to the agent timed presence line.' },
        {
          type: 'collect',
          purpose: 'preset-menu',
          maxDigits: 1,
          timeoutS: 5,
          finishOnKey: '',
          prompts: [{ type: 'say', text: 'To go online for 8 hours, press 1.' }],
        },
      ],
    },
    {
      sessionId: 'session-1',
      turn: 1,
      done: true,
      steps: [{ type: 'say', text: 'You are now online.' }, { type: 'hangup' }],
    },
  ];

  it('answers the welcome menu and the confirmation without touching routing', async () => {
    const sessions = new ScriptedFlowSessions();
    sessions.next = (_session, turn) => LOGIN[turn + 1];
    const calls = new InMemoryCallLog();
    const turns = new CallTurns(untouchable);
    const mapping = aMapping().build();
    const call = { callSid: 'CA' + '1'.repeat(32), from: '+14155550101', to: mapping.phoneNumber };

    const menu = await new AnswerCallHandler(sessions, calls, turns, new FixedClock(new Date())).execute(
      new AnswerCallCommand(
        { tenantId: mapping.tenantId, mapping, call: null, notice: null },
        call,
        webhookDeadline(2000),
      ),
    );
    const record = calls.calls.get(call.callSid)!;
    const confirmation = await new ContinueCallHandler(sessions, turns).execute(
      new ContinueCallCommand(
        { tenantId: mapping.tenantId, mapping: null, call: record, notice: null },
        call.callSid,
        'session-1',
        0,
        '1',
        webhookDeadline(2000),
      ),
    );

    expect([menu.steps, confirmation.steps]).toEqual([LOGIN[0].steps, LOGIN[1].steps]);
    expect(routingTouched).toEqual([]);
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
