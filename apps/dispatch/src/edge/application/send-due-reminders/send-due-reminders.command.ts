import { Command } from '@nestjs/cqrs';

/** Sends the reminders due now; answers how many were due. */
export class SendDueRemindersCommand extends Command<number> {
  constructor(readonly limit = 50) {
    super();
  }
}
