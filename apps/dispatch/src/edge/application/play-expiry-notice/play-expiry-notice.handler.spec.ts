import { APOLOGY } from '../../../common/call-answer';
import { CALL_SID, origin } from '../../../testing/call-webhooks.fixture';
import { PlayExpiryNoticeHandler } from './play-expiry-notice.handler';
import { PlayExpiryNoticeQuery } from './play-expiry-notice.query';

describe(PlayExpiryNoticeHandler.name, () => {
  it("plays the notice's steps and hangs up; an unknown notice gets the apology", async () => {
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
      callSid: CALL_SID,
      failure: null,
      createdAt: new Date(),
    };
    const handler = new PlayExpiryNoticeHandler();

    await expect(
      handler.execute(new PlayExpiryNoticeQuery(origin({ tenantId: 'acme', notice }))),
    ).resolves.toEqual({
      outcome: 'ok',
      steps: [{ type: 'say', text: 'You are now offline.' }, { type: 'hangup' }],
      turn: null,
    });
    await expect(handler.execute(new PlayExpiryNoticeQuery(origin()))).resolves.toBe(APOLOGY);
  });
});
