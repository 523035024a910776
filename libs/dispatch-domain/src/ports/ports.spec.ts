import {
  aMapping,
  FakeFlowCatalog,
  InMemoryCallLog,
  InMemoryDispatchMappingRepository,
  InMemoryNoticeCallRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import {
  CallLog,
  DispatchMapping,
  DispatchMappingRepository,
  FlowCatalog,
  FlowCheckUnavailable,
  MappingChangedConcurrently,
  NO_SEQUENCE,
  NoticeCallRepository,
  PhoneNumberTaken,
  TenantTwilioAccount,
  TwilioAccountRepository,
  type CallRecord,
} from '../index';

const T0 = new Date('2026-11-24T10:00:00Z');

describe(DispatchMappingRepository.name, () => {
  it('keeps a number in one tenant only, and reads within the tenant', async () => {
    const repo = new InMemoryDispatchMappingRepository().seed(aMapping().build());
    const other = aMapping().withId('22222222-2222-4222-8222-222222222222').forTenant('globex').build();
    const { mapping: clash } = DispatchMapping.create(
      { id: other.id, tenantId: 'globex', name: 'Theirs', phoneNumber: '+14155550100', flowId: 'flow-9' },
      T0,
    );

    await expect(repo.save(clash)).rejects.toBeInstanceOf(PhoneNumberTaken);
    await expect(repo.find('globex', '11111111-1111-4111-8111-111111111111')).resolves.toBeNull();
    await expect(repo.findByPhoneNumber('+14155550100')).resolves.toMatchObject({ tenantId: 'acme' });
    await expect(repo.findByFlow('acme', 'flow-1')).resolves.toHaveLength(1);
    await expect(repo.countUsingTenantAccount('acme')).resolves.toBe(0);
    await expect(repo.list('acme', { limit: 10, offset: 0 })).resolves.toMatchObject({ total: 1 });
  });

  it('refuses a save or delete over a version it did not read', async () => {
    const repo = new InMemoryDispatchMappingRepository().seed(aMapping().build());
    const first = (await repo.find('acme', '11111111-1111-4111-8111-111111111111'))!;
    const second = (await repo.find('acme', '11111111-1111-4111-8111-111111111111'))!;
    first.change({ name: 'First' }, T0);
    second.change({ name: 'Second' }, T0);

    await repo.save(first);
    await expect(repo.save(second)).rejects.toBeInstanceOf(MappingChangedConcurrently);
    await expect(repo.delete(second)).rejects.toBeInstanceOf(MappingChangedConcurrently);
    await repo.delete((await repo.find('acme', first.id))!);
    await expect(repo.find('acme', first.id)).resolves.toBeNull();
    expect(repo.nextId()).not.toBe(repo.nextId());
  });
});

describe(TwilioAccountRepository.name, () => {
  it('keeps one account per tenant, findable by its SID', async () => {
    const repo = new InMemoryTwilioAccountRepository();
    const sid = 'AC0123456789abcdef0123456789abcdef';
    await repo.save(TenantTwilioAccount.set('acme', sid, 'fedcba9876543210fedcba9876543210', T0));

    await expect(repo.find('acme')).resolves.toMatchObject({ accountSid: sid });
    await expect(repo.findByAccountSid(sid)).resolves.toHaveLength(1);
    await expect(repo.remove('acme')).resolves.toBe(true);
    await expect(repo.remove('acme')).resolves.toBe(false);
  });
});

describe(FlowCatalog.name, () => {
  it('describes a flow of the tenant, or tells when it cannot', async () => {
    const flows = new FakeFlowCatalog().withFlow('acme', 'flow-1', 3);

    await expect(flows.findFlow('acme', 'flow-1')).resolves.toEqual({
      flowId: 'flow-1',
      name: 'Timed Presence',
      publishedVersion: 3,
    });
    await expect(flows.findFlow('globex', 'flow-1')).resolves.toBeNull();
    await expect(flows.goDown().findFlow('acme', 'flow-1')).rejects.toBeInstanceOf(FlowCheckUnavailable);
  });
});

describe(CallLog.name, () => {
  const call: CallRecord = {
    callSid: 'CA00000000000000000000000000000001',
    tenantId: 'acme',
    mappingId: null,
    twilioAccount: 'platform',
    direction: 'inbound',
    from: '+14155550123',
    to: '+14155550100',
    sessionId: null,
    progress: { status: 'ringing', sequence: NO_SEQUENCE },
    createdAt: T0,
    updatedAt: T0,
  };

  it('records a call once, and applies only newer reports', async () => {
    const log = new InMemoryCallLog();
    await log.record(call);
    await log.record({ ...call, sessionId: 's-1' });

    await expect(log.find(call.callSid)).resolves.toMatchObject({ sessionId: 's-1' });
    await expect(log.applyStatus(call.callSid, { status: 'completed', sequence: 3 }, T0)).resolves.toEqual({
      status: 'completed',
      sequence: 3,
    });
    await expect(log.applyStatus(call.callSid, { status: 'in-progress', sequence: 2 }, T0)).resolves.toEqual({
      status: 'completed',
      sequence: 3,
    });
    await expect(log.applyStatus('CA-unknown', { status: 'completed', sequence: 1 }, T0)).resolves.toBeNull();
  });
});

describe(NoticeCallRepository.name, () => {
  it('keeps one notice per presence event, placing until settled, discarded only while placing', async () => {
    const repo = new InMemoryNoticeCallRepository();
    const notice = {
      id: 'n-1',
      tenantId: 'acme',
      agentId: 'agent-1',
      eventId: 'e-1',
      mappingId: 'm-1',
      twilioAccount: 'platform' as const,
      from: '+14155550100',
      to: '+14155550123',
      steps: [{ type: 'say' as const, text: 'You are now offline.' }],
      outcome: 'placed' as const,
      callSid: 'CA1',
      failure: null,
      createdAt: T0,
    };
    await repo.save(notice);

    await expect(repo.find('n-1')).resolves.toEqual(notice);
    await expect(repo.find('n-2')).resolves.toBeNull();
    await expect(repo.save({ ...notice, id: 'n-2' })).resolves.toEqual(notice); // the event's own

    const placing = { ...notice, id: 'n-3', eventId: 'e-3', outcome: 'placing' as const, callSid: null };
    await expect(repo.save(placing)).resolves.toEqual(placing);
    await repo.settle('n-3', 'failed', null, 'refused: 21211');
    await expect(repo.find('n-3')).resolves.toMatchObject({ outcome: 'failed', failure: 'refused: 21211' });
    await repo.discard('n-3');
    await expect(repo.find('n-3')).resolves.not.toBeNull(); // settled: kept
    await repo.save({ ...placing, id: 'n-4', eventId: 'e-4' });
    await repo.discard('n-4');
    await expect(repo.find('n-4')).resolves.toBeNull();
  });
});
