import type { SessionTurn } from '@tp/contracts';
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  FixedClock,
  InMemoryCallLog,
  InMemoryDispatchMappingRepository,
  InMemoryNoticeCallRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../../../dispatch.config';
import { AgentContacts } from '../../../common/ports/agent-contacts.port';
import { FlowSessions, type ExpiryNoticeAnswer } from '../ports/flow-sessions.port';
import {
  OutboundCallRefused,
  OutboundCalls,
  type OutboundCallRequest,
} from '../../../common/ports/outbound-calls.port';
import { PublicUrls } from '../../../common/public-urls';
import { TwilioCredentialsSource } from '../../../common/twilio-credentials.source';
import { NotifyExpiredAgentCommand } from './notify-expired-agent.command';
import { NotifyExpiredAgentHandler } from './notify-expired-agent.handler';

const NOW = new Date('2026-11-24T18:00:00Z');
const OFFLINE_PROMPT = [
  { type: 'say' as const, text: 'Your time is up: you are now offline.', voice: 'Polly.Joanna' },
];

class FakeExpiryNotices extends FlowSessions {
  answer: ExpiryNoticeAnswer = { notify: true, flowId: 'flow-1', steps: OFFLINE_PROMPT };
  start(): Promise<SessionTurn> {
    return Promise.reject(new Error('not used'));
  }
  input(): Promise<SessionTurn> {
    return Promise.reject(new Error('not used'));
  }
  queueResult(): Promise<SessionTurn> {
    return Promise.reject(new Error('not used'));
  }
  expiryNotice(): Promise<ExpiryNoticeAnswer> {
    return Promise.resolve(this.answer);
  }
}

class FakeContacts extends AgentContacts {
  numbers: string[] | null = ['+1 (415) 555-0123'];
  pstnNumbersOf(): Promise<string[] | null> {
    return Promise.resolve(this.numbers);
  }
}

class FakeTwilio extends OutboundCalls {
  readonly placed: OutboundCallRequest[] = [];
  failure: Error | null = null;
  /** Called as the call is placed (Twilio may fetch its URL before `place` resolves). */
  onPlace: (request: OutboundCallRequest) => Promise<void> = () => Promise.resolve();
  async place(request: OutboundCallRequest): Promise<{ callSid: string }> {
    await this.onPlace(request);
    if (this.failure) return Promise.reject(this.failure);
    this.placed.push(request);
    return Promise.resolve({ callSid: 'CAffffffffffffffffffffffffffffffff' });
  }
  cancel(): Promise<void> {
    return Promise.reject(new Error('notices are never cancelled'));
  }
}

function setup() {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com' }),
    platformAccount: {
      owner: 'platform',
      accountSid: 'AC11111111111111111111111111111111',
      authToken: new Secret('platform-token'),
    },
  };
  const sessions = new FakeExpiryNotices();
  const contacts = new FakeContacts();
  const twilio = new FakeTwilio();
  const notices = new InMemoryNoticeCallRepository();
  const calls = new InMemoryCallLog();
  const mappings = new InMemoryDispatchMappingRepository().seed(
    aMapping().build(),
    aMapping()
      .withId('22222222-2222-4222-8222-222222222222')
      .withNumber('+14155550199')
      .createdAtTime(new Date('2026-11-25T00:00:00Z'))
      .build(),
  );
  const handler = new NotifyExpiredAgentHandler(
    sessions,
    mappings,
    contacts,
    new TwilioCredentialsSource(config, new InMemoryTwilioAccountRepository()),
    twilio,
    notices,
    calls,
    new PublicUrls(config),
    new FixedClock(NOW),
  );
  return { handler, sessions, contacts, twilio, notices, calls, mappings };
}

const expired = (minutesAgo = 0, reason = 'expired') =>
  new NotifyExpiredAgentCommand(
    'event-1',
    'acme',
    'agent-1',
    reason,
    new Date(NOW.getTime() - minutesAgo * 60_000),
  );

describe(NotifyExpiredAgentHandler.name, () => {
  it("calls the agent's first PSTN number from the flow's contact point, through its account", async () => {
    const { handler, twilio, notices, calls } = setup();

    await expect(handler.execute(expired())).resolves.toBe('placed');

    expect(twilio.placed).toHaveLength(1);
    const placed = twilio.placed[0];
    expect(placed).toMatchObject({
      to: '+14155550123',
      from: '+14155550100',
      statusCallback: 'https://voice.example.com/twilio/status',
    });
    expect(placed.credentials.accountSid).toBe('AC11111111111111111111111111111111');
    const notice = notices.notices[0];
    expect(placed.url).toBe(`https://voice.example.com/twilio/notice?notice=${notice.id}`);
    expect(notice).toMatchObject({
      eventId: 'event-1',
      agentId: 'agent-1',
      outcome: 'placed',
      callSid: 'CAffffffffffffffffffffffffffffffff',
      steps: OFFLINE_PROMPT,
    });
    expect(calls.calls.get('CAffffffffffffffffffffffffffffffff')).toMatchObject({
      direction: 'outbound-notice',
      progress: { status: 'queued' },
    });
  });

  it.each([
    ['another reason', () => expired(0, 'agent-logoff'), 'not-an-expiry'],
    ['an expiry long past', () => expired(60), 'too-late'],
  ])('calls nobody for %s', async (_case, command, result) => {
    const { handler, twilio } = setup();
    await expect(handler.execute(command())).resolves.toBe(result);
    expect(twilio.placed).toEqual([]);
  });

  it('calls nobody when the flow does not ask, the flow has no active number, or the agent has no phone', async () => {
    const notAsked = setup();
    notAsked.sessions.answer = { notify: false };
    await expect(notAsked.handler.execute(expired())).resolves.toBe('not-asked');

    const noNumber = setup();
    noNumber.sessions.answer = { notify: true, flowId: 'flow-9', steps: OFFLINE_PROMPT };
    await expect(noNumber.handler.execute(expired())).resolves.toBe('no-contact-point');

    const unknown = setup();
    unknown.contacts.numbers = null;
    await expect(unknown.handler.execute(expired())).resolves.toBe('unknown-agent');

    const noPhone = setup();
    noPhone.contacts.numbers = ['client:alice'];
    await expect(noPhone.handler.execute(expired())).resolves.toBe('no-phone-number');

    for (const { twilio } of [notAsked, noNumber, unknown, noPhone]) expect(twilio.placed).toEqual([]);
  });

  it('records a call Twilio refuses, without retrying it', async () => {
    const { handler, twilio, notices } = setup();
    twilio.failure = new OutboundCallRefused(400, 21211, "The 'To' number is not a valid phone number.");

    await expect(handler.execute(expired())).resolves.toBe('refused');
    expect(notices.notices[0]).toMatchObject({
      outcome: 'failed',
      callSid: null,
      failure: "Twilio refused the call: 400 (21211) The 'To' number is not a valid phone number.",
    });
  });

  it('lets any other failure through, so that the event is delivered again', async () => {
    const { handler, twilio, notices } = setup();
    twilio.failure = new Error('socket hang up');

    await expect(handler.execute(expired())).rejects.toThrow('socket hang up');
    expect(notices.notices).toEqual([]);
    twilio.failure = null;
    await expect(handler.execute(expired())).resolves.toBe('placed');
    expect(twilio.placed).toHaveLength(1);
  });

  it('stores the notice before placing its call: an answer at once finds what to play', async () => {
    const { handler, twilio, notices } = setup();
    const heard: unknown[] = [];
    twilio.onPlace = async (request) => {
      const id = new URL(request.url).searchParams.get('notice')!;
      heard.push((await notices.find(id))?.steps);
    };
    await expect(handler.execute(expired())).resolves.toBe('placed');
    expect(heard).toEqual([OFFLINE_PROMPT]);
  });

  it('places one call per event: delivered again after placing, or after an attempt cut short', async () => {
    const placedOnce = setup();
    await expect(placedOnce.handler.execute(expired())).resolves.toBe('placed');
    await expect(placedOnce.handler.execute(expired())).resolves.toBe('placed');
    expect(placedOnce.twilio.placed).toHaveLength(1);

    const cutShort = setup(); // a crash between storing the notice and placing its call
    const stored = await cutShort.notices.save({
      ...(await placedOnce.notices.find(placedOnce.notices.notices[0].id))!,
      id: '33333333-3333-4333-8333-333333333333',
      outcome: 'placing',
      callSid: null,
    });
    await expect(cutShort.handler.execute(expired())).resolves.toBe('placed');
    expect(cutShort.twilio.placed).toHaveLength(1);
    expect(cutShort.twilio.placed[0].url).toContain(`notice=${stored.id}`);
    expect(cutShort.notices.notices).toHaveLength(1);
    expect(cutShort.notices.notices[0]).toMatchObject({ id: stored.id, outcome: 'placed' });
  });
});
