import { MappingFieldInvalid } from '@tp/dispatch-domain';
import { ACME_NUMBER, contactPointsSetup, FREE_NUMBER } from '../../../testing/edge-admin.fixture';
import { ContactPointAssignedElsewhere, TenantIdInvalid } from '../contact-points/contact-point.errors';
import { AssignContactPointCommand } from './assign-contact-point.command';
import { AssignContactPointHandler } from './assign-contact-point.handler';

describe(AssignContactPointHandler.name, () => {
  const setup = contactPointsSetup;

  it('assigns a free number once; again to the same tenant changes nothing', async () => {
    const { assign } = setup();

    const first = await assign.execute(
      new AssignContactPointCommand('+1-555-010-0199', 'globex', 'ops-anna'),
    );
    const again = await assign.execute(new AssignContactPointCommand(FREE_NUMBER, 'globex', 'ops-ben'));

    expect(first).toEqual({
      created: true,
      view: {
        phoneNumber: FREE_NUMBER,
        tenantId: 'globex',
        assignedAt: '2026-12-07T16:00:00.000Z',
        assignedBy: 'ops-anna',
      },
    });
    expect(again).toEqual({ created: false, view: first.view });
  });

  it.each([
    ['a number of another tenant', ACME_NUMBER, 'globex', ContactPointAssignedElsewhere],
    ['a tenant id that cannot be one', FREE_NUMBER, 'Globex Inc', TenantIdInvalid],
    ['a number that is not E.164', '555-0100', 'globex', MappingFieldInvalid],
  ])('refuses %s', async (_case, phoneNumber, tenantId, error) => {
    const { assign, assignments } = setup();

    await expect(assign.execute(new AssignContactPointCommand(phoneNumber, tenantId, 'ops'))).rejects.toThrow(
      error,
    );
    await expect(assignments.find(ACME_NUMBER)).resolves.toMatchObject({ tenantId: 'acme' });
  });
});
