import { Command } from '@nestjs/cqrs';

/** The platform operator takes a number back from its tenant. */
export class ReleaseContactPointCommand extends Command<void> {
  constructor(readonly phoneNumber: string) {
    super();
  }
}
