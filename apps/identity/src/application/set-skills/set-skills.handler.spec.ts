import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { SetSkillsCommand } from './set-skills.command';
import { SetSkillsHandler } from './set-skills.handler';

describe(SetSkillsHandler.name, () => {
  let { settings, clock, users } = userAdminFixture();

  beforeEach(() => {
    ({ settings, clock, users } = userAdminFixture());
  });

  const types = () => users.outbox.map((e) => e.type);

  it('replaces the skills', async () => {
    const view = await new SetSkillsHandler(users, clock, settings).execute(
      new SetSkillsCommand('acme', 'user-1', [{ name: 'Spanish', proficiency: 9 }, { name: 'VIP' }]),
    );

    expect(view.skills).toEqual([
      { name: 'Spanish', proficiency: 9 },
      { name: 'VIP', proficiency: null },
    ]);
    expect(types()).toEqual(['user-skills-changed']);
  });
});
