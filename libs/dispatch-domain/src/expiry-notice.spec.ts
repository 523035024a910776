import {
  assertDispatchableFlow,
  chooseAgentNumber,
  chooseNoticeContactPoint,
  considerExpiryNotice,
  DispatchMapping,
  EXPIRY_NOTICE_MAX_AGE_MS,
  FlowNotFound,
  FlowNotPublished,
} from './index';

const NOW = new Date('2026-11-24T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe(considerExpiryNotice.name, () => {
  it('considers a recent expiry', () => {
    expect(considerExpiryNotice({ reason: 'expired', occurredAt: ago(1000) }, NOW)).toBe('consider');
    expect(considerExpiryNotice({ reason: 'expired', occurredAt: ago(EXPIRY_NOTICE_MAX_AGE_MS) }, NOW)).toBe(
      'consider',
    );
  });

  it.each(['agent-logoff', 'unreachable', 'admin', 'login'])(
    'leaves an agent who went offline by %s alone',
    (reason) => {
      expect(considerExpiryNotice({ reason, occurredAt: NOW }, NOW)).toBe('not-an-expiry');
    },
  );

  it('does not ring about an expiry long past (a consumer catching up)', () => {
    expect(
      considerExpiryNotice({ reason: 'expired', occurredAt: ago(EXPIRY_NOTICE_MAX_AGE_MS + 1) }, NOW),
    ).toBe('too-late');
    expect(considerExpiryNotice({ reason: 'expired', occurredAt: ago(61_000) }, NOW, 60_000)).toBe(
      'too-late',
    );
  });
});

describe(chooseNoticeContactPoint.name, () => {
  const mapping = (id: string, createdAt: string, active = true) =>
    DispatchMapping.create(
      { id, tenantId: 'acme', name: id, phoneNumber: `+1415555010${id.slice(-1)}`, flowId: 'flow-1', active },
      new Date(createdAt),
    ).mapping;

  it('takes the oldest active mapping, then the lowest id', () => {
    const chosen = chooseNoticeContactPoint([
      mapping('m-3', '2026-11-03T00:00:00Z'),
      mapping('m-2', '2026-11-01T00:00:00Z'),
      mapping('m-1', '2026-11-01T00:00:00Z'),
      mapping('m-0', '2026-10-01T00:00:00Z', false),
    ]);
    expect(chosen?.id).toBe('m-1');
  });

  it('finds none among inactive mappings', () => {
    expect(chooseNoticeContactPoint([mapping('m-0', '2026-10-01T00:00:00Z', false)])).toBeNull();
    expect(chooseNoticeContactPoint([])).toBeNull();
  });
});

describe(chooseAgentNumber.name, () => {
  it('takes the first PSTN number that is a phone number, in E.164', () => {
    expect(chooseAgentNumber(['client:alice', '+1 (415) 555-0100', '+14155550101'])).toBe('+14155550100');
    expect(chooseAgentNumber(['sip:agent@pbx'])).toBeNull();
    expect(chooseAgentNumber([])).toBeNull();
  });
});

describe(assertDispatchableFlow.name, () => {
  it('passes a published flow of the tenant', () => {
    const flow = { flowId: 'flow-1', name: 'Timed Presence', publishedVersion: 2 };
    expect(assertDispatchableFlow('flow-1', flow)).toBe(flow);
  });

  it('refuses a flow the tenant does not have, and one never published', () => {
    expect(() => assertDispatchableFlow('flow-1', null)).toThrow(FlowNotFound);
    const draft = () =>
      assertDispatchableFlow('flow-1', { flowId: 'flow-1', name: 'Draft', publishedVersion: null });
    expect(draft).toThrow(FlowNotPublished);
    expect(draft).toThrow('flow "Draft" (flow-1) has no published version; publish it first');
  });
});
