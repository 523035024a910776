import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { twilioError } from './incoming-numbers.double';

/** One SMS sent through the double's Messages API, as Twilio would have received it. */
export interface SentMessage {
  accountSid: string;
  sid: string;
  to: string;
  from: string;
  body: string;
  at: Date;
}

/** What the double keeps about Messages: every message created, oldest first. */
export interface MessagesState {
  sent: SentMessage[];
}

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` as Twilio serves it: records `To`, `From`
 * and `Body` and answers the Message resource (`queued`, a fresh `SM` sid); 400 / 21602 without a
 * body, 401 / 20003 for bad credentials.
 */
export function serveMessages(
  app: FastifyInstance,
  authorized: (accountSid: string, header: string | undefined) => boolean,
  refused: () => void,
  state: MessagesState,
): void {
  app.post<{ Params: { accountSid: string } }>(
    '/2010-04-01/Accounts/:accountSid/Messages.json',
    (request, reply) => {
      const { accountSid } = request.params;
      if (!authorized(accountSid, request.headers.authorization)) {
        refused();
        return reply.code(401).send(twilioError(401, 20003, 'Authenticate'));
      }
      const params = request.body as Record<string, string | undefined>;
      if (!params.Body) return reply.code(400).send(twilioError(400, 21602, 'Message body is required.'));
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const message = {
        accountSid,
        sid,
        to: params.To ?? '',
        from: params.From ?? '',
        body: params.Body,
        at: new Date(),
      };
      state.sent.push(message);
      return reply.code(201).send({
        sid,
        account_sid: accountSid,
        to: message.to,
        from: message.from,
        body: message.body,
        status: 'queued',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: message.at.toUTCString(),
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    },
  );
}

/** An SMS as Twilio posts it to a number's messaging webhook. */
export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** A fresh `SM...` unless told (the same sid again is Twilio retrying the webhook). */
  messageSid?: string;
}

/** What dispatch answered an inbound SMS: the status, the TwiML and the `<Message>` texts in it. */
export interface SmsWebhookAnswer {
  status: number;
  twiml: string;
  messages: string[];
  messageSid: string;
}

/**
 * Posts an inbound SMS to a messaging webhook exactly as Twilio does: form-encoded `MessageSid`,
 * `SmsSid`, `AccountSid`, `From`, `To`, `Body`, `NumMedia`, signed with the Auth Token of the
 * account that owns `To` over the public URL. Answers what came back, `<Message>` texts read out.
 */
export async function postInboundSms(
  target: { serverUrl: string; publicUrl: string; authToken: string; accountSid: string },
  sms: InboundSms,
): Promise<SmsWebhookAnswer> {
  const messageSid = sms.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    MessageSid: messageSid,
    SmsSid: messageSid,
    SmsMessageSid: messageSid,
    AccountSid: target.accountSid,
    MessagingServiceSid: '',
    From: sms.from,
    To: sms.to,
    Body: sms.body,
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
  const response = await fetch(target.serverUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(target.authToken, target.publicUrl, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const twiml = await response.text();
  const messages = [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  return { status: response.status, twiml, messages, messageSid };
}
