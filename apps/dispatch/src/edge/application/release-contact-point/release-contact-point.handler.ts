import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DispatchMappingRepository, parseContactPoint } from '@tp/dispatch-domain';
import { ContactPointInUse, ContactPointNotFound } from '../contact-points/contact-point.errors';
import { ContactPointAssignments } from '../ports/contact-point-assignments.port';
import { ReleaseContactPointCommand } from './release-contact-point.command';

/**
 * Releases a number. Refused while its tenant maps it on the platform's account, so no mapping
 * outlives its assignment (calls to it would otherwise keep reaching that tenant's flow).
 */
@CommandHandler(ReleaseContactPointCommand)
export class ReleaseContactPointHandler implements ICommandHandler<ReleaseContactPointCommand> {
  constructor(
    private readonly assignments: ContactPointAssignments,
    private readonly mappings: DispatchMappingRepository,
  ) {}

  async execute(command: ReleaseContactPointCommand): Promise<void> {
    const phoneNumber = parseContactPoint(command.phoneNumber);
    const assignment = await this.assignments.find(phoneNumber);
    if (!assignment) throw new ContactPointNotFound(phoneNumber);
    const mapping = await this.mappings.findByPhoneNumber(phoneNumber);
    if (mapping && mapping.twilioAccount === 'platform')
      throw new ContactPointInUse(phoneNumber, mapping.tenantId);
    if (!(await this.assignments.remove(phoneNumber))) throw new ContactPointNotFound(phoneNumber);
  }
}
