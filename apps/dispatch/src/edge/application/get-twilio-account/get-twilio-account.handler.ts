import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TwilioAccountRepository } from '@tp/dispatch-domain';
import { toTwilioAccountView, type TwilioAccountView } from '../twilio-account.view';
import { GetTwilioAccountQuery } from './get-twilio-account.query';

@QueryHandler(GetTwilioAccountQuery)
export class GetTwilioAccountHandler implements IQueryHandler<GetTwilioAccountQuery> {
  constructor(private readonly accounts: TwilioAccountRepository) {}

  async execute({ tenantId }: GetTwilioAccountQuery): Promise<TwilioAccountView> {
    return toTwilioAccountView(await this.accounts.find(tenantId));
  }
}
