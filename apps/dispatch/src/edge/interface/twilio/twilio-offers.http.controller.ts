import { Body, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { parseCallStatus, parseSequenceNumber } from '@tp/dispatch-domain';
import { withLogFields } from '@tp/platform';
import { CallRouting } from '../../../routing';
import type { WebhookOrigin } from '../../application/webhook-origins';
import { TwilioAnswers, TwilioWebhookController } from './twilio-answers';
import { OfferAnswerParams, OfferCallParams, OfferQuery, OfferStatusParams } from './twilio-webhook.dto';
import { TwilioOrigin, TwilioWebhook, type TwilioWebhookReply } from './twilio-webhook.request';

/** The webhooks of an agent leg dispatch placed for an offer: the screening, the agent's key, its status. */
@TwilioWebhookController('twilio webhooks')
export class TwilioOffersHttpController {
  constructor(
    private readonly routing: CallRouting,
    private readonly answers: TwilioAnswers,
  ) {}

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
      this.answers.answer('offer-screen', reply, this.answers.deadline(reply), () =>
        this.routing.screenOffer(origin.tenantId, offer),
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
      this.answers.answer('offer-answer', reply, this.answers.deadline(reply), () =>
        this.routing.answerOffer(origin.tenantId, offer, params.Digits),
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
        this.routing.legStatus(origin.tenantId, offer, status, parseSequenceNumber(params.SequenceNumber)),
      );
    }
    return this.answers.empty('offer-status', reply);
  }
}
