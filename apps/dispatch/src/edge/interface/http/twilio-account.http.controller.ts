import { Body, Controller, Delete, Get, HttpCode, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { ClearTwilioAccountCommand } from '../../application/clear-twilio-account/clear-twilio-account.command';
import { GetTwilioAccountQuery } from '../../application/get-twilio-account/get-twilio-account.query';
import { SetTwilioAccountCommand } from '../../application/set-twilio-account/set-twilio-account.command';
import type { TwilioAccountView } from '../../application/twilio-account.view';
import { SetTwilioAccountBody, TwilioAccountBody, openApi } from './dispatch-mappings.dto';

const ACCOUNT = openApi(TwilioAccountBody, 'output');

/**
 * The tenant's own Twilio account, for numbers mapped with twilioAccount "tenant". The Auth Token
 * goes in, encrypted at rest, and never comes out.
 */
@ApiTags('twilio account')
@ApiBearerAuth()
@UseGuards(TenantAdminGuard)
@Controller('v1/twilio-account')
export class TwilioAccountHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether the tenant has set its own Twilio account, and its Account SID' })
  @ApiOkResponse({ schema: ACCOUNT })
  get(@TenantId() tenantId: string): Promise<TwilioAccountView> {
    return this.queries.execute(new GetTwilioAccountQuery(tenantId));
  }

  @Put()
  @ApiOperation({ summary: "Set or replace the tenant's own Twilio account (Account SID and Auth Token)" })
  @ApiBody({ schema: openApi(SetTwilioAccountBody) })
  @ApiOkResponse({ schema: ACCOUNT })
  set(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(SetTwilioAccountBody)) body: SetTwilioAccountBody,
  ): Promise<TwilioAccountView> {
    return this.commands.execute(new SetTwilioAccountCommand(tenantId, body.accountSid, body.authToken));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Remove the tenant's own Twilio account (nothing to do when none is set)" })
  @ApiNoContentResponse({ description: 'Removed, or there was none' })
  @ApiConflictResponse({ description: 'DISPATCH.TWILIO_ACCOUNT_IN_USE: mappings still use it' })
  async clear(@TenantId() tenantId: string): Promise<void> {
    await this.commands.execute(new ClearTwilioAccountCommand(tenantId));
  }
}
