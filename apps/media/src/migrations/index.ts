import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124121318 } from './Migration20261124121318';
import { Migration20261124124031 } from './Migration20261124124031';
import { Migration20261124160000 } from './Migration20261124160000';
import { Migration20261207190000 } from './Migration20261207190000';

/** Listed explicitly, oldest first (no globs: the same list works under jest, tsc output and the CLI). */
export const MEDIA_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124121318', class: Migration20261124121318 },
  { name: 'Migration20261124124031', class: Migration20261124124031 },
  { name: 'Migration20261124160000', class: Migration20261124160000 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
];
