import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

/** One call placed through the double, as Twilio would have received it. */
export interface PlacedCall {
  accountSid: string;
  /** The form parameters (`To`, `From`, `Url`, `StatusCallback`, `StatusCallbackEvent`, ...). */
  params: Record<string, string | string[]>;
  /** The CallSid the double answered. */
  sid: string;
}

export interface TwilioRestDouble {
  /** The base URL to give as TWILIO_API_BASE_URL. */
  readonly url: string;
  /** Calls placed with valid credentials, oldest first. */
  readonly calls: PlacedCall[];
  /** Updates of calls (`POST .../Calls/{CallSid}.json`, e.g. `Status=canceled`), oldest first. */
  readonly updates: { accountSid: string; callSid: string; params: Record<string, string | string[]> }[];
  /** Requests refused for their credentials. */
  readonly unauthorized: number;
  /** The next create answers this error instead (e.g. 400 / 21211, or 503). */
  failNext(status: number, code: number, message: string): void;
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
 * A stand-in for Twilio's REST API: `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` with HTTP
 * basic auth (AccountSid:AuthToken of one of `accounts`, the SID matching the path), form-encoded
 * as the twilio SDK sends it. Records each call and answers a queued call resource, or Twilio's
 * JSON error (401 / 20003 for bad credentials).
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

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    calls,
    get unauthorized() {
      return unauthorized;
    },
    failNext(status, code, message) {
      failure = { status, code, message };
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

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
