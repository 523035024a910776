import { jetstreamManager } from '@nats-io/jetstream';
import twilio from 'twilio';
import { readStream, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import {
  DISPATCH_APOLOGY_TEXT,
  expectAtMenu,
  expectEndedHearing,
  FLOW_APOLOGY_TEXT,
  NOT_IN_SERVICE_TEXT,
  SAY,
} from '../support/call-in';
import { consumerCaughtUp, outboxRelayed } from '../support/settled';
import type { TestStack } from '../support/stack';
import { sharedCallInStack } from './shared-call-in-stack';

/**
 * The call-in path when Twilio or the stack misbehave: forged and missing signatures, retried
 * webhooks, a number nobody mapped, a service stopped in the middle of a call; and the end of an
 * agent's hours: the offline event and the notice call through the Twilio REST API (a double).
 */
const tenant = `call-in-edge-${uniqueSuffix()}`;
const CONTACT = { login: '+15550300100', notify: '+15550300200' };
const AGENTS = [
  'forged',
  'retried',
  'stopped-presence',
  'stopped-flow-runtime',
  'expiring',
  'frozen-presence',
  'frozen-flow-runtime',
] as const;
type AgentKey = (typeof AGENTS)[number];
const phoneOf = (key: AgentKey) => `+1555030${String(1000 + AGENTS.indexOf(key))}`;

type OfflineData = { agentId: string; state: string; reason: string };

describe('calling in when things go wrong, and when the hours run out', () => {
  let stack: TestStack;
  const ids = new Map<AgentKey, string>();
  const agent = (key: AgentKey) => ({ id: ids.get(key)!, phone: phoneOf(key) });
  const presence = (key: AgentKey) => stack.presence(tenant, agent(key).id);
  const eventsOf = async (key: AgentKey) =>
    (await readStream(stack.nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`)).filter(
      (m) =>
        (m.event.data as { agentId: string }).agentId === agent(key).id &&
        !m.subject.endsWith('.agent-session-closed.v1'), // the session record, not a change
    );

  beforeAll(async () => {
    stack = await sharedCallInStack();
    const token = stack.token(tenant);
    const seeded = await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT.login,
      agents: AGENTS.map((key) => ({
        name: `Agent ${key}`,
        email: `${key}@edge.example`,
        phone: phoneOf(key),
      })),
    });
    for (const a of seeded.agents)
      ids.set(
        AGENTS.find((k) => phoneOf(k) === a.phone)!,
        a.id,
      );
    // A login line whose first preset is one hour and which calls the agent when the hours run out.
    await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT.notify,
      agents: [],
      flowName: 'Timed Presence with expiry notice',
      presetHours: [1, 8, 24, 48],
      notifyOnExpiry: true,
    });
  }, 120_000);

  describe('signatures', () => {
    it.each([
      ['forged', 403],
      ['missing', 400],
    ] as const)(
      'a %s signature is refused with %i and <Reject/>; nothing happens',
      async (signature, status) => {
        const call = await stack
          .simulator({ signature })
          .dial({ from: agent('forged').phone, to: CONTACT.login });

        expect(call.lastStatus).toBe(status);
        expect(call.lastTwiml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>');
        expect(call.ended).toBe(true);
        expect(call.heard).toEqual([]);

        // a forged key press on a real call's Gather is refused just the same
        const real = await stack.simulator().dial({ from: agent('forged').phone, to: CONTACT.login });
        expectAtMenu(real);
        const forgedPress = await fetch(real.gather!.action, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(signature === 'forged' ? { 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } : {}),
          },
          body: new URLSearchParams({ ...real.base, CallStatus: 'in-progress', Digits: '1' }).toString(),
        });
        expect(forgedPress.status).toBe(status);
        expect(await presence('forged')).toMatchObject({ state: 'offline', sequence: 0 });
      },
    );
  });

  it('a retried webhook gets the same TwiML and has one effect: one online event', async () => {
    const call = await stack.simulator().dial({ from: agent('retried').phone, to: CONTACT.login });
    expectAtMenu(call);
    const firstAnswer = call.lastTwiml;
    const voiceRetry = await call.retryLast(); // Twilio retrying the Voice URL (same CallSid)
    expect(voiceRetry).toEqual({ status: 200, twiml: firstAnswer });

    await call.press('1');
    expectEndedHearing(call, SAY.online);
    const online = call.lastTwiml;
    const pressRetries = await Promise.all([call.retryLast(), call.retryLast()]); // and the Gather action, twice at once
    expect(pressRetries).toEqual([
      { status: 200, twiml: online },
      { status: 200, twiml: online },
    ]);

    expect(await presence('retried')).toMatchObject({ state: 'online', sequence: 1 });
    await waitFor(async () => (await eventsOf('retried')).length > 0, 10_000, 'the online event');
    await outboxRelayed(stack.pg, 'presence'); // a second event, if there were one, is on the stream now
    const events = await eventsOf('retried');
    expect(events.map((e) => e.event.type)).toEqual(['timedpresence.presence.agent-went-online.v1']);
    const sessions = await fetch(
      `${stack.urls.presence}/v1/presence/agents/${agent('retried').id}/sessions`,
      {
        headers: { authorization: `Bearer ${stack.token(tenant)}` },
      },
    );
    expect(((await sessions.json()) as { total: number }).total).toBe(1);
  });

  it.each([
    [
      'an oversized body',
      'application/x-www-form-urlencoded',
      `CallSid=CA1&Body=${'x'.repeat(2_000_000)}`,
      413,
    ],
    ['a wrongly typed body', 'application/xml', '<CallSid>CA1</CallSid>', 415],
  ])('%s gets TwiML too (%s)', async (_what, contentType, body, status) => {
    const response = await fetch(`${stack.publicBaseUrl}/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
      body,
    }).catch((error: Error) => error);

    expect(response).toBeInstanceOf(Response);
    const answer = response as Response;
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await answer.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>');
  });

  it('bad webhook input is answered with TwiML and logged as one warning line, without a stack', async () => {
    const dispatch = stack.process('dispatch')!;
    const logged = dispatch.output().length;
    const params = { AccountSid: stack.twilio.accountSid, From: agent('retried').phone, To: CONTACT.login };
    const url = `${stack.publicBaseUrl}/twilio/voice`;

    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.twilio.authToken, url, params),
      },
      body: new URLSearchParams(params).toString(), // no CallSid
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Hangup/>');
    await waitFor(() => dispatch.output().length > logged, 5_000, "dispatch's log line");
    const lines = dispatch
      .output()
      .slice(logged)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { level: string; message: string });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/^\/twilio\/voice: bad input \(CallSid: /),
      }),
    ]);
    expect(lines[0].message).not.toMatch(/\n\s+at /);
  });

  it('a number nobody mapped is not in service', async () => {
    const call = await stack.simulator().dial({ from: agent('retried').phone, to: '+15550399999' });

    expect(call.lastStatus).toBe(200);
    expectEndedHearing(call, NOT_IN_SERVICE_TEXT);
  });

  it.each([
    // flow-runtime answers the turn with its apology: presence did not answer, nothing was stored
    ['presence', 'stopped-presence', FLOW_APOLOGY_TEXT],
    // nobody answers dispatch's session-input request: dispatch apologises itself
    ['flow-runtime', 'stopped-flow-runtime', DISPATCH_APOLOGY_TEXT],
  ] as const)(
    '%s stopped mid-call: the caller hears the apology, the call ends, nothing is claimed',
    async (app, key, apology) => {
      const call = await stack.simulator().dial({ from: agent(key).phone, to: CONTACT.login });
      expectAtMenu(call);
      await stack.stopApp(app);
      try {
        const started = Date.now();
        await call.press('1');

        expect(call.lastStatus).toBe(200);
        expect(call.lastContentType).toContain('text/xml');
        expectEndedHearing(call, apology);
        expect(Date.now() - started).toBeLessThan(2500); // within dispatch's 2 s deadline
      } finally {
        await stack.startApp(app);
      }
      expect(await presence(key)).toMatchObject({ state: 'offline', sequence: 0 });

      // Nothing was stored for that turn: Twilio's retry of the same keys, now that it is back, works.
      const retry = await call.retryLast();
      expect(retry.status).toBe(200);
      expect(retry.twiml).toContain(SAY.online);
      expect(await presence(key)).toMatchObject({ state: 'online', sequence: 1 });
    },
  );

  it.each([
    // flow-runtime gives up on presence (its turn budget) and apologises; dispatch relays it
    ['presence', 'frozen-presence', FLOW_APOLOGY_TEXT],
    // dispatch gives up on flow-runtime at its 2 s deadline and apologises itself
    ['flow-runtime', 'frozen-flow-runtime', DISPATCH_APOLOGY_TEXT],
  ] as const)(
    '%s frozen mid-call: the caller hears the apology, and the request it finds on waking is not carried out',
    async (app, key, apology) => {
      const call = await stack.simulator().dial({ from: agent(key).phone, to: CONTACT.login });
      expectAtMenu(call);
      const logged = stack.process(app)!.output().length;
      stack.pauseApp(app);
      try {
        await call.press('1');
        expectEndedHearing(call, apology);
      } finally {
        stack.resumeApp(app);
      }

      // On waking, the app finds the request its caller gave up on, and refuses it.
      await waitFor(
        async () => stack.process(app)!.output().slice(logged).includes('after its caller stopped waiting'),
        10_000,
        `${app} to refuse the request it found on waking`,
      );
      expect(await presence(key)).toMatchObject({ state: 'offline', sequence: 0 });
      await outboxRelayed(stack.pg, 'presence'); // an event, had there been a change, is on the stream now
      expect(await eventsOf(key)).toEqual([]);

      // Nothing was stored for that turn: Twilio's retry of the same keys works.
      const retry = await call.retryLast();
      expect(retry.twiml).toContain(SAY.online);
      expect(await presence(key)).toMatchObject({ state: 'online', sequence: 1 });
    },
  );

  it('expiry: the offline event, the notice call through the Twilio REST API, and the Offline prompt when answered', async () => {
    // dispatch follows the offline events with a durable consumer created once PRESENCE_EVENTS exists
    const jsm = await jetstreamManager(stack.nc);
    await waitFor(
      () =>
        jsm.consumers.info('PRESENCE_EVENTS', 'dispatch-expiry-notice').then(
          () => true,
          () => false,
        ),
      20_000,
      "dispatch's expiry consumer",
    );
    const { id, phone } = agent('expiring');
    const login = await stack.simulator().dial({ from: phone, to: CONTACT.notify });
    expect(login.lastSaid).toBe(`${SAY.welcome} ${SAY['preset-hours']}`);
    await login.press('1'); // one hour
    expectEndedHearing(login, SAY.online);
    expect(await presence('expiring')).toMatchObject({ state: 'online' });
    // The stack is shared with other suites: only calls placed to this agent count.
    const callsToAgent = () => stack.twilioRest.calls.filter((c) => c.params.To === phone);

    // An hour is long for a test: the hour is over now, as far as the database knows.
    const updated = await stack.pg.query(
      `update presence.agent_presence set expires_at = now() - interval '1 second' where tenant_id = $1 and agent_id = $2`,
      [tenant, id],
    );
    expect(updated.rowCount).toBe(1);

    await waitFor(async () => (await presence('expiring')).state === 'offline', 10_000, 'the expiry');
    expect(await presence('expiring')).toMatchObject({ state: 'offline', reason: 'expired' });
    await waitFor(
      async () => (await eventsOf('expiring')).some((e) => e.event.type.endsWith('agent-went-offline.v1')),
      10_000,
      'the offline event',
    );
    const offline = (await eventsOf('expiring')).filter((e) =>
      e.event.type.endsWith('agent-went-offline.v1'),
    );
    expect(offline).toHaveLength(1);
    expect(offline[0].subject).toBe(`presence.evt.${tenant}.agent-went-offline.v1`);
    expect(offline[0].event.data as OfflineData).toMatchObject({
      agentId: id,
      state: 'offline',
      reason: 'expired',
    });

    await waitFor(() => callsToAgent().length > 0, 20_000, 'the notice call');
    const placed = callsToAgent();
    expect(placed).toHaveLength(1);
    expect(placed[0].accountSid).toBe(stack.twilio.accountSid);
    expect(placed[0].params).toMatchObject({
      To: phone,
      From: CONTACT.notify,
      Url: expect.stringMatching(new RegExp(`^${stack.publicBaseUrl}/twilio/notice\\?notice=[\\w-]+$`)),
      StatusCallback: `${stack.publicBaseUrl}/twilio/status`,
    });

    // The agent answers at once: Twilio fetches the notice URL. Dispatch stored the notice before
    // placing the call, so even an answer quicker than any ringing phone finds it.
    const noticeUrl = String(placed[0].params.Url);
    const notice = await stack.simulator().dial({
      from: CONTACT.notify,
      to: phone,
      path: noticeUrl,
      callSid: placed[0].sid,
      direction: 'outbound-api',
    });
    expect(notice.lastStatus).toBe(200);
    expect(notice.heard).toEqual([
      { kind: 'pause', seconds: 1 },
      { kind: 'say', text: SAY.offline, voice: 'Polly.Joanna', language: 'en-US' },
    ]);
    expect(notice.ended).toBe(true);
    expect(notice.lastTwiml).toContain('<Hangup/>');

    // ...and a redelivered or late event places no second call
    await outboxRelayed(stack.pg, 'presence');
    await consumerCaughtUp(stack.nc, 'PRESENCE_EVENTS', 'dispatch-expiry-notice');
    expect(callsToAgent()).toHaveLength(1);
  });
});
