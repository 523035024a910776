import { APOLOGY } from '../../../common/call-answer';
import {
  CALL_SID,
  known,
  MenuTurnFlowSessions,
  origin,
  queues,
  SESSION,
} from '../../../testing/call-webhooks.fixture';
import { webhookDeadline } from '../webhook-deadline';
import { ContinueCallCommand } from './continue-call.command';
import { ContinueCallHandler } from './continue-call.handler';

describe(ContinueCallHandler.name, () => {
  it('hands the keys of the turn to flow-runtime unchanged', async () => {
    const sessions = new MenuTurnFlowSessions();

    const answer = await new ContinueCallHandler(sessions, queues).execute(
      new ContinueCallCommand(
        origin({ tenantId: 'acme', call: known() }),
        CALL_SID,
        SESSION,
        3,
        '12',
        webhookDeadline(2000),
      ),
    );

    expect(sessions.inputs).toEqual([{ tenantId: 'acme', sessionId: SESSION, turn: 3, digits: '12' }]);
    expect(answer.turn).toEqual({ sessionId: SESSION, turn: 4 });
  });

  it('apologises for keys of no tenant, or for another session than the call runs', async () => {
    const sessions = new MenuTurnFlowSessions();
    const handler = new ContinueCallHandler(sessions, queues);

    await expect(
      handler.execute(new ContinueCallCommand(origin(), CALL_SID, SESSION, 1, null, webhookDeadline(2000))),
    ).resolves.toBe(APOLOGY);
    await expect(
      handler.execute(
        new ContinueCallCommand(
          origin({ tenantId: 'acme', call: known() }),
          CALL_SID,
          'other',
          1,
          null,
          webhookDeadline(2000),
        ),
      ),
    ).resolves.toBe(APOLOGY);
    expect(sessions.inputs).toEqual([]);
  });
});
