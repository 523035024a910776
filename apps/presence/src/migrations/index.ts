import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124121320 } from './Migration20261124121320';
import { Migration20261124123557 } from './Migration20261124123557';
import { Migration20261124160000 } from './Migration20261124160000';
import { Migration20261207190000 } from './Migration20261207190000';
import { Migration20261207223100 } from './Migration20261207223100';
import { Migration20261207221000 } from './Migration20261207221000';

/** Listed explicitly, oldest first (no globs: the same list works under jest, tsc output and the CLI). */
export const PRESENCE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124121320', class: Migration20261124121320 },
  { name: 'Migration20261124123557', class: Migration20261124123557 },
  { name: 'Migration20261124160000', class: Migration20261124160000 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
  { name: 'Migration20261207223100', class: Migration20261207223100 },
  { name: 'Migration20261207221000', class: Migration20261207221000 },
];
