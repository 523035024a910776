import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { PlatformAdminGuard, PlatformAdminSubject, ZodValidationPipe } from '@tp/platform';
import { AssignContactPointCommand } from '../../application/assign-contact-point/assign-contact-point.command';
import type {
  ContactPointListView,
  ContactPointView,
} from '../../application/contact-points/contact-point.view';
import { ListContactPointsQuery } from '../../application/list-contact-points/list-contact-points.query';
import { ReleaseContactPointCommand } from '../../application/release-contact-point/release-contact-point.command';
import {
  AssignContactPointBody,
  ContactPointBody,
  ContactPointListBody,
  ListContactPointsParams,
} from './contact-points.dto';
import { openApi } from './dispatch-mappings.dto';

const VIEW = openApi(ContactPointBody, 'output');

/**
 * The platform operator's contact points: which tenant may map which number of the platform's
 * Twilio account. Only for a platform admin credential (`scope: 'platform'`).
 */
@ApiTags('contact points (platform)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No credential, or one that is not valid.' })
@ApiForbiddenResponse({
  description: 'AUTH.NOT_PLATFORM_ADMIN: a tenant admin credential cannot assign numbers.',
})
@UseGuards(PlatformAdminGuard)
@Controller('v1/contact-points')
export class ContactPointsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: "Assign a number of the platform's Twilio account to a tenant",
    description:
      'From then on that tenant, and no other, may map it (POST /v1/dispatch-mappings with twilioAccount "platform"). ' +
      'Assigning it again to the same tenant answers 200 and changes nothing.',
  })
  @ApiBody({ schema: openApi(AssignContactPointBody) })
  @ApiCreatedResponse({ description: 'Assigned.', schema: VIEW })
  @ApiOkResponse({ description: 'It was assigned to this tenant already.', schema: VIEW })
  @ApiBadRequestResponse({ description: '`errors` names `phoneNumber` or `tenantId` and says why.' })
  @ApiConflictResponse({ description: 'DISPATCH.CONTACT_POINT_ASSIGNED_ELSEWHERE: release it first.' })
  async assign(
    @Body(new ZodValidationPipe(AssignContactPointBody)) body: AssignContactPointBody,
    @PlatformAdminSubject() by: string,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<ContactPointView> {
    const { view, created } = await this.commands.execute(
      new AssignContactPointCommand(body.phoneNumber, body.tenantId, by),
    );
    reply.status(created ? 201 : 200);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List assigned numbers', description: 'By number; `tenantId` for one tenant.' })
  @ApiOkResponse({ schema: openApi(ContactPointListBody, 'output') })
  list(
    @Query(new ZodValidationPipe(ListContactPointsParams)) query: ListContactPointsParams,
  ): Promise<ContactPointListView> {
    return this.queries.execute(new ListContactPointsQuery(query.limit, query.offset, query.tenantId));
  }

  @Delete(':phoneNumber')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Release a number from its tenant',
    description:
      'Refused while the tenant maps it on the platform account: it deletes or moves that mapping first.',
  })
  @ApiParam({ name: 'phoneNumber', description: 'E.164, its `+` written `%2B`' })
  @ApiNoContentResponse({ description: 'Released.' })
  @ApiNotFoundResponse({ description: 'DISPATCH.CONTACT_POINT_NOT_FOUND: not assigned to any tenant.' })
  @ApiConflictResponse({ description: 'DISPATCH.CONTACT_POINT_IN_USE: the tenant maps it.' })
  async release(@Param('phoneNumber') phoneNumber: string): Promise<void> {
    await this.commands.execute(new ReleaseContactPointCommand(phoneNumber));
  }
}
