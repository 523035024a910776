import { Body, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { parseCallStatus, parseSequenceNumber } from '@tp/dispatch-domain';
import { withLogFields } from '@tp/platform';
import { AnswerCallCommand } from '../../application/answer-call/answer-call.command';
import { ContinueCallCommand } from '../../application/continue-call/continue-call.command';
import { PlayExpiryNoticeQuery } from '../../application/play-expiry-notice/play-expiry-notice.query';
import { RecordCallStatusCommand } from '../../application/record-call-status/record-call-status.command';
import type { WebhookOrigin } from '../../application/webhook-origins';
import { TwilioAnswers, TwilioWebhookController } from './twilio-answers';
import { GatherParams, GatherQuery, StatusParams, VoiceParams } from './twilio-webhook.dto';
import { TwilioOrigin, TwilioWebhook, type TwilioWebhookReply } from './twilio-webhook.request';

/**
 * The webhooks of a call running a flow: a new call, a Gather's keys, status callbacks, and an
 * expiry notice's message. Translates only: the guard verifies the signature, a command or query
 * decides, {@link TwilioAnswers} writes the TwiML.
 */
@TwilioWebhookController('twilio webhooks')
export class TwilioCallsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly answers: TwilioAnswers,
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
    const deadline = this.answers.deadline(reply);
    const call = {
      callSid: params.CallSid,
      from: params.From,
      to: params.To,
      callStatus: params.CallStatus,
      stirVerstat: params.StirVerstat,
    };
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answers.answer('voice', reply, deadline, () =>
        this.commands.execute(new AnswerCallCommand(origin, call, deadline)),
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
    const deadline = this.answers.deadline(reply);
    return withLogFields(
      { tenantId: origin.tenantId ?? undefined, callSid: params.CallSid, sessionId: session },
      () =>
        this.answers.answer('gather', reply, deadline, () =>
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
    return this.answers.empty('status', reply);
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
      this.answers.answer('notice', reply, this.answers.deadline(reply), () =>
        this.queries.execute(new PlayExpiryNoticeQuery(origin)),
      ),
    );
  }
}
