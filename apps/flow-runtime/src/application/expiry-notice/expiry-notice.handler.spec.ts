import { timedPresenceParams } from '@tp/fakes';
import { loginCalls, loginFixture, loginWithFlow } from '../../testing/session-handlers.fixture';
import { ExpiryNoticeHandler } from './expiry-notice.handler';
import { ExpiryNoticeQuery } from './expiry-notice.query';

describe(ExpiryNoticeHandler.name, () => {
  let { clock, flows, sessions, prompts, start, input } = loginFixture();
  let flowId = '';

  beforeEach(async () => {
    ({ clock, flows, sessions, prompts, start, input, flowId } = await loginWithFlow());
  });

  const { call, press, publishedFlow } = loginCalls(() => ({ flows, clock, start, input, flowId }));

  const notice = (agentId = 'ann') =>
    new ExpiryNoticeHandler(flows, sessions, prompts, { FLOW_RUNTIME_DEADLINE_MS: 1500 }).execute(
      new ExpiryNoticeQuery('acme', agentId),
    );

  it('asks for a call with the Offline prompt when the login flow wants one', async () => {
    flowId = await publishedFlow(timedPresenceParams({ notifyOnExpiry: true }));
    await press(await call(), '1');

    await expect(notice()).resolves.toEqual({
      notify: true,
      flowId,
      steps: [
        { type: 'pause', seconds: 1 },
        { type: 'say', text: '<p-offline>', voice: 'Polly.Joanna', language: 'en-US' },
      ],
    });
  });

  it('asks for none when the flow does not want one, or the agent never signed in by phone', async () => {
    await press(await call(), '1');

    await expect(notice()).resolves.toEqual({ notify: false });
    await expect(notice('bob')).resolves.toEqual({ notify: false });
  });
});
