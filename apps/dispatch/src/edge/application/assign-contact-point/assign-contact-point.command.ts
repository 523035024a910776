import { Command } from '@nestjs/cqrs';
import type { ContactPointView } from '../contact-points/contact-point.view';

/** The platform operator gives a number on the platform's Twilio account to a tenant. */
export class AssignContactPointCommand extends Command<{ view: ContactPointView; created: boolean }> {
  constructor(
    readonly phoneNumber: string,
    readonly tenantId: string,
    /** The subject of the platform admin credential. */
    readonly assignedBy: string,
  ) {
    super();
  }
}
