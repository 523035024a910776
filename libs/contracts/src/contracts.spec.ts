import {
  AgentPresenceChangedV1,
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  GoOnline,
  PRESENCE_EVENTS_V1,
  PresenceKvEntrySchema,
  PresenceViewSchema,
  RpcResultSchema,
  makeCloudEvent,
  commandSubject,
  eventStreamName,
  eventSubject,
  eventWildcard,
} from './index';

const data = {
  tenantId: 'acme',
  agentId: 'u-1',
  state: 'online',
  expiresAt: '2026-01-15T17:00:00.000Z',
  breakEndsAt: null,
  reason: 'login',
  sequence: 1,
  occurredAt: '2026-01-15T09:00:00.000Z',
};

const envelope = {
  specversion: '1.0',
  id: '0b9e8c1e-5f7e-4a47-9d0b-1c6f1f9e2a11',
  source: 'timed-presence/presence',
  type: AgentWentOnlineV1.type,
  time: '2026-01-15T09:00:00.000Z',
  subject: 'u-1',
  datacontenttype: 'application/json',
  data,
};

describe('subjects', () => {
  it('names commands, tenant-scoped events, wildcards and streams by the naming rules', () => {
    expect(commandSubject('identity', 'find-user-by-phone')).toBe('identity.cmd.find-user-by-phone');
    expect(eventSubject('presence', 'acme', 'agent-went-online', 1)).toBe(
      'presence.evt.acme.agent-went-online.v1',
    );
    expect(eventWildcard('presence')).toBe('presence.evt.>');
    expect(eventWildcard('presence', 'acme')).toBe('presence.evt.acme.>');
    expect(eventStreamName('flow-runtime')).toBe('FLOW_RUNTIME_EVENTS');
    expect(AgentWentOfflineV1.subjectFor('acme')).toBe('presence.evt.acme.agent-went-offline.v1');
  });

  it.each(['Acme', 'a.b', 'a*', '>', ''])('refuses %p as a subject token', (bad) => {
    expect(() => eventSubject('presence', bad, 'x', 1)).toThrow(/subject token/);
  });
});

describe('presence events v1', () => {
  it('accepts a well-formed CloudEvents envelope', () => {
    expect(AgentWentOnlineV1.envelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it('reads an event from before the break existed (no breakEndsAt) as one without a break', () => {
    const { breakEndsAt: _absent, ...older } = data;

    expect(AgentWentOnlineV1.envelopeSchema.parse({ ...envelope, data: older }).data.breakEndsAt).toBeNull();
  });

  it('reads a presence view or KV entry without breakEndsAt (an older presence) as one without a break', () => {
    const view = {
      tenantId: 'acme',
      agentId: 'u-1',
      state: 'online',
      expiresAt: '2026-01-15T17:00:00.000Z',
      sequence: 1,
      reason: 'login',
      changedAt: '2026-01-15T09:00:00.000Z',
    };

    expect(PresenceViewSchema.parse({ ...view, expiresWhenCallEnds: false }).breakEndsAt).toBeNull();
    expect(PresenceKvEntrySchema.parse(view).breakEndsAt).toBeNull();
    expect(() => PresenceKvEntrySchema.parse({ ...view, state: 'on-break', breakEndsAt: 7 })).toThrow();
  });

  it('carries a break: state on-break, reason break-started, when it ends', () => {
    const onBreak = {
      ...data,
      state: 'on-break',
      reason: 'break-started',
      breakEndsAt: '2026-01-15T09:15:00.000Z',
      sequence: 2,
    };

    expect(AgentPresenceChangedV1.dataSchema.parse(onBreak)).toEqual(onBreak);
    expect(() => AgentPresenceChangedV1.dataSchema.parse({ ...onBreak, breakEndsAt: 'soon' })).toThrow();
  });

  it.each([
    ['another type', { ...envelope, type: AgentWentOfflineV1.type }],
    ['a zero sequence', { ...envelope, data: { ...data, sequence: 0 } }],
    ['an unknown state', { ...envelope, data: { ...data, state: 'away' } }],
    ['an unsafe tenant', { ...envelope, data: { ...data, tenantId: 'ACME.x' } }],
    ['a wrong spec version', { ...envelope, specversion: '0.3' }],
  ])('rejects an envelope with %s', (_name, bad) => {
    expect(AgentWentOnlineV1.envelopeSchema.safeParse(bad).success).toBe(false);
  });

  it('has one distinct type per event', () => {
    expect(new Set(PRESENCE_EVENTS_V1.map((e) => e.type)).size).toBe(PRESENCE_EVENTS_V1.length);
  });
});

describe('presence go-online', () => {
  const ref = { tenantId: 'acme', agentId: 'u-1' };

  it('takes hours or an instant to stay online until, exactly one of them', () => {
    expect(GoOnline.request.parse({ ...ref, hours: 8 })).toMatchObject({ hours: 8, reason: 'login' });
    expect(GoOnline.request.parse({ ...ref, until: '2026-01-15T18:30:00.000Z' })).toMatchObject({
      until: '2026-01-15T18:30:00.000Z',
    });
    for (const bad of [{}, { hours: 8, until: '2026-01-15T18:30:00.000Z' }, { until: '18:30' }]) {
      expect(GoOnline.request.safeParse({ ...ref, ...bad }).success).toBe(false);
    }
  });
});

describe('rpc results', () => {
  it('tells a success from a coded failure', () => {
    expect(RpcResultSchema.parse({ ok: true, data: 1 })).toEqual({ ok: true, data: 1 });
    expect(RpcResultSchema.safeParse({ ok: false, error: { code: 'X.Y', message: 'm' } }).success).toBe(true);
    expect(RpcResultSchema.safeParse({ ok: false }).success).toBe(false);
  });
});

describe('makeCloudEvent', () => {
  it('wraps valid data in an envelope its contract accepts', () => {
    const event = makeCloudEvent(AgentWentOnlineV1, {
      id: envelope.id,
      source: 'timed-presence/presence',
      time: new Date('2026-01-15T09:00:00.000Z'),
      subject: 'u-1',
      data: data as never,
    });

    expect(AgentWentOnlineV1.envelopeSchema.parse(event)).toEqual(envelope);
  });

  it('refuses data that breaks the schema', () => {
    expect(() =>
      makeCloudEvent(AgentWentOnlineV1, {
        id: 'x',
        source: 's',
        time: new Date(),
        subject: 'u',
        data: { ...data, sequence: -1 } as never,
      }),
    ).toThrow();
  });
});
