import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetUserContact, type GetUserContactReply, type RpcResult } from '@tp/contracts';
import { serveRpc } from '@tp/platform';
import { GetUserContactQuery } from '../application/get-user-contact/get-user-contact.query';

/** `identity.cmd.get-user-contact` (queue group `identity`), each request in its own ORM context. */
@Controller()
export class UserContactNatsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly em: EntityManager,
  ) {}

  @MessagePattern(GetUserContact.subject)
  getUserContact(@Payload() payload: unknown): Promise<RpcResult<GetUserContactReply>> {
    return RequestContext.create(this.em, () =>
      serveRpc(GetUserContact, payload, (request) =>
        this.queries.execute(new GetUserContactQuery(request.tenantId, request.userId)),
      ),
    );
  }
}
