import { Catch, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { withLogFields } from '@tp/platform';
import { APOLOGY } from '../../../common/call-answer';
import type { WebhookKind } from '../../application/webhook-origins';
import { TwimlRenderer } from '../../infrastructure/twilio/twiml.renderer';
import { TwilioSignatureInvalid, TwilioSignatureMissing } from './twilio-signature.guard';
import { TwilioWebhookMetrics, type WebhookOutcome } from './twilio-webhook.metrics';
import {
  formParams,
  TWIML_CONTENT_TYPE,
  type TwilioWebhookReply,
  type TwilioWebhookRequest,
} from './twilio-webhook.request';
import { fieldErrors } from '@tp/platform';
import { ZodError } from 'zod';

/**
 * The Twilio edge's one translation of failures (one per transport): always valid TwiML, never a bare 500.
 * A missing signature is 400 and a wrong one 403 (`<Reject/>`); anything else is logged and the
 * caller hears a polite apology and the call ends (a status callback gets an empty document).
 */
@Catch()
@Injectable()
export class TwilioWebhookFilter implements ExceptionFilter {
  private readonly logger = new Logger('TwilioWebhook');

  constructor(
    private readonly renderer: TwimlRenderer,
    private readonly metrics: TwilioWebhookMetrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<TwilioWebhookRequest>();
    const reply = http.getResponse<TwilioWebhookReply>();
    const kind: WebhookKind = request.twilioKind ?? kindOf(request.url);
    // The filter runs outside the handler's log context: give its lines the call's fields again.
    const fields = {
      tenantId: request.twilioOrigin?.tenantId ?? undefined,
      callSid: formParams(request.body).CallSid,
      sessionId: formParams(request.query).session,
    };
    withLogFields(fields, () => this.answer(exception, kind, reply));
  }

  private answer(exception: unknown, kind: WebhookKind, reply: TwilioWebhookReply): void {
    let status = 200;
    let outcome: WebhookOutcome;
    let body: string;
    if (exception instanceof TwilioSignatureMissing || exception instanceof TwilioSignatureInvalid) {
      const missing = exception instanceof TwilioSignatureMissing;
      status = missing ? 400 : 403;
      outcome = missing ? 'rejected-missing-signature' : 'rejected-bad-signature';
      body = this.renderer.reject();
      this.logger.warn(`refused a /twilio/${kind} request: ${exception.message}`);
    } else {
      const callback = kind === 'status' || kind === 'offer-status' || kind === 'sms';
      // A waiting caller keeps waiting (a short pause, then Twilio asks the wait URL again).
      const waiting = kind === 'queue-wait';
      const answer = callback ? 'an empty document' : waiting ? 'a pause' : 'an apology';
      if (exception instanceof ZodError) {
        // Bad input from outside (not a fault of ours): one warning line, no stack.
        const errors = fieldErrors(exception).map((e) => `${e.field}: ${e.reason}`);
        this.logger.warn(`/twilio/${kind}: bad input (${errors.join('; ')}), answering with ${answer}`);
      } else {
        this.logger.error(
          `/twilio/${kind} failed, answering with ${answer}: ${
            exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)
          }`,
        );
      }
      outcome = callback ? 'error' : 'apology';
      body = callback
        ? this.renderer.empty()
        : waiting
          ? this.renderer.render({ outcome: 'apology', steps: [{ type: 'pause', seconds: 2 }], turn: null })
          : this.renderer.render(APOLOGY);
    }
    this.metrics.observe(kind, outcome, reply.elapsedTime / 1000);
    reply.status(status).header('content-type', TWIML_CONTENT_TYPE).send(body);
  }
}

function kindOf(url: string): WebhookKind {
  const path = url.split('?')[0];
  if (path.endsWith('/gather')) return 'gather';
  if (path.endsWith('/queue/wait')) return 'queue-wait';
  if (path.endsWith('/queue/result')) return 'queue-result';
  if (path.endsWith('/queue/timeout')) return 'queue-timeout';
  if (path.endsWith('/offer/screen')) return 'offer-screen';
  if (path.endsWith('/offer/answer')) return 'offer-answer';
  if (path.endsWith('/offer/status')) return 'offer-status';
  if (path.endsWith('/status')) return 'status';
  if (path.endsWith('/notice')) return 'notice';
  if (path.endsWith('/sms')) return 'sms';
  return 'voice';
}
