import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { serveIncomingPhoneNumbers, twilioError, type IncomingNumbersState } from './incoming-numbers.double';
import { serveMessages, type MessagesState, type SentMessage } from './messages.double';

/** One call placed through the double, as Twilio would have received it. */
export interface PlacedCall {
  accountSid: string;
  /** The form parameters (`To`, `From`, `Url`, `StatusCallback`, `StatusCallbackEvent`, ...). */
  params: Record<string, string | string[]>;
  /** The CallSid the double answered. */
  sid: string;
}

/** A request to the Queue Member resource (`POST .../Queues/{QueueSid}/Members/{CallSid}.json`). */
export interface MemberUpdate {
  accountSid: string;
  queueSid: string;
  callSid: string;
  /** `Url`, `Method`. */
  params: Record<string, string | string[]>;
  /** What the double answered: 200 (dequeued), 404 (no such member), or a scripted error. */
  status: number;
}

/** A queue's member as the double answers it (Twilio's Member resource). */
export interface QueueMemberView {
  position: number;
  waitTimeS: number;
  dateEnqueued: Date;
}

/**
 * Decides a member update at the moment Twilio would carry it out: takes the caller out of the
 * queue (and then has the call run `Url`) and answers the member as it was, or null when the call
 * is not a member of that queue of that account (404).
 */
export type DequeueListener = (update: Omit<MemberUpdate, 'status'>) => QueueMemberView | null;

export interface TwilioRestDouble {
  /** The base URL to give as TWILIO_API_BASE_URL. */
  readonly url: string;
  /** Calls placed with valid credentials, oldest first. */
  readonly calls: PlacedCall[];
  /** Updates of calls (`POST .../Calls/{CallSid}.json`, e.g. `Status=canceled`), oldest first. */
  readonly updates: { accountSid: string; callSid: string; params: Record<string, string | string[]> }[];
  /** Queue Member updates with valid credentials (dequeues), oldest first, with what was answered. */
  readonly memberUpdates: MemberUpdate[];
  /** SMS created through the Messages API with valid credentials, oldest first. */
  readonly messages: SentMessage[];
  /** Requests refused for their credentials. */
  readonly unauthorized: number;
  /**
   * The next call create (`on` = `create`, the default) or queue member update (`dequeue`) answers
   * this error instead and does nothing (e.g. 400 / 21211, or 503 / 20500).
   */
  failNext(status: number, code: number, message: string, on?: 'create' | 'dequeue' | 'numbers'): void;
  /** Gives an account numbers (E.164), as its IncomingPhoneNumbers list them. */
  ownNumbers(accountSid: string, ...phoneNumbers: string[]): void;
  /** IncomingPhoneNumbers reads answered with valid credentials (`PhoneNumber` filter), oldest first. */
  readonly numberLookups: IncomingNumbersState['lookups'];
  /** The next queue member update is carried out and answered only after `ms` (a slow Twilio). */
  delayNextDequeue(ms: number): void;
  /** Decides queue member updates (the Twilio network of the tests); without one every member is unknown (404). */
  onDequeue(listener: DequeueListener | null): void;
  /**
   * Called for every call created (after the 201 went out), as Twilio would then start dialling:
   * the Twilio network of the tests plays the called phone. Replaces the previous listener.
   */
  onCall(listener: ((call: PlacedCall) => void) | null): void;
  /** Called for every update of a call (after the answer went out). Replaces the previous listener. */
  onUpdate(listener: ((callSid: string, params: Record<string, string | string[]>) => void) | null): void;
  close(): Promise<void>;
}

/**
 * A stand-in for Twilio's REST API: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` (create),
 * `.../Calls/{CallSid}.json` (update, e.g. `Status=canceled`) and
 * `.../Queues/{QueueSid}/Members/{CallSid}.json` (dequeue with `Url`) and
 * `GET .../IncomingPhoneNumbers.json` (which numbers the account owns) and
 * `POST .../Messages.json` (an SMS sent, recorded), with HTTP basic auth
 * (AccountSid:AuthToken of one of `accounts`, the SID matching the path), form-encoded as the
 * twilio SDK sends it. Records each request and answers the resource, or Twilio's JSON error (401 /
 * 20003 for bad credentials, 404 / 20404 for an unknown call or queue member).
 */
export async function startTwilioRestDouble(accounts: Record<string, string>): Promise<TwilioRestDouble> {
  const app: FastifyInstance = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const params: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const seen = params[key];
      params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    done(null, params);
  });
  const calls: PlacedCall[] = [];
  let unauthorized = 0;
  let failure: { status: number; code: number; message: string } | null = null;
  let dequeueFailure: { status: number; code: number; message: string } | null = null;
  let dequeueDelayMs = 0;
  let dequeueListener: DequeueListener | null = null;
  const memberUpdates: MemberUpdate[] = [];
  let listener: ((call: PlacedCall) => void) | null = null;
  let updateListener: ((callSid: string, params: Record<string, string | string[]>) => void) | null = null;
  const updates: TwilioRestDouble['updates'] = [];
  const authorized = (accountSid: string, header: string | undefined): boolean => {
    const [scheme, encoded] = (header ?? '').split(' ');
    const [user, password] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':');
    return (
      scheme === 'Basic' &&
      user === accountSid &&
      accounts[accountSid] !== undefined &&
      accounts[accountSid] === password
    );
  };

  app.post<{ Params: { accountSid: string; file: string } }>(
    '/2010-04-01/Accounts/:accountSid/Calls/:file',
    (request, reply) => {
      const { accountSid, file } = request.params;
      if (!authorized(accountSid, request.headers.authorization)) {
        unauthorized += 1;
        return reply.code(401).send(twilioError(401, 20003, 'Authenticate'));
      }
      const callSid = file.replace(/\.json$/, '');
      const placed = calls.find((c) => c.sid === callSid && c.accountSid === accountSid);
      if (!placed)
        return reply.code(404).send(twilioError(404, 20404, 'The requested resource was not found'));
      const params = request.body as Record<string, string | string[]>;
      updates.push({ accountSid, callSid, params });
      if (updateListener) {
        const notify = updateListener;
        reply.raw.once('finish', () => setImmediate(() => notify(callSid, params)));
      }
      return reply.code(200).send({
        sid: callSid,
        account_sid: accountSid,
        status: typeof params.Status === 'string' ? params.Status : 'in-progress',
        api_version: '2010-04-01',
        uri: `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`,
      });
    },
  );

  app.post<{ Params: { accountSid: string; queueSid: string; file: string } }>(
    '/2010-04-01/Accounts/:accountSid/Queues/:queueSid/Members/:file',
    async (request, reply) => {
      const { accountSid, queueSid, file } = request.params;
      if (!authorized(accountSid, request.headers.authorization)) {
        unauthorized += 1;
        return reply.code(401).send(twilioError(401, 20003, 'Authenticate'));
      }
      const callSid = file.replace(/\.json$/, '');
      const params = request.body as Record<string, string | string[]>;
      const update = { accountSid, queueSid, callSid, params };
      if (dequeueDelayMs > 0) {
        const ms = dequeueDelayMs;
        dequeueDelayMs = 0;
        await new Promise((r) => setTimeout(r, ms));
      }
      if (dequeueFailure) {
        const { status, code, message } = dequeueFailure;
        dequeueFailure = null;
        memberUpdates.push({ ...update, status });
        return reply.code(status).send(twilioError(status, code, message));
      }
      if (typeof params.Url !== 'string' || params.Url === '') {
        memberUpdates.push({ ...update, status: 400 });
        return reply.code(400).send(twilioError(400, 21205, 'Url parameter is required.'));
      }
      const member = dequeueListener ? dequeueListener(update) : null;
      const uri = `/2010-04-01/Accounts/${accountSid}/Queues/${queueSid}/Members/${callSid}.json`;
      if (!member) {
        memberUpdates.push({ ...update, status: 404 });
        return reply.code(404).send(twilioError(404, 20404, `The requested resource ${uri} was not found`));
      }
      memberUpdates.push({ ...update, status: 200 });
      return reply.code(200).send({
        call_sid: callSid,
        queue_sid: queueSid,
        date_enqueued: member.dateEnqueued.toUTCString(),
        position: member.position,
        wait_time: member.waitTimeS,
        uri,
      });
    },
  );

  app.post<{ Params: { accountSid: string } }>(
    '/2010-04-01/Accounts/:accountSid/Calls.json',
    (request, reply) => {
      const { accountSid } = request.params;
      const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
      const [user, password] = Buffer.from(encoded ?? '', 'base64')
        .toString('utf8')
        .split(':');
      if (
        scheme !== 'Basic' ||
        user !== accountSid ||
        accounts[accountSid] === undefined ||
        accounts[accountSid] !== password
      ) {
        unauthorized += 1;
        return reply.code(401).send(twilioError(401, 20003, 'Authenticate'));
      }
      if (failure) {
        const { status, code, message } = failure;
        failure = null;
        return reply.code(status).send(twilioError(status, code, message));
      }
      const params = request.body as Record<string, string | string[]>;
      const sid = `CA${randomBytes(16).toString('hex')}`;
      const placed = { accountSid, params, sid };
      calls.push(placed);
      if (listener) {
        const notify = listener;
        reply.raw.once('finish', () => setImmediate(() => notify(placed)));
      }
      return reply.code(201).send({
        sid,
        account_sid: accountSid,
        to: params.To,
        from: params.From,
        status: 'queued',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`,
      });
    },
  );

  const numbers: IncomingNumbersState = { owned: new Map(), failure: null, lookups: [] };
  serveIncomingPhoneNumbers(app, authorized, () => (unauthorized += 1), numbers);
  const messages: MessagesState = { sent: [] };
  serveMessages(app, authorized, () => (unauthorized += 1), messages);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    calls,
    messages: messages.sent,
    memberUpdates,
    get unauthorized() {
      return unauthorized;
    },
    failNext(status, code, message, on = 'create') {
      if (on === 'dequeue') dequeueFailure = { status, code, message };
      else if (on === 'numbers') numbers.failure = { status, code, message };
      else failure = { status, code, message };
    },
    ownNumbers(accountSid, ...phoneNumbers) {
      numbers.owned.set(accountSid, [...(numbers.owned.get(accountSid) ?? []), ...phoneNumbers]);
    },
    numberLookups: numbers.lookups,
    delayNextDequeue(ms) {
      dequeueDelayMs = ms;
    },
    onDequeue(next) {
      dequeueListener = next;
    },
    onCall(next) {
      listener = next;
    },
    onUpdate(next) {
      updateListener = next;
    },
    updates,
    close: () => app.close(),
  };
}
