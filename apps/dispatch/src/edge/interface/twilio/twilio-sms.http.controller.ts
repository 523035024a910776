import { Body, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { withLogFields } from '@tp/platform';
import { z } from 'zod';
import { ReceiveSmsCommand } from '../../application/receive-sms/receive-sms.command';
import type { WebhookOrigin } from '../../application/webhook-origins';
import { TwilioAnswers, TwilioWebhookController } from './twilio-answers';
import { TwilioOrigin, TwilioWebhook, type TwilioWebhookReply } from './twilio-webhook.request';

/** The parameters of Twilio's messaging webhook that dispatch reads. */
export const SmsParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'must be SM or MM followed by 32 hex digits'),
  From: z.string().max(128),
  To: z.string().max(32),
  Body: z.string().max(1600).default(''),
});

/**
 * An SMS to the tenant's sender number (the number's messaging webhook, ADR 28): an agent's reply
 * to a reminder or to the unreachable notice, or a keyword. The guard verifies the signature with
 * the Auth Token of the account that owns `To`; the answer is `<Response><Message>` or `<Response/>`.
 */
@TwilioWebhookController('twilio webhooks')
export class TwilioSmsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly answers: TwilioAnswers,
  ) {}

  @Post('sms')
  @HttpCode(200)
  @TwilioWebhook('sms')
  @ApiOperation({ summary: "A number's messaging webhook: an agent's reply (1, 0, STOP, START, HELP)" })
  @ApiOkResponse({ description: 'The confirmation as <Response><Message>, or an empty <Response/>' })
  async sms(
    @Body() body: unknown,
    @TwilioOrigin() origin: WebhookOrigin,
    @Res({ passthrough: true }) reply: TwilioWebhookReply,
  ): Promise<string> {
    const params = SmsParams.parse(body);
    const answer = await withLogFields({ tenantId: origin.tenantId ?? undefined }, () =>
      this.commands.execute(
        new ReceiveSmsCommand(origin.tenantId, params.MessageSid, params.From, params.To, params.Body),
      ),
    );
    return this.answers.message(reply, answer);
  }
}
