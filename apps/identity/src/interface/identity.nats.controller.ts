import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  FindUserByPhone,
  ListCallers,
  VerifyPin,
  type FindUserByPhoneReply,
  type ListCallersReply,
  type RpcResult,
  type VerifyPinReply,
} from '@tp/contracts';
import { serveRpc } from '@tp/platform';
import { FindUserByPhoneQuery } from '../application/find-user-by-phone/find-user-by-phone.query';
import { ListCallersQuery } from '../application/list-callers/list-callers.query';
import { VerifyPinCommand } from '../application/verify-pin/verify-pin.command';

/**
 * Identity over NATS request/reply (queue group `identity`): contracts validated both ways, domain
 * errors as coded replies. Requests that use the unit of work get their own MikroORM context.
 */
@Controller()
export class IdentityNatsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly em: EntityManager,
  ) {}

  @MessagePattern(FindUserByPhone.subject)
  findUserByPhone(@Payload() payload: unknown): Promise<RpcResult<FindUserByPhoneReply>> {
    // The caller lookup reads with one SQL statement and needs no unit of work (hot path, no fork).
    return serveRpc(FindUserByPhone, payload, (request) =>
      this.queries.execute<FindUserByPhoneQuery, FindUserByPhoneReply>(
        new FindUserByPhoneQuery(request.tenantId, request.phone, request.includeDisabled ?? false),
      ),
    );
  }

  @MessagePattern(ListCallers.subject)
  listCallers(@Payload() payload: unknown): Promise<RpcResult<ListCallersReply>> {
    return serveRpc(ListCallers, payload, (request) =>
      this.queries.execute<ListCallersQuery, ListCallersReply>(
        new ListCallersQuery(request.tenantId, request.after ?? null, request.limit),
      ),
    );
  }

  @MessagePattern(VerifyPin.subject)
  verifyPin(@Payload() payload: unknown): Promise<RpcResult<VerifyPinReply>> {
    return RequestContext.create(this.em, () =>
      serveRpc(VerifyPin, payload, (request) =>
        this.commands.execute<VerifyPinCommand, VerifyPinReply>(
          new VerifyPinCommand(
            request.tenantId,
            request.userId,
            request.pin,
            request.callSid ?? null,
            request.source ?? 'ivr',
          ),
        ),
      ),
    );
  }
}
