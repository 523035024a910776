import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { parseContactPoint } from '@tp/dispatch-domain';
import { ContactPointAssignedElsewhere, TenantIdInvalid } from '../contact-points/contact-point.errors';
import { TENANT_ID, toContactPointView, type ContactPointView } from '../contact-points/contact-point.view';
import { ContactPointAssignments } from '../ports/contact-point-assignments.port';
import { AssignContactPointCommand } from './assign-contact-point.command';

/**
 * Assigns a number to a tenant. Assigning it again to the same tenant changes nothing (`created`
 * false); a number assigned to another tenant must be released first.
 */
@CommandHandler(AssignContactPointCommand)
export class AssignContactPointHandler implements ICommandHandler<AssignContactPointCommand> {
  constructor(
    private readonly assignments: ContactPointAssignments,
    private readonly clock: Clock,
  ) {}

  async execute(command: AssignContactPointCommand): Promise<{ view: ContactPointView; created: boolean }> {
    const phoneNumber = parseContactPoint(command.phoneNumber);
    if (!TENANT_ID.test(command.tenantId)) throw new TenantIdInvalid();
    const wanted = {
      phoneNumber,
      tenantId: command.tenantId,
      assignedAt: this.clock.now(),
      assignedBy: command.assignedBy,
    };
    const { held, added } = await this.assignments.add(wanted);
    if (held.tenantId !== command.tenantId)
      throw new ContactPointAssignedElsewhere(phoneNumber, held.tenantId);
    return { view: toContactPointView(held), created: added };
  }
}
