import { Query } from '@nestjs/cqrs';
import type { GetUserContactReply } from '@tp/contracts';

/** How to reach a user by phone (dispatch asks, to call an agent whose hours ran out). */
export class GetUserContactQuery extends Query<GetUserContactReply> {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
  ) {
    super();
  }
}
