import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Logger,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { parseCallStatus, parseSequenceNumber } from '@tp/dispatch-domain';
import { withLogFields } from '@tp/platform';
import { AnswerCallCommand } from '../../application/answer-call/answer-call.command';
import { APOLOGY, type CallAnswer } from '../../application/call-answer';
import { ContinueCallCommand } from '../../application/continue-call/continue-call.command';
import { Deadline } from '../../application/deadline';
import { PlayExpiryNoticeQuery } from '../../application/play-expiry-notice/play-expiry-notice.query';
import { RecordCallStatusCommand } from '../../application/record-call-status/record-call-status.command';
import { OfferEngine } from '../../application/routing/offer-engine';
import { QueueCalls } from '../../application/routing/queue-calls';
import type { WebhookKind, WebhookOrigin } from '../../application/webhook-origins';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import { TwimlRenderer } from '../../infrastructure/twilio/twiml.renderer';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import {
  GatherParams,
  GatherQuery,
  OfferAnswerParams,
  OfferCallParams,
  OfferQuery,
  OfferStatusParams,
  QueueQuery,
  QueueResultParams,
  QueueTimeoutParams,
  QueueWaitParams,
  StatusParams,
  VoiceParams,
} from './twilio-webhook.dto';
import { TwilioWebhookFilter } from './twilio-webhook.filter';
import { TwilioWebhookMetrics, type WebhookOutcome } from './twilio-webhook.metrics';
import {
  TWIML_CONTENT_TYPE,
  TwilioOrigin,
  TwilioWebhook,
  type TwilioWebhookReply,
} from './twilio-webhook.request';

const SIGNED = {
  name: 'X-Twilio-Signature',
  required: true,
  description:
    "Twilio's signature of PUBLIC_BASE_URL + path + query and the parameters (missing: 400, wrong: 403)",
};

/**
 * Twilio's webhooks (form posts in, TwiML out). Translates only: the guard verifies the signature,
 * a command or query decides, the renderer writes TwiML; `text/xml` is set on a successful answer
 * only. Every answer comes within DISPATCH_WEBHOOK_DEADLINE_MS, an apology if it must.
 */
@ApiTags('twilio webhooks')
@ApiHeader(SIGNED)
@ApiConsumes('application/x-www-form-urlencoded')
@ApiProduces('text/xml')
@UseGuards(TwilioSignatureGuard)
@UseFilters(TwilioWebhookFilter)
@Controller('twilio')
export class TwilioVoiceHttpController {
  private readonly logger = new Logger('TwilioWebhook');
  /** Flow webhooks of this replica being answered now (see DISPATCH_MAX_WEBHOOKS_IN_FLIGHT). */
  private inFlight = 0;
  /** New calls apologised to at once since the start (logged now and then, counted in metrics). */
  private overloaded = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly renderer: TwimlRenderer,
    private readonly metrics: TwilioWebhookMetrics,
    private readonly queues: QueueCalls,
    private readonly offers: OfferEngine,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  @Post('voice')
  @HttpCode(200)
  @TwilioWebhook('voice')
  @ApiOperation({ summary: "A number's Voice URL: dispatch the new call to its mapping's flow" })
  @ApiOkResponse({ description: "The flow's first turn, not in service, or an apology, as TwiML" })
  voice(
    @Body() body: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = VoiceParams.parse(body);
    const deadline = this.deadline(reply);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('voice', reply, deadline, () =>
        this.commands.execute(
          new AnswerCallCommand(
            origin,
            {
              callSid: params.CallSid,
              from: params.From,
              to: params.To,
              callStatus: params.CallStatus,
              stirVerstat: params.StirVerstat,
            },
            deadline,
          ),
        ),
      ),
    );
  }

  @Post('gather')
  @HttpCode(200)
  @TwilioWebhook('gather')
  @ApiOperation({ summary: "A Gather's action: the keys (or silence) of a turn, to the flow" })
  @ApiOkResponse({ description: "The flow's next turn, or an apology, as TwiML" })
  gather(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = GatherParams.parse(body);
    const { session, turn } = GatherQuery.parse(query);
    const deadline = this.deadline(reply);
    return withLogFields(
      { tenantId: origin.tenantId ?? undefined, callSid: params.CallSid, sessionId: session },
      () =>
        this.answer('gather', reply, deadline, () =>
          this.commands.execute(
            new ContinueCallCommand(origin, params.CallSid, session, turn, params.Digits, deadline),
          ),
        ),
    );
  }

  @Post('status')
  @HttpCode(200)
  @TwilioWebhook('status')
  @ApiOperation({ summary: 'Status callbacks: newer SequenceNumber only, terminal states final' })
  @ApiOkResponse({ description: 'An empty TwiML document' })
  async status(
    @Body() body: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = StatusParams.parse(body);
    const status = parseCallStatus(params.CallStatus);
    if (status !== null) {
      await withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
        this.commands.execute(
          new RecordCallStatusCommand(
            origin,
            params.CallSid,
            { status, sequence: parseSequenceNumber(params.SequenceNumber) },
            { from: params.From, to: params.To, direction: params.Direction },
          ),
        ),
      );
    }
    return this.send('status', reply, this.renderer.empty(), 'ok');
  }

  @Post('notice')
  @HttpCode(200)
  @TwilioWebhook('notice')
  @ApiOperation({ summary: 'What an answered expiry notice call plays (the Offline prompt), then hang up' })
  @ApiOkResponse({ description: 'The notice as TwiML' })
  notice(
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    return withLogFields({ tenantId: origin.tenantId ?? undefined }, () =>
      this.answer('notice', reply, this.deadline(reply), () =>
        this.queries.execute(new PlayExpiryNoticeQuery(origin)),
      ),
    );
  }

  @Post('queue/wait')
  @HttpCode(200)
  @TwilioWebhook('queue-wait')
  @ApiOperation({
    summary: "A waiting caller's wait URL: place in line and hold prompt, or Leave at the maximum wait",
  })
  @ApiOkResponse({ description: 'Say/Play/Pause, or <Leave/>, as TwiML' })
  queueWait(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = QueueWaitParams.parse(body);
    const { call } = QueueQuery.parse(query);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('queue-wait', reply, this.deadline(reply), () =>
        this.queues.wait(origin.tenantId, params.CallSid, call, params.QueueSid),
      ),
    );
  }

  @Post('queue/result')
  @HttpCode(200)
  @TwilioWebhook('queue-result')
  @ApiOperation({ summary: 'The <Enqueue> action: how the wait ended (QueueResult), to the flow' })
  @ApiOkResponse({ description: "The flow's next turn, or an apology, as TwiML" })
  queueResult(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = QueueResultParams.parse(body);
    const { call } = QueueQuery.parse(query);
    const deadline = this.deadline(reply);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('queue-result', reply, deadline, () =>
        this.queues.result(origin.tenantId, params.CallSid, call, params.QueueResult, deadline),
      ),
    );
  }

  @Post('queue/timeout')
  @HttpCode(200)
  @TwilioWebhook('queue-timeout')
  @ApiOperation({
    summary: "What a caller dispatch dequeued at the maximum wait runs: the flow's timeout turn",
  })
  @ApiOkResponse({ description: "The flow's next turn (the no-agent prompt first), or an apology, as TwiML" })
  queueTimeout(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = QueueTimeoutParams.parse(body);
    const { call } = QueueQuery.parse(query);
    const deadline = this.deadline(reply);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('queue-timeout', reply, deadline, () =>
        this.queues.dequeued(origin.tenantId, params.CallSid, call, deadline),
      ),
    );
  }

  @Post('offer/screen')
  @HttpCode(200)
  @TwilioWebhook('offer-screen')
  @ApiOperation({ summary: 'An agent answered an offer: who is waiting, press 1 to accept' })
  @ApiOkResponse({ description: 'A one-key <Gather>, or goodbye, as TwiML' })
  offerScreen(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = OfferCallParams.parse(body);
    const { offer } = OfferQuery.parse(query);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('offer-screen', reply, this.deadline(reply), () =>
        this.offers.screen(origin.tenantId, offer),
      ),
    );
  }

  @Post('offer/answer')
  @HttpCode(200)
  @TwilioWebhook('offer-answer')
  @ApiOperation({ summary: "The agent's key: 1 bridges them to the caller, anything else is a miss" })
  @ApiOkResponse({ description: '<Dial><Queue>, or goodbye, as TwiML' })
  offerAnswer(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = OfferAnswerParams.parse(body);
    const { offer } = OfferQuery.parse(query);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answer('offer-answer', reply, this.deadline(reply), () =>
        this.offers.answer(origin.tenantId, offer, params.Digits),
      ),
    );
  }

  @Post('offer/status')
  @HttpCode(200)
  @TwilioWebhook('offer-status')
  @ApiOperation({ summary: "An agent leg's status callbacks: misses, and the end of an accepted call" })
  @ApiOkResponse({ description: 'An empty TwiML document' })
  async offerStatus(
    @Body() body: unknown,
    @Query() query: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = OfferStatusParams.parse(body);
    const { offer } = OfferQuery.parse(query);
    const status = parseCallStatus(params.CallStatus);
    if (status !== null) {
      await withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
        this.offers.legStatus(origin.tenantId, offer, status, parseSequenceNumber(params.SequenceNumber)),
      );
    }
    return this.send('offer-status', reply, this.renderer.empty(), 'ok');
  }

  private deadline(reply: TwilioWebhookReply): Deadline {
    return Deadline.after(this.config.webhookDeadlineMs, reply.elapsedTime);
  }

  private async answer(
    route: WebhookKind,
    reply: TwilioWebhookReply,
    deadline: Deadline,
    work: () => Promise<CallAnswer>,
  ): Promise<string> {
    if (route === 'voice' && this.inFlight >= this.config.maxWebhooksInFlight) {
      // Shed new calls first: calls already in the flow keep their turns.
      this.overloaded += 1;
      if (this.overloaded === 1 || this.overloaded % 100 === 0)
        this.logger.warn(
          `${this.inFlight} webhooks in flight (DISPATCH_MAX_WEBHOOKS_IN_FLIGHT): new calls get the apology at once (${this.overloaded} so far)`,
        );
      return this.send(route, reply, this.renderer.render(APOLOGY), 'overloaded');
    }
    this.inFlight += 1;
    try {
      const answer = await deadline.race(work(), () => {
        this.logger.warn(
          `/twilio/${route} passed its ${this.config.webhookDeadlineMs} ms deadline: apologising`,
        );
        return APOLOGY;
      });
      return this.send(route, reply, this.renderer.render(answer), answer.outcome);
    } finally {
      this.inFlight -= 1;
    }
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
