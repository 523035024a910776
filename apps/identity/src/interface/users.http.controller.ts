import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { AddExtensionCommand } from '../application/add-extension/add-extension.command';
import { ClearPinCommand } from '../application/clear-pin/clear-pin.command';
import { CreateUserCommand } from '../application/create-user/create-user.command';
import { GetUserQuery } from '../application/get-user/get-user.query';
import type { PinFailuresView } from '../application/list-pin-failures/list-pin-failures.handler';
import { ListPinFailuresQuery } from '../application/list-pin-failures/list-pin-failures.query';
import type { UserListView } from '../application/list-users/list-users.handler';
import { ListUsersQuery } from '../application/list-users/list-users.query';
import { RemoveExtensionCommand } from '../application/remove-extension/remove-extension.command';
import { SetPinCommand } from '../application/set-pin/set-pin.command';
import { SetSkillsCommand } from '../application/set-skills/set-skills.command';
import { SetUserStatusCommand } from '../application/set-user-status/set-user-status.command';
import { UpdateUserCommand } from '../application/update-user/update-user.command';
import type { UserView } from '../application/user.view';
import {
  CreateUserBody,
  ErrorSchema,
  ExtensionBody,
  ListUsersQueryParams,
  openApi,
  PinFailuresSchema,
  SetPinBody,
  SetSkillsBody,
  UpdateUserBody,
  UserListSchema,
  UserViewSchema,
} from './users.dto';

const USER = { description: 'The user, as it is now.', schema: openApi(UserViewSchema) };
const ERROR = (description: string) => ({ description, schema: openApi(ErrorSchema) });
const NOT_FOUND = ERROR('No such user in the tenant of the credential (also for another tenant’s ids).');
const INVALID = ERROR('A field breaks its rule: `errors` (or `details.field`) names it and says why.');
const USER_ID = { name: 'userId', description: 'The user’s id (a UUID).' };

/**
 * The admin API for users: tenant-scoped by the bearer credential only. Translates HTTP to commands
 * and queries and back; holds no rule.
 */
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse(ERROR('No credential, or one that is not valid.'))
@UseGuards(TenantAdminGuard)
@Controller('v1/users')
export class UsersHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Active, without PIN. Optional skills and extensions; a PSTN number is read as typed (`+1-234-567-8910`) and stored in E.164 (`+12345678910`).',
  })
  @ApiBody({ schema: openApi(CreateUserBody, 'input') })
  @ApiCreatedResponse(USER)
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse(
    ERROR(
      'A number or the email already belongs to another user: `details.ownerUserId` and `ownerName` name them.',
    ),
  )
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(CreateUserBody)) body: CreateUserBody,
  ): Promise<UserView> {
    return this.commands.execute(new CreateUserCommand(tenantId, body));
  }

  @Get()
  @ApiOperation({
    summary: 'List users',
    description:
      'Oldest first, page by page: pass `nextCursor` back as `cursor`. Filters: a skill (any case), a number (normalised).',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'The `nextCursor` of the previous page.' })
  @ApiQuery({ name: 'skill', required: false, description: 'Only users with this skill.' })
  @ApiQuery({ name: 'number', required: false, description: 'Only the user holding this number (as typed).' })
  @ApiOkResponse({ description: 'One page of users.', schema: openApi(UserListSchema) })
  @ApiBadRequestResponse(INVALID)
  list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(ListUsersQueryParams)) query: ListUsersQueryParams,
  ): Promise<UserListView> {
    return this.queries.execute(new ListUsersQuery(tenantId, query));
  }

  @Get(':userId')
  @ApiOperation({ summary: 'Read a user' })
  @ApiParam(USER_ID)
  @ApiOkResponse(USER)
  @ApiNotFoundResponse(NOT_FOUND)
  get(@TenantId() tenantId: string, @Param('userId') userId: string): Promise<UserView> {
    return this.queries.execute(new GetUserQuery(tenantId, userId));
  }

  @Patch(':userId')
  @ApiOperation({
    summary: 'Change name, email or time zone',
    description: '`timeZone: null` goes back to the tenant default.',
  })
  @ApiParam(USER_ID)
  @ApiBody({ schema: openApi(UpdateUserBody, 'input') })
  @ApiOkResponse(USER)
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(ERROR('The email belongs to another user, or the user changed meanwhile.'))
  update(
    @TenantId() tenantId: string,
    @Param('userId') userId: string,
    @Body(new ZodValidationPipe(UpdateUserBody)) body: UpdateUserBody,
  ): Promise<UserView> {
    return this.commands.execute(new UpdateUserCommand(tenantId, userId, body));
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable a user',
    description:
      'Not recognised on calls any more (find-user-by-phone answers not found); the numbers stay reserved.',
  })
  @ApiParam(USER_ID)
  @ApiOkResponse(USER)
  @ApiNotFoundResponse(NOT_FOUND)
  disable(@TenantId() tenantId: string, @Param('userId') userId: string): Promise<UserView> {
    return this.commands.execute(new SetUserStatusCommand(tenantId, userId, 'disabled'));
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user again' })
  @ApiParam(USER_ID)
  @ApiOkResponse(USER)
  @ApiNotFoundResponse(NOT_FOUND)
  enable(@TenantId() tenantId: string, @Param('userId') userId: string): Promise<UserView> {
    return this.commands.execute(new SetUserStatusCommand(tenantId, userId, 'active'));
  }

  @Post(':userId/extensions')
  @ApiOperation({
    summary: 'Add an extension',
    description:
      'A number belongs to at most one user of the tenant: a second owner gets 409 naming the current one.',
  })
  @ApiParam(USER_ID)
  @ApiBody({ schema: openApi(ExtensionBody, 'input') })
  @ApiCreatedResponse(USER)
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(
    ERROR('IDENTITY.NUMBER_TAKEN: `details.ownerUserId` and `details.ownerName` name the owner.'),
  )
  addExtension(
    @TenantId() tenantId: string,
    @Param('userId') userId: string,
    @Body(new ZodValidationPipe(ExtensionBody)) body: ExtensionBody,
  ): Promise<UserView> {
    return this.commands.execute(new AddExtensionCommand(tenantId, userId, body));
  }

  @Delete(':userId/extensions/:extensionId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an extension',
    description: 'Its number is free for another user afterwards.',
  })
  @ApiParam(USER_ID)
  @ApiParam({ name: 'extensionId', description: 'The extension’s id.' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse(ERROR('No such user, or no such extension of the user.'))
  async removeExtension(
    @TenantId() tenantId: string,
    @Param('userId') userId: string,
    @Param('extensionId') extensionId: string,
  ): Promise<void> {
    await this.commands.execute(new RemoveExtensionCommand(tenantId, userId, extensionId));
  }

  @Put(':userId/skills')
  @ApiOperation({
    summary: 'Replace the skills',
    description: 'Names unique ignoring case; proficiency 1..10 optional.',
  })
  @ApiParam(USER_ID)
  @ApiBody({ schema: openApi(SetSkillsBody, 'input') })
  @ApiOkResponse(USER)
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  setSkills(
    @TenantId() tenantId: string,
    @Param('userId') userId: string,
    @Body(new ZodValidationPipe(SetSkillsBody)) body: SetSkillsBody,
  ): Promise<UserView> {
    return this.commands.execute(new SetSkillsCommand(tenantId, userId, body.skills));
  }

  @Put(':userId/pin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set the PIN',
    description: '4 to 8 digits, stored only as a salted scrypt hash; never returned or logged.',
  })
  @ApiParam(USER_ID)
  @ApiBody({ schema: openApi(SetPinBody, 'input') })
  @ApiNoContentResponse({ description: 'Set.' })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  async setPin(
    @TenantId() tenantId: string,
    @Param('userId') userId: string,
    @Body(new ZodValidationPipe(SetPinBody)) body: SetPinBody,
  ): Promise<void> {
    await this.commands.execute(new SetPinCommand(tenantId, userId, body.pin));
  }

  @Delete(':userId/pin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear the PIN' })
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'The user has no PIN now.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async clearPin(@TenantId() tenantId: string, @Param('userId') userId: string): Promise<void> {
    await this.commands.execute(new ClearPinCommand(tenantId, userId));
  }

  @Get(':userId/pin-failures')
  @ApiOperation({
    summary: 'Failed PIN attempts',
    description: 'The audit trail (newest first, at most 50) and whether the user is locked out now.',
  })
  @ApiParam(USER_ID)
  @ApiOkResponse({ description: 'Failures and lock state.', schema: openApi(PinFailuresSchema) })
  @ApiNotFoundResponse(NOT_FOUND)
  pinFailures(@TenantId() tenantId: string, @Param('userId') userId: string): Promise<PinFailuresView> {
    return this.queries.execute(new ListPinFailuresQuery(tenantId, userId));
  }
}
