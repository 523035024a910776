import {
  applyDecorators,
  Controller,
  Inject,
  Injectable,
  Logger,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { APOLOGY, type CallAnswer } from '../../../common/call-answer';
import { webhookDeadline } from '../../application/webhook-deadline';
import type { Deadline } from '@tp/ddd';
import type { WebhookKind } from '../../application/webhook-origins';
import { TwimlRenderer } from '../../infrastructure/twilio/twiml.renderer';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioWebhookFilter } from './twilio-webhook.filter';
import { TwilioWebhookMetrics, type WebhookOutcome } from './twilio-webhook.metrics';
import { TWIML_CONTENT_TYPE, type TwilioWebhookReply } from './twilio-webhook.request';
import { WebhookLoadShedder } from './webhook-load-shedder';

const SIGNED = {
  name: 'X-Twilio-Signature',
  required: true,
  description:
    "Twilio's signature of PUBLIC_BASE_URL + path + query and the parameters (missing: 400, wrong: 403)",
};

/** A controller of Twilio webhooks under `/twilio`: signature checked, failures answered as TwiML. */
export const TwilioWebhookController = (tag: string) =>
  applyDecorators(
    ApiTags(tag),
    ApiHeader(SIGNED),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiProduces('text/xml'),
    UseGuards(TwilioSignatureGuard),
    UseFilters(TwilioWebhookFilter),
    Controller('twilio'),
  );

/**
 * How every Twilio webhook is answered: within DISPATCH_WEBHOOK_DEADLINE_MS (the apology if it
 * must), rendered as TwiML, `text/xml` set on a successful answer only, timed in metrics.
 */
@Injectable()
export class TwilioAnswers {
  private readonly logger = new Logger('TwilioWebhook');

  constructor(
    private readonly renderer: TwimlRenderer,
    private readonly metrics: TwilioWebhookMetrics,
    private readonly load: WebhookLoadShedder,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The webhook's internal deadline, counted from when the request arrived. */
  deadline(reply: TwilioWebhookReply): Deadline {
    return webhookDeadline(this.config.webhookDeadlineMs, reply.elapsedTime);
  }

  /** `work`'s answer as TwiML; the apology when it is late, or at once for a new call when overloaded. */
  async answer(
    route: WebhookKind,
    reply: TwilioWebhookReply,
    deadline: Deadline,
    work: () => Promise<CallAnswer>,
  ): Promise<string> {
    // Shed new calls first: calls already in the flow keep their turns.
    if (route === 'voice' && this.load.shedsNewCall())
      return this.send(route, reply, this.renderer.render(APOLOGY), 'overloaded');
    return this.load.carry(async () => {
      const answer = await deadline.race(work(), () => {
        this.logger.warn(
          `/twilio/${route} passed its ${this.config.webhookDeadlineMs} ms deadline: apologising`,
        );
        return APOLOGY;
      });
      return this.send(route, reply, this.renderer.render(answer), answer.outcome);
    });
  }

  /** An empty TwiML document (a status callback's answer). */
  empty(route: WebhookKind, reply: TwilioWebhookReply): string {
    return this.send(route, reply, this.renderer.empty(), 'ok');
  }

  /** An SMS webhook's answer: the reply text as `<Message>`, or an empty `<Response/>`. */
  message(reply: TwilioWebhookReply, text: string | null): string {
    return this.send('sms', reply, this.renderer.message(text), 'ok');
  }

  private send(
    route: WebhookKind,
    reply: TwilioWebhookReply,
    twiml: string,
    outcome: WebhookOutcome,
  ): string {
    reply.header('content-type', TWIML_CONTENT_TYPE);
    this.metrics.observe(route, outcome, reply.elapsedTime / 1000);
    return twiml;
  }
}
