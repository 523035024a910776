import { DomainError } from '@tp/ddd';
import { defineRpc } from '@tp/contracts';
import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { serveRpc } from './rpc';

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
});
