import { aMapping, FixedClock, InMemoryCallLog } from '@tp/fakes';
import { CALL_SID, known, origin } from '../../../testing/call-webhooks.fixture';
import { RecordCallStatusCommand } from './record-call-status.command';
import { RecordCallStatusHandler } from './record-call-status.handler';

describe(RecordCallStatusHandler.name, () => {
  const clock = new FixedClock('2026-11-24T10:05:00Z');
  const parties = { from: '+14155550123', to: '+14155550100' };

  it('applies newer reports only, and keeps a call that ended ended', async () => {
    const calls = new InMemoryCallLog();
    await calls.record(known());
    const handler = new RecordCallStatusHandler(calls, clock);
    const report = (status: 'in-progress' | 'completed' | 'ringing', sequence: number) =>
      handler.execute(
        new RecordCallStatusCommand(
          origin({ tenantId: 'acme', call: known() }),
          CALL_SID,
          { status, sequence },
          parties,
        ),
      );

    await expect(report('in-progress', 1)).resolves.toEqual({ status: 'in-progress', sequence: 1 });
    await expect(report('ringing', 0)).resolves.toEqual({ status: 'in-progress', sequence: 1 });
    await expect(report('completed', 2)).resolves.toEqual({ status: 'completed', sequence: 2 });
    await expect(report('in-progress', 3)).resolves.toEqual({ status: 'completed', sequence: 2 });
  });

  it('records a call it had not seen when its number is mapped; ignores one of no tenant', async () => {
    const calls = new InMemoryCallLog();
    const handler = new RecordCallStatusHandler(calls, clock);

    await handler.execute(
      new RecordCallStatusCommand(
        origin({ tenantId: 'acme', mapping: aMapping().build() }),
        CALL_SID,
        { status: 'completed', sequence: 4 },
        { ...parties, direction: 'outbound-api' },
      ),
    );
    expect(calls.calls.get(CALL_SID)).toMatchObject({
      tenantId: 'acme',
      direction: 'outbound-notice',
      progress: { status: 'completed', sequence: 4 },
    });

    await expect(
      handler.execute(
        new RecordCallStatusCommand(origin(), 'CA-other', { status: 'completed', sequence: 1 }, parties),
      ),
    ).resolves.toBeNull();
  });
});
