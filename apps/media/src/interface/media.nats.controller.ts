import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetPrompts, type GetPromptsReply, type RpcResult } from '@tp/contracts';
import { serveRpc } from '@tp/platform';
import { GetPromptsByIdsQuery } from '../application/get-prompts-by-ids/get-prompts-by-ids.query';

/** What media answers over NATS (queue group `media`); each request gets its own ORM context. */
@Controller()
export class MediaNatsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly orm: MikroORM,
  ) {}

  @MessagePattern(GetPrompts.subject)
  getPrompts(@Payload() payload: unknown): Promise<RpcResult<GetPromptsReply>> {
    return RequestContext.create(this.orm.em, () =>
      serveRpc(GetPrompts, payload, ({ tenantId, ids }) =>
        this.queries.execute(new GetPromptsByIdsQuery(tenantId, ids)),
      ),
    );
  }
}
