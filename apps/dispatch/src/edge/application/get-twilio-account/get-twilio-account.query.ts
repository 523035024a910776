import { Query } from '@nestjs/cqrs';
import type { TwilioAccountView } from '../twilio-account.view';

export class GetTwilioAccountQuery extends Query<TwilioAccountView> {
  constructor(readonly tenantId: string) {
    super();
  }
}
