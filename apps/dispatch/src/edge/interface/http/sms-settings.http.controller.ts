import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  parseContactPoint,
  SMS_REMINDER_MINUTES_DEFAULT,
  SMS_REMINDER_MINUTES_MAX,
  SMS_REMINDER_MINUTES_MIN,
} from '@tp/dispatch-domain';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { z } from 'zod';
import {
  GetSmsSettingsQuery,
  SetSmsSettingsCommand,
} from '../../application/sms-settings/sms-settings.handlers';
import type { SmsSettingsView } from '../../application/sms-settings/sms-settings.view';
import { openApi } from './dispatch-mappings.dto';

export const SetSmsSettingsBody = z
  .object({
    enabled: z.boolean().describe('SMS around the window on or off (off by default)'),
    reminderMinutes: z
      .number()
      .int()
      .min(SMS_REMINDER_MINUTES_MIN)
      .max(SMS_REMINDER_MINUTES_MAX)
      .default(SMS_REMINDER_MINUTES_DEFAULT)
      .describe('minutes before the end of the window the reminder goes out'),
    senderNumber: z
      .string()
      .transform((value, ctx) => {
        try {
          return parseContactPoint(value);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not an E.164 phone number' });
          return z.NEVER;
        }
      })
      .nullable()
      .default(null)
      .describe('an active contact point of the tenant: SMS come from it and replies go to it'),
  })
  .strict();
type SetSmsSettingsBody = z.output<typeof SetSmsSettingsBody>;

const SmsSettingsBody = z.object({
  enabled: z.boolean(),
  reminderMinutes: z.number().int(),
  senderNumber: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** The tenant's SMS around the agent's window (ADR 28). */
@ApiTags('sms settings')
@ApiBearerAuth()
@UseGuards(TenantAdminGuard)
@Controller('v1/sms-settings')
export class SmsSettingsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tenant's SMS settings (off, 15 minutes, no sender when never set)" })
  @ApiOkResponse({ schema: openApi(SmsSettingsBody, 'output') })
  get(@TenantId() tenantId: string): Promise<SmsSettingsView> {
    return this.queries.execute(new GetSmsSettingsQuery(tenantId));
  }

  @Put()
  @ApiOperation({
    summary: "Set the tenant's SMS settings: on or off, the reminder's minutes, the sender number",
  })
  @ApiBody({ schema: openApi(SetSmsSettingsBody) })
  @ApiOkResponse({ schema: openApi(SmsSettingsBody, 'output') })
  @ApiConflictResponse({
    description: 'DISPATCH.SMS_SENDER_NOT_MAPPED: the sender is no active contact point of the tenant',
  })
  set(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(SetSmsSettingsBody)) body: SetSmsSettingsBody,
  ): Promise<SmsSettingsView> {
    return this.commands.execute(
      new SetSmsSettingsCommand(tenantId, body.enabled, body.reminderMinutes, body.senderNumber),
    );
  }
}
