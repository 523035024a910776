import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124121317 } from './Migration20261124121317';
import { Migration20261124125019 } from './Migration20261124125019';
import { Migration20261124160000 } from './Migration20261124160000';
import { Migration20261207151059 } from './Migration20261207151059';
import { Migration20261207190000 } from './Migration20261207190000';

/** Listed explicitly, oldest first (no globs: the same list works under jest, tsc output and the CLI). */
export const IDENTITY_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124121317', class: Migration20261124121317 },
  { name: 'Migration20261124125019', class: Migration20261124125019 },
  { name: 'Migration20261124160000', class: Migration20261124160000 },
  { name: 'Migration20261207151059', class: Migration20261207151059 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
];
