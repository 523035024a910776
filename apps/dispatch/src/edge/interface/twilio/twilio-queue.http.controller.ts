import { Body, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { withLogFields } from '@tp/platform';
import { CallRouting } from '../../../routing';
import { EndQueueWaitCommand } from '../../application/end-queue-wait/end-queue-wait.command';
import type { WebhookOrigin } from '../../application/webhook-origins';
import { TwilioAnswers, TwilioWebhookController } from './twilio-answers';
import { QueueQuery, QueueResultParams, QueueTimeoutParams, QueueWaitParams } from './twilio-webhook.dto';
import { TwilioOrigin, TwilioWebhook, type TwilioWebhookReply } from './twilio-webhook.request';

/** The webhooks of a caller waiting in a queue: the wait URL, the `<Enqueue>` action, the dequeue at the maximum wait. */
@TwilioWebhookController('twilio webhooks')
export class TwilioQueueHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly routing: CallRouting,
    private readonly answers: TwilioAnswers,
  ) {}

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
      this.answers.answer('queue-wait', reply, this.answers.deadline(reply), () =>
        this.routing.waitTurn(origin.tenantId, params.CallSid, call, params.QueueSid),
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
    const deadline = this.answers.deadline(reply);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answers.answer('queue-result', reply, deadline, () =>
        this.commands.execute(
          new EndQueueWaitCommand(origin.tenantId, params.CallSid, call, params.QueueResult, deadline),
        ),
      ),
    );
  }

  /**
   * What a caller the tick took out of their queue at the maximum wait runs (the Queue Member's
   * `Url`): the flow's timeout turn, the no-agent prompt first. Twilio also requests the action
   * (`QueueResult=redirected`), in either order: flow-runtime answers the same turn to both and
   * advances once; the call runs this document only.
   */
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
    const deadline = this.answers.deadline(reply);
    return withLogFields({ tenantId: origin.tenantId ?? undefined, callSid: params.CallSid }, () =>
      this.answers.answer('queue-timeout', reply, deadline, () =>
        this.commands.execute(
          new EndQueueWaitCommand(origin.tenantId, params.CallSid, call, 'redirected', deadline),
        ),
      ),
    );
  }
}
