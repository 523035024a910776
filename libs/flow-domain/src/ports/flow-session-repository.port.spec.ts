import type { ChannelStep } from '@tp/contracts';
import { InMemoryFlowSessionRepository } from '@tp/fakes';
import { PresetHours, TimedPresenceIvr } from '@tp/timed-presence-domain';
import { FlowSession, FlowSessionRepository } from '../index';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const SAY: ChannelStep = { type: 'say', text: 'menu' };

function newSession(id: string, callSid = 'CA1'): FlowSession {
  const { ivr } = TimedPresenceIvr.start(
    { presets: PresetHours.of([8, 24, 48, 72]), maxHours: 99, verification: 'caller-id' },
    {
      found: true,
      userId: 'ann',
      hasPin: false,
      timeZone: 'UTC',
      presence: { state: 'offline', expiresAt: null },
    },
  );
  return FlowSession.start(
    { id, tenantId: 'acme', flowId: 'f-1', flowVersion: 1, callSid, ivr, steps: [SAY] },
    T0,
  );
}

// The contract every FlowSessionRepository keeps, run here against the in-memory fake.
describe(FlowSessionRepository.name, () => {
  let sessions: InMemoryFlowSessionRepository;

  beforeEach(() => {
    sessions = new InMemoryFlowSessionRepository();
  });

  it('keeps one session per call: a second start gets the first', async () => {
    const first = await sessions.insertOrGet(newSession('s-1'));
    const second = await sessions.insertOrGet(newSession('s-2'));

    expect([first.id, second.id]).toEqual(['s-1', 's-1']);
    expect((await sessions.findByCallSid('acme', 'CA1'))?.id).toBe('s-1');
    await expect(sessions.findByCallSid('globex', 'CA1')).resolves.toBeNull();
  });

  it('saves the turn the work made, with the login, and hands no session to another tenant', async () => {
    await sessions.insertOrGet(newSession('s-1'));

    await sessions.withSession('acme', 's-1', async (session) => {
      const ivr = session!.ivr();
      ivr.input('1', new Date());
      session!.advance(ivr, [SAY], T0, { agentId: 'ann' });
    });

    expect((await sessions.findByCallSid('acme', 'CA1'))?.turn).toBe(2);
    await expect(sessions.lastLogin('acme', 'ann')).resolves.toEqual({
      tenantId: 'acme',
      agentId: 'ann',
      flowId: 'f-1',
      flowVersion: 1,
      callSid: 'CA1',
      loggedInAt: T0,
    });
    await expect(sessions.withSession('globex', 's-1', (s) => Promise.resolve(s))).resolves.toBeNull();
    await expect(sessions.lastLogin('acme', 'bob')).resolves.toBeNull();
  });

  it('saves nothing when the work fails', async () => {
    await sessions.insertOrGet(newSession('s-1'));

    await expect(
      sessions.withSession('acme', 's-1', async (session) => {
        const ivr = session!.ivr();
        ivr.input('1', new Date());
        session!.advance(ivr, [SAY], T0, { agentId: 'ann' });
        throw new Error('presence is down');
      }),
    ).rejects.toThrow('presence is down');

    expect((await sessions.findByCallSid('acme', 'CA1'))?.turn).toBe(1);
    await expect(sessions.lastLogin('acme', 'ann')).resolves.toBeNull();
  });

  it('runs work on one session one at a time: the second sees what the first saved', async () => {
    await sessions.insertOrGet(newSession('s-1'));
    const seen: number[] = [];
    const advance = () =>
      sessions.withSession('acme', 's-1', async (session) => {
        seen.push(session!.turn);
        await new Promise((r) => setTimeout(r, 5));
        if (session!.answered(1) !== null) return;
        const ivr = session!.ivr();
        ivr.input('7', new Date());
        session!.advance(ivr, [SAY], T0);
      });

    await Promise.all([advance(), advance()]);

    expect(seen).toEqual([1, 2]);
  });
});
