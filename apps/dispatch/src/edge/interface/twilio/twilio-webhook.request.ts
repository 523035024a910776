import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { WebhookKind, WebhookOrigin } from '../../application/webhook-origins';

/** The parts of Fastify's request and reply the Twilio edge touches. */
export interface TwilioWebhookRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  query?: unknown;
  /** Set by the guard: which webhook this is (first), and what it belongs to (once verified). */
  twilioKind?: WebhookKind;
  twilioOrigin?: WebhookOrigin;
}

export interface TwilioWebhookReply {
  /** Milliseconds since the request arrived (Fastify). */
  readonly elapsedTime: number;
  status(code: number): TwilioWebhookReply;
  header(name: string, value: string): TwilioWebhookReply;
  send(payload: string): unknown;
}

export const TWILIO_WEBHOOK_KIND = 'tp:twilio-webhook-kind';

/** Names the webhook a route serves; the signature guard picks the Auth Token by it. */
export const TwilioWebhook = (kind: WebhookKind) => SetMetadata(TWILIO_WEBHOOK_KIND, kind);

/** What the verified webhook belongs to (set by {@link TwilioSignatureGuard}). */
export const TwilioOrigin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WebhookOrigin => {
    const origin = context.switchToHttp().getRequest<TwilioWebhookRequest>().twilioOrigin;
    if (!origin) throw new Error('the Twilio signature guard did not run');
    return origin;
  },
);

export const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** A form body as a plain record of strings (Twilio sends each parameter once). */
export function formParams(body: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return params;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') params[key] = value[0];
  }
  return params;
}
