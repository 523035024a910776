import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124121318 } from './Migration20261124121318';
import { Migration20261124131321 } from './Migration20261124131321';
import { Migration20261124153833 } from './Migration20261124153833';
import { Migration20261124160000 } from './Migration20261124160000';
import { Migration20261207190000 } from './Migration20261207190000';
import { Migration20261208000000 } from './Migration20261208000000';

/** Listed explicitly, oldest first (no globs: the same list works under jest, tsc output and the CLI). */
export const FLOW_RUNTIME_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124121318', class: Migration20261124121318 },
  { name: 'Migration20261124131321', class: Migration20261124131321 },
  { name: 'Migration20261124153833', class: Migration20261124153833 },
  { name: 'Migration20261124160000', class: Migration20261124160000 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
  { name: 'Migration20261208000000', class: Migration20261208000000 },
];
