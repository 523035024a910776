import { Command } from '@nestjs/cqrs';

export class ClearTwilioAccountCommand extends Command<void> {
  constructor(readonly tenantId: string) {
    super();
  }
}
