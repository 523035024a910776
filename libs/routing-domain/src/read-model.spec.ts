import { applyIdentity, applyPresence, idleSinceAfter, type PresenceChange } from './read-model';
import { unknownAgent, type RoutingAgent } from './routing-agent';

const T = (minute: number) => new Date(Date.UTC(2026, 10, 24, 12, minute));

function change(fields: Partial<PresenceChange>): PresenceChange {
  return { state: 'online', expiresAt: T(59), reason: 'login', sequence: 1, occurredAt: T(0), ...fields };
}

describe('idle since: the later of login and the last call end', () => {
  const cases: [string, Date | null, Partial<PresenceChange>, Date | null][] = [
    ['a login starts it', null, { reason: 'login', occurredAt: T(1) }, T(1)],
    ['a login starts it afresh', T(0), { reason: 'login', occurredAt: T(5) }, T(5)],
    ['a call end moves it on', T(1), { reason: 'call-ended', occurredAt: T(9) }, T(9)],
    ['a call end never moves it back', T(9), { reason: 'call-ended', occurredAt: T(3) }, T(9)],
    ['a break start keeps it', T(1), { state: 'on-break', reason: 'break-started', occurredAt: T(4) }, T(1)],
    ['a break end moves it on', T(1), { reason: 'break-ended', occurredAt: T(20) }, T(20)],
    ['a call start keeps it', T(1), { state: 'busy', reason: 'call-started', occurredAt: T(4) }, T(1)],
    ['new hours keep it', T(1), { reason: 'changed', occurredAt: T(4) }, T(1)],
    ['unknown: starts at the change', null, { reason: 'changed', occurredAt: T(4) }, T(4)],
    ['offline clears it', T(1), { state: 'offline', reason: 'expired', expiresAt: null }, null],
  ];
  it.each(cases)('%s', (_name, previous, fields, expected) => {
    expect(idleSinceAfter(previous, change(fields))).toEqual(expected);
  });
});

describe('applying presence changes', () => {
  const fresh = unknownAgent('acme', 'ada');

  it('applies a newer sequence and drops duplicates and older ones', () => {
    const online = applyPresence(fresh, change({ sequence: 1, occurredAt: T(1) }));
    expect(online).toMatchObject({ state: 'online', expiresAt: T(59), presenceSequence: 1, idleSince: T(1) });
    expect(applyPresence(online!, change({ sequence: 1 }))).toBeNull();
    const busy = applyPresence(
      online!,
      change({ state: 'busy', reason: 'call-started', sequence: 3, occurredAt: T(3) }),
    );
    expect(busy).toMatchObject({ state: 'busy', presenceSequence: 3, idleSince: T(1) });
    expect(applyPresence(busy!, change({ sequence: 2, reason: 'changed' }))).toBeNull();
    const free = applyPresence(busy!, change({ reason: 'call-ended', sequence: 4, occurredAt: T(7) }));
    expect(free).toMatchObject({ state: 'online', idleSince: T(7) });
  });

  it('forgets expiry and idle start when offline, and starts afresh on the next login', () => {
    const online = applyPresence(fresh, change({ sequence: 1, occurredAt: T(1) }))!;
    const offline = applyPresence(
      online,
      change({ state: 'offline', reason: 'expired', expiresAt: T(59), sequence: 2, occurredAt: T(2) }),
    )!;
    expect(offline).toMatchObject({ state: 'offline', expiresAt: null, idleSince: null });
    const again = applyPresence(offline, change({ reason: 'changed', sequence: 3, occurredAt: T(8) }))!;
    expect(again.idleSince).toEqual(T(8));
  });
});

describe('applying identity changes', () => {
  const fresh: RoutingAgent = unknownAgent('acme', 'ada');

  it('applies skills and status by their own versions', () => {
    const created = applyIdentity(fresh, { version: 1, skills: ['Support', 'Sales'], status: 'active' })!;
    expect(created).toMatchObject({ skills: ['sales', 'support'], skillsVersion: 1, statusVersion: 1 });

    const skills = applyIdentity(created, { version: 3, skills: ['Billing'] })!;
    expect(skills).toMatchObject({
      skills: ['billing'],
      skillsVersion: 3,
      status: 'active',
      statusVersion: 1,
    });

    // A status change of version 2 arrives late: still the newest status.
    const disabled = applyIdentity(skills, { version: 2, status: 'disabled' })!;
    expect(disabled).toMatchObject({ skills: ['billing'], status: 'disabled', statusVersion: 2 });

    // The late skills of version 2 are older than version 3: dropped.
    expect(applyIdentity(disabled, { version: 2, skills: ['Old'] })).toBeNull();
    // A duplicate is dropped.
    expect(applyIdentity(disabled, { version: 2, status: 'disabled' })).toBeNull();
    // Nothing routing reads.
    expect(applyIdentity(disabled, { version: 9 })).toBeNull();
  });
});
