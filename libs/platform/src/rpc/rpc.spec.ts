import { Deadline, DomainError } from '@tp/ddd';
import { defineRpc } from '@tp/contracts';
import { Logger } from '@nestjs/common';
import { z } from 'zod';
import type { ClientProxy } from '@nestjs/microservices';
import { of } from 'rxjs';
import { Metrics } from '../observability/metrics';
import { callRpc, lateRequests, requestDeadline, serveRpc } from './rpc';

class AgentUnknown extends DomainError {
  readonly code = 'PRESENCE.AGENT_UNKNOWN';
  readonly kind = 'not-found' as const;
  constructor(agentId: string) {
    super(`agent ${agentId} is unknown`, { agentId });
  }
}

const Echo = defineRpc({
  subject: 'test.cmd.echo',
  request: z.object({ text: z.string().min(1) }),
  reply: z.object({ text: z.string() }),
});

describe(serveRpc.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a valid request with the handler result', async () => {
    await expect(
      serveRpc(Echo, { text: 'hi' }, async ({ text }) => ({ text: text.toUpperCase() })),
    ).resolves.toEqual({
      ok: true,
      data: { text: 'HI' },
    });
  });

  it('refuses an invalid request, naming the field, without calling the handler', async () => {
    let called = false;
    const result = await serveRpc(Echo, { text: '' }, async () => {
      called = true;
      return { text: 'x' };
    });

    expect(called).toBe(false);
    expect(result).toEqual({
      ok: false,
      error: { code: 'RPC.INVALID_REQUEST', message: expect.stringMatching(/^text: /) },
    });
  });

  it('translates a domain error into its code', async () => {
    const result = await serveRpc(Echo, { text: 'x' }, () => Promise.reject(new AgentUnknown('u-9')));

    expect(result).toEqual({
      ok: false,
      error: { code: 'PRESENCE.AGENT_UNKNOWN', message: 'agent u-9 is unknown', details: { agentId: 'u-9' } },
    });
  });

  it('hides the internals of an unexpected failure and of a reply that breaks the contract', async () => {
    const crash = await serveRpc(Echo, { text: 'x' }, () => Promise.reject(new Error('password=hunter2')));
    const drift = await serveRpc(
      Echo,
      { text: 'x' },
      async () => ({ text: 42 }) as unknown as { text: string },
    );

    expect(crash).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.not.stringContaining('hunter2') },
    });
    expect(drift).toMatchObject({ ok: false, error: { code: 'RPC.INVALID_REPLY' } });
  });

  it('does nothing for a request whose caller stopped waiting, and says how late it came', async () => {
    let called = false;
    const result = await serveRpc(Echo, { text: 'x', deadlineAt: Date.now() - 250 }, async () => {
      called = true;
      return { text: 'x' };
    });

    expect(called).toBe(false);
    expect(lateRequests().get(Echo.subject)).toBe(1);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'RPC.DEADLINE_EXCEEDED',
        message: expect.stringMatching(/^the request arrived \d+ ms after/),
      },
    });
  });

  it('counts the late requests it refused, by subject, for /metrics', async () => {
    const Late = defineRpc({ subject: 'test.cmd.late', request: z.object({}), reply: z.object({}) });
    await serveRpc(Late, { deadlineAt: Date.now() - 1 }, async () => ({}));
    await serveRpc(Late, { deadlineAt: Date.now() - 1 }, async () => ({}));

    const scraped = await new Metrics({ name: 'test', schema: 'test' }).registry.metrics();

    expect(scraped).toContain('tp_rpc_late_requests_total{subject="test.cmd.late",app="test"} 2');
  });

  it('logs late requests at most once a second per subject, saying how many it refused', async () => {
    const Burst = defineRpc({ subject: 'test.cmd.burst', request: z.object({}), reply: z.object({}) });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      for (let i = 0; i < 5; i += 1) await serveRpc(Burst, { deadlineAt: Date.now() - 1 }, async () => ({}));

      const lines = warn.mock.calls.map(([line]) => String(line)).filter((l) => l.startsWith(Burst.subject));
      expect(lines).toEqual([expect.stringMatching(/not served \(1 since the last line\)$/)]);
      expect(lateRequests().get(Burst.subject)).toBe(5);
    } finally {
      warn.mockRestore();
    }
  });

  it('serves a request within its deadline and hands the handler what is left of it', async () => {
    let left = 0;
    const result = await serveRpc(Echo, { text: 'x', deadlineAt: Date.now() + 1000 }, async (r, deadline) => {
      left = deadline.remainingMs();
      return r;
    });

    expect(result).toEqual({ ok: true, data: { text: 'x' } });
    expect(left).toBeGreaterThan(900);
    expect(left).toBeLessThanOrEqual(1000);
  });

  it('serves a request without a deadline (an older peer) with no limit', async () => {
    let left = 0;
    await serveRpc(Echo, { text: 'x' }, async (r, deadline) => {
      left = deadline.remainingMs();
      return r;
    });

    expect(left).toBe(Number.POSITIVE_INFINITY);
    expect(requestDeadline({ deadlineAt: 'soon' })).toBe(Deadline.NONE);
  });
});

describe(callRpc.name, () => {
  it('sends its timeout as the request deadline, beside the contract fields', async () => {
    const sent: unknown[] = [];
    const client = {
      send: (_subject: string, payload: unknown) => {
        sent.push(payload);
        return of({ ok: true, data: { text: 'x' } });
      },
    } as unknown as ClientProxy;
    const before = Date.now();

    await callRpc(client, Echo, { text: 'x' }, 1500);

    expect(sent).toEqual([{ text: 'x', deadlineAt: expect.any(Number) }]);
    const { deadlineAt } = sent[0] as { deadlineAt: number };
    expect(deadlineAt).toBeGreaterThanOrEqual(before + 1500);
    expect(deadlineAt).toBeLessThanOrEqual(Date.now() + 1500);
  });
});
