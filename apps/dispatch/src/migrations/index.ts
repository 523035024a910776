import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124121319 } from './Migration20261124121319';
import { Migration20261124130838 } from './Migration20261124130838';
import { Migration20261124134738 } from './Migration20261124134738';
import { Migration20261124154048 } from './Migration20261124154048';
import { Migration20261124160000 } from './Migration20261124160000';
import { Migration20261124193933 } from './Migration20261124193933';
import { Migration20261124220000 } from './Migration20261124220000';
import { Migration20261207160301 } from './Migration20261207160301';
import { Migration20261207190000 } from './Migration20261207190000';
import { Migration20261207221500 } from './Migration20261207221500';
import { Migration20261208000000 } from './Migration20261208000000';

/** Listed explicitly, oldest first (no globs: the same list works under jest, tsc output and the CLI). */
export const DISPATCH_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124121319', class: Migration20261124121319 },
  { name: 'Migration20261124130838', class: Migration20261124130838 },
  { name: 'Migration20261124134738', class: Migration20261124134738 },
  { name: 'Migration20261124154048', class: Migration20261124154048 },
  { name: 'Migration20261124160000', class: Migration20261124160000 },
  { name: 'Migration20261124193933', class: Migration20261124193933 },
  { name: 'Migration20261124220000', class: Migration20261124220000 },
  { name: 'Migration20261207160301', class: Migration20261207160301 },
  { name: 'Migration20261207190000', class: Migration20261207190000 },
  { name: 'Migration20261207221500', class: Migration20261207221500 },
  { name: 'Migration20261208000000', class: Migration20261208000000 },
];
