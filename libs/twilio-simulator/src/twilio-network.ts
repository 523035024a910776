import { randomBytes } from 'node:crypto';
import {
  CallSimulator,
  parseTwiml,
  SimulatedCall,
  type PendingEnqueue,
  type SimulatorOptions,
} from './call-simulator';
import type { MemberUpdate, PlacedCall, QueueMemberView, TwilioRestDouble } from './twilio-rest-double';

/**
 * How a phone the network rings behaves, as a test scripts it:
 * - `accept`: answers, hears the screening and presses 1 (then stays on the line until hung up);
 * - `voicemail`: answers and presses nothing (a voicemail greeting, a silent pickup);
 * - `decline`: answers and presses 2;
 * - `no-answer`, `busy`, `fail`: never answered (Twilio's `no-answer`, `busy`, `failed`);
 * - `ring`: rings until the call's `Timeout` (then `no-answer`) or until dispatch cancels it.
 */
export type PhoneBehaviour = 'accept' | 'voicemail' | 'decline' | 'no-answer' | 'busy' | 'fail' | 'ring';

export interface TwilioNetworkOptions extends SimulatorOptions {
  /** The REST double dispatch places calls through: every call created there rings a phone here. */
  rest: TwilioRestDouble;
  /** How long a waiting caller's hold prompt lasts before Twilio asks the wait URL again (200 ms). */
  holdMs?: number;
  /** The pause between two steps of a ringing phone (20 ms). */
  stepMs?: number;
  /**
   * After a REST dequeue (Queue Member update with `Url`), which of the two requests Twilio makes
   * first: the `<Enqueue>` action (`QueueResult=redirected`, its answer not run) or the member's
   * new `Url` (whose TwiML the call runs). Twilio documents neither order; `action-first` unless told.
   */
  dequeueOrder?: 'action-first' | 'url-first';
}

type LegState = 'ringing' | 'answered' | 'bridged' | 'ended';
type CustomerState = 'ivr' | 'queued' | 'bridged' | 'ended';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Status callback event names of Twilio by the status they report. */
function eventOf(status: string): string {
  if (status === 'initiated' || status === 'ringing') return status;
  if (status === 'in-progress') return 'answered';
  return 'completed';
}

/** An outbound call dispatch placed through the REST API, played by a scripted phone. */
export class AgentLeg {
  state: LegState = 'ringing';
  /** The status callbacks sent, in order, with their SequenceNumber. */
  readonly statuses: { status: string; sequence: number }[] = [];
  customer: CustomerCall | null = null;
  /** Dispatch asked Twilio to cancel the call (`Status=canceled`) while it rang. */
  canceled = false;
  private sequence = 0;
  private readonly startedAt = Date.now();
  private answeredAt: number | null = null;

  constructor(
    readonly placed: PlacedCall,
    readonly behaviour: PhoneBehaviour,
    readonly call: SimulatedCall,
  ) {}

  get sid(): string {
    return this.placed.sid;
  }

  get to(): string {
    return String(this.placed.params.To);
  }

  get from(): string {
    return String(this.placed.params.From);
  }

  /** What the agent heard (the whisper, a goodbye). */
  get said(): string {
    return this.call.heard
      .filter((h) => h.kind === 'say')
      .map((h) => (h.kind === 'say' ? h.text : ''))
      .join(' ');
  }

  /** Sends the status callback of `status` as Twilio does, if dispatch asked for that event. */
  async report(status: string): Promise<void> {
    const callback = this.placed.params.StatusCallback;
    const wanted = this.placed.params.StatusCallbackEvent;
    const events = wanted === undefined ? ['completed'] : Array.isArray(wanted) ? wanted : [wanted];
    if (typeof callback !== 'string' || !events.includes(eventOf(status))) return;
    const sequence = this.sequence++;
    this.statuses.push({ status, sequence });
    const duration = this.answeredAt === null ? 0 : Math.round((Date.now() - this.answeredAt) / 1000);
    await this.call.post(callback, {
      CallStatus: status,
      SequenceNumber: String(sequence),
      Timestamp: new Date().toUTCString(),
      CallbackSource: 'call-progress-events',
      ...(eventOf(status) === 'completed'
        ? {
            CallDuration: String(duration),
            Duration: String(Math.ceil((Date.now() - this.startedAt) / 60_000)),
          }
        : {}),
    });
  }

  markAnswered(): void {
    this.state = 'answered';
    this.answeredAt = Date.now();
  }
}

/** A customer's call through the network: the IVR, a queue (the wait URL followed), a bridge. */
export class CustomerCall {
  state: CustomerState = 'ivr';
  /** The `QueueResult`s posted to `<Enqueue>` actions, in order. */
  readonly queueResults: string[] = [];
  /** What the caller heard while waiting in queues (the wait URL's Say texts). */
  readonly heardWaiting: string[] = [];
  /** How many times Twilio asked the wait URL. */
  waitRequests = 0;
  /** The answers of `<Enqueue>` actions Twilio requested but did not run (after a REST dequeue). */
  readonly unusedActionAnswers: string[] = [];
  agent: AgentLeg | null = null;
  enqueue: PendingEnqueue | null = null;
  enqueuedAt = 0;
  /** When the caller last left a queue (`<Leave/>`, a REST dequeue, a bridge ended), as `Date.now()`. */
  leftQueueAt: number | null = null;
  readonly queueSid = sid('QU');
  /** Ends the hold prompt playing now (the caller left the queue meanwhile). */
  stopHold: () => void = () => undefined;

  constructor(
    readonly call: SimulatedCall,
    private readonly network: TwilioNetwork,
  ) {}

  get callSid(): string {
    return this.call.callSid;
  }

  /** The caller hangs up, wherever they are. */
  hangUp(): Promise<void> {
    return this.network.customerHangsUp(this);
  }
}

/**
 * A small Twilio "network" for tests: customers' calls that follow `<Enqueue>` (asking the wait
 * URL again after each hold prompt of `holdMs`, obeying `<Leave/>`, posting the action with
 * `QueueResult`; taken out of the queue at once by a REST dequeue, then running its `Url`, with
 * the action requested as `redirected` and its answer unused; a wait URL answer that comes after
 * the caller left is not run, and a dequeue of a caller no longer queued is a 404), outbound calls
 * created through the REST double ringing phones that tests script (answer and press 1, a
 * voicemail pickup, no answer, busy, failed), with signed status callbacks numbered by
 * `SequenceNumber` for the events dispatch asked for, and `<Dial><Queue>` bridging an agent leg to
 * the queued caller. Either side can hang up. Every request is what Twilio would send, signed.
 */
export class TwilioNetwork {
  readonly legs: AgentLeg[] = [];
  readonly customers: CustomerCall[] = [];
  /** Numbers rung while a call to them was still ringing, answered or bridged (a double offer). */
  readonly overlaps: string[] = [];
  /** Failures inside the network's own loops (a test should expect none). */
  readonly errors: unknown[] = [];
  private readonly queues = new Map<string, CustomerCall>();
  private readonly scripts = new Map<string, PhoneBehaviour[]>();
  /** How long a hold prompt lasts (a test may change it between calls). */
  holdMs: number;
  private readonly stepMs: number;
  private closed = false;

  constructor(private readonly options: TwilioNetworkOptions) {
    this.holdMs = options.holdMs ?? 200;
    this.stepMs = options.stepMs ?? 20;
    options.rest.onCall((placed) => void this.ring(placed));
    options.rest.onUpdate((callSid, params) => {
      const leg = this.legs.find((l) => l.sid === callSid);
      if (leg && leg.state === 'ringing' && params.Status === 'canceled') leg.canceled = true;
    });
    options.rest.onDequeue((update) => this.dequeue(update));
  }

  /** Scripts the phone of `number`: one behaviour per call, the last one repeated (no-answer unless told). */
  phone(number: string, ...behaviours: PhoneBehaviour[]): void {
    this.scripts.set(number, behaviours);
  }

  /** The legs that rang `number`, oldest first. */
  legsTo(number: string): AgentLeg[] {
    return this.legs.filter((l) => l.to === number);
  }

  /**
   * A customer dials a number; the IVR is followed as far as it goes (a queue is waited in). The
   * call comes in on the network's account unless `account` names another (a tenant's own number).
   */
  async dial(call: {
    from: string;
    to: string;
    account?: { accountSid: string; authToken: string };
  }): Promise<CustomerCall> {
    const options = call.account ? { ...this.options, ...call.account } : this.options;
    const simulated = await new CallSimulator(options).dial({ from: call.from, to: call.to });
    const customer = new CustomerCall(simulated, this);
    this.customers.push(customer);
    this.follow(customer);
    return customer;
  }

  /** Stops every loop and detaches from the REST double. */
  close(): void {
    this.closed = true;
    this.options.rest.onCall(null);
    this.options.rest.onUpdate(null);
    this.options.rest.onDequeue(null);
    for (const customer of this.customers) customer.stopHold();
  }

  /** After a document: park the caller when it ended in `<Enqueue>`. */
  follow(customer: CustomerCall): void {
    const enqueue = customer.call.enqueued;
    if (customer.call.ended || enqueue === null) {
      if (customer.call.ended) customer.state = 'ended';
      return;
    }
    customer.enqueue = enqueue;
    customer.enqueuedAt = Date.now();
    customer.state = 'queued';
    this.queues.set(enqueue.queue, customer);
    void this.waitLoop(customer).catch((error: unknown) => this.errors.push(error));
  }

  private async waitLoop(customer: CustomerCall): Promise<void> {
    const enqueue = customer.enqueue!;
    while (customer.state === 'queued' && customer.enqueue === enqueue && !this.closed) {
      customer.waitRequests += 1;
      const { twiml } = await customer.call.post(enqueue.waitUrl, {
        CallStatus: 'in-progress',
        QueueSid: customer.queueSid,
        QueuePosition: '1',
        QueueTime: String(Math.floor((Date.now() - customer.enqueuedAt) / 1000)),
        AvgQueueTime: '0',
        CurrentQueueSize: '1',
      });
      if (customer.state !== 'queued' || customer.enqueue !== enqueue) return; // dequeued meanwhile
      for (const verb of parseTwiml(twiml)) {
        if (verb.name === 'Say') customer.heardWaiting.push(verb.text);
        else if (verb.name === 'Leave') return this.leaveQueue(customer, 'leave');
        else if (verb.name === 'Hangup') return this.customerHangsUp(customer);
      }
      await this.hold(customer);
    }
  }

  /** The hold prompt plays for `holdMs`, or until the caller leaves the queue. */
  private hold(customer: CustomerCall): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.holdMs);
      function done() {
        clearTimeout(timer);
        customer.stopHold = () => undefined;
        resolve();
      }
      customer.stopHold = done;
    });
  }

  /**
   * A Queue Member update (`Url`) as Twilio carries it out: when the call is a member of that queue
   * (of that account), it leaves the queue at once, the `<Enqueue>` action is requested with
   * `QueueResult=redirected` (its answer not run) and the call runs the TwiML at `Url`; else 404.
   */
  private dequeue(update: Omit<MemberUpdate, 'status'>): QueueMemberView | null {
    const customer = this.customers.find(
      (c) =>
        c.callSid === update.callSid &&
        c.queueSid === update.queueSid &&
        c.call.base.AccountSid === update.accountSid,
    );
    if (!customer || customer.state !== 'queued' || !customer.enqueue) return null;
    const enqueue = customer.enqueue;
    const waitTimeS = Math.floor((Date.now() - customer.enqueuedAt) / 1000);
    const member = { position: 1, waitTimeS, dateEnqueued: new Date(customer.enqueuedAt) };
    this.queues.delete(enqueue.queue);
    customer.state = 'ivr';
    customer.enqueue = null;
    customer.leftQueueAt = Date.now();
    customer.queueResults.push('redirected');
    customer.stopHold();
    const url = String(update.params.Url);
    const action = async () => {
      const { twiml } = await customer.call.post(enqueue.action, {
        CallStatus: 'in-progress',
        QueueResult: 'redirected',
        QueueSid: customer.queueSid,
        QueueTime: String(waitTimeS),
      });
      customer.unusedActionAnswers.push(twiml);
    };
    const run = () => customer.call.request(url, { CallStatus: 'in-progress' });
    const order = this.options.dequeueOrder ?? 'action-first';
    void (async () => {
      if (order === 'action-first') {
        await action();
        await run();
      } else {
        await run();
        await action();
      }
      this.follow(customer);
    })().catch((error: unknown) => this.errors.push(error));
    return member;
  }

  private async leaveQueue(customer: CustomerCall, result: string): Promise<void> {
    const enqueue = customer.enqueue!;
    this.queues.delete(enqueue.queue);
    customer.state = 'ivr';
    customer.enqueue = null;
    customer.leftQueueAt = Date.now();
    customer.queueResults.push(result);
    await customer.call.request(enqueue.action, {
      CallStatus: 'in-progress',
      QueueResult: result,
      QueueSid: customer.queueSid,
      QueueTime: String(Math.floor((Date.now() - customer.enqueuedAt) / 1000)),
    });
    this.follow(customer);
  }

  /**
   * The caller hangs up: a waiting caller's action gets `hangup`; a bridged caller's gets `bridged`
   * once both sides are gone (Twilio requests it after the bridged call, its answer then unused);
   * the number's status callback `completed`.
   */
  async customerHangsUp(customer: CustomerCall): Promise<void> {
    const was = customer.state;
    customer.state = 'ended';
    customer.stopHold();
    if (was === 'queued' && customer.enqueue) {
      const enqueue = customer.enqueue;
      this.queues.delete(enqueue.queue);
      customer.enqueue = null;
      customer.queueResults.push('hangup');
      await customer.call.post(enqueue.action, {
        CallStatus: 'completed',
        QueueResult: 'hangup',
        QueueSid: customer.queueSid,
        QueueTime: String(Math.floor((Date.now() - customer.enqueuedAt) / 1000)),
      });
    }
    await customer.call.post('/twilio/status', { CallStatus: 'completed', SequenceNumber: '0' });
    const agent = customer.agent;
    if (was === 'bridged' && agent && agent.state === 'bridged') {
      // The Dial ends with the other party gone; nothing follows it in the agent's document.
      agent.state = 'ended';
      await agent.report('completed');
    }
    if (was === 'bridged' && customer.enqueue) {
      const enqueue = customer.enqueue;
      customer.enqueue = null;
      customer.queueResults.push('bridged');
      await customer.call.post(enqueue.action, {
        CallStatus: 'completed',
        QueueResult: 'bridged',
        QueueSid: customer.queueSid,
        QueueTime: String(Math.floor((Date.now() - customer.enqueuedAt) / 1000)),
      });
    }
  }

  /** The agent hangs up their bridged call: their leg completes, the caller's action gets `bridged`. */
  async agentHangsUp(leg: AgentLeg): Promise<void> {
    const customer = leg.customer;
    leg.state = 'ended';
    await leg.report('completed');
    if (customer && customer.state === 'bridged' && customer.enqueue) {
      await this.leaveQueue(customer, 'bridged');
    }
  }

  private async ring(placed: PlacedCall): Promise<void> {
    const to = String(placed.params.To);
    const script = this.scripts.get(to) ?? ['no-answer'];
    const behaviour = script.length > 1 ? script.shift()! : (script[0] ?? 'no-answer');
    const call = new SimulatedCall(this.options, {
      CallSid: placed.sid,
      AccountSid: placed.accountSid,
      From: String(placed.params.From),
      To: to,
      Caller: String(placed.params.From),
      Called: to,
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
    });
    const leg = new AgentLeg(placed, behaviour, call);
    if (this.legsTo(to).some((other) => other.state !== 'ended')) this.overlaps.push(to);
    this.legs.push(leg);
    try {
      await leg.report('initiated');
      await sleep(this.stepMs);
      if (behaviour === 'busy' || behaviour === 'fail') {
        leg.state = 'ended';
        await leg.report(behaviour === 'busy' ? 'busy' : 'failed');
        return;
      }
      await leg.report('ringing');
      await sleep(this.stepMs);
      if (behaviour === 'ring') {
        const until = Date.now() + Number(placed.params.Timeout ?? 60) * 1000;
        while (!leg.canceled && Date.now() < until && !this.closed) await sleep(this.stepMs);
        leg.state = 'ended';
        await leg.report(leg.canceled ? 'canceled' : 'no-answer');
        return;
      }
      if (behaviour === 'no-answer') {
        leg.state = 'ended';
        await leg.report('no-answer');
        return;
      }
      leg.markAnswered();
      await leg.report('in-progress');
      await call.request(String(placed.params.Url), { CallStatus: 'in-progress' });
      if (call.gather) {
        await sleep(this.stepMs);
        if (behaviour === 'accept') await call.press('1');
        else if (behaviour === 'decline') await call.press('2');
        else await call.silence();
      }
      if (call.dialledQueue !== null) {
        // Twilio's <Dial><Queue> waits for a member until the Dial's timeout.
        const until = Date.now() + call.dialTimeoutS * 1000;
        while (!this.queues.has(call.dialledQueue) && Date.now() < until && !this.closed)
          await sleep(this.stepMs);
        const customer = this.queues.get(call.dialledQueue);
        if (customer) {
          this.queues.delete(call.dialledQueue);
          customer.state = 'bridged';
          customer.stopHold();
          customer.agent = leg;
          leg.customer = customer;
          leg.state = 'bridged';
          return; // until either side hangs up
        }
      }
      leg.state = 'ended';
      await leg.report('completed');
    } catch (error) {
      this.errors.push(error);
    }
  }
}
