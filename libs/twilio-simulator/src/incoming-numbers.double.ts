import type { FastifyInstance } from 'fastify';

/** What the double keeps about IncomingPhoneNumbers: the numbers each account owns, a scripted failure. */
export interface IncomingNumbersState {
  owned: Map<string, string[]>;
  failure: { status: number; code: number; message: string } | null;
  /** Reads answered with valid credentials, oldest first. */
  lookups: { accountSid: string; phoneNumber: string | null }[];
}

/**
 * `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json[?PhoneNumber=]` as Twilio
 * serves it: a page of the account's numbers, filtered as Twilio filters (`PhoneNumber` matches
 * any number containing it, `*` standing for any digit), in Twilio's list envelope.
 */
export function serveIncomingPhoneNumbers(
  app: FastifyInstance,
  authorized: (accountSid: string, header: string | undefined) => boolean,
  refused: () => void,
  state: IncomingNumbersState,
): void {
  app.get<{ Params: { accountSid: string }; Querystring: Record<string, string | undefined> }>(
    '/2010-04-01/Accounts/:accountSid/IncomingPhoneNumbers.json',
    (request, reply) => {
      const { accountSid } = request.params;
      if (!authorized(accountSid, request.headers.authorization)) {
        refused();
        return reply.code(401).send(twilioError(401, 20003, 'Authenticate'));
      }
      if (state.failure) {
        const { status, code, message } = state.failure;
        state.failure = null;
        return reply.code(status).send(twilioError(status, code, message));
      }
      const filter = request.query.PhoneNumber ?? null;
      state.lookups.push({ accountSid, phoneNumber: filter });
      const pattern =
        filter === null ? null : new RegExp(filter.replace(/[^0-9*]/g, '').replace(/\*/g, '[0-9]'));
      const numbers = (state.owned.get(accountSid) ?? []).filter((n) => pattern === null || pattern.test(n));
      const pageSize = Number(request.query.PageSize ?? 50);
      const uri = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
      return reply.code(200).send({
        incoming_phone_numbers: numbers.slice(0, pageSize).map((phoneNumber, i) => ({
          sid: `PN${String(i + 1).padStart(32, '0')}`,
          account_sid: accountSid,
          phone_number: phoneNumber,
          friendly_name: phoneNumber,
          voice_method: 'POST',
          api_version: '2010-04-01',
          uri: `${uri.replace(/\.json$/, '')}/PN${String(i + 1).padStart(32, '0')}.json`,
        })),
        start: 0,
        end: Math.max(0, Math.min(numbers.length, pageSize) - 1),
        page: 0,
        page_size: pageSize,
        first_page_uri: request.url,
        previous_page_uri: null,
        next_page_uri: null,
        uri: request.url,
      });
    },
  );
}

export function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
