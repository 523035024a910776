import { ACME_NUMBER, contactPointsSetup, EXISTING } from '../../../testing/edge-admin.fixture';
import {
  ContactPointInUse,
  ContactPointNotAssigned,
  ContactPointNotFound,
} from '../contact-points/contact-point.errors';
import { CreateMappingCommand } from '../create-mapping/create-mapping.command';
import { DeleteMappingCommand } from '../delete-mapping/delete-mapping.command';
import { ReleaseContactPointCommand } from './release-contact-point.command';
import { ReleaseContactPointHandler } from './release-contact-point.handler';

describe(ReleaseContactPointHandler.name, () => {
  const setup = contactPointsSetup;

  it('releases a number only once its tenant no longer maps it, after which the tenant cannot map it', async () => {
    const { release, remove, create, assignments } = setup();

    await expect(release.execute(new ReleaseContactPointCommand(ACME_NUMBER))).rejects.toThrow(
      ContactPointInUse,
    );
    await remove.execute(new DeleteMappingCommand('acme', EXISTING));
    await release.execute(new ReleaseContactPointCommand(ACME_NUMBER));

    await expect(assignments.find(ACME_NUMBER)).resolves.toBeNull();
    await expect(release.execute(new ReleaseContactPointCommand(ACME_NUMBER))).rejects.toThrow(
      ContactPointNotFound,
    );
    await expect(
      create.execute(
        new CreateMappingCommand('acme', { name: 'Back', phoneNumber: ACME_NUMBER, flowId: 'flow-1' }),
      ),
    ).rejects.toThrow(ContactPointNotAssigned);
  });
});
