#!/usr/bin/env node
// `npm run openapi`: writes docs/openapi/<app>.openapi.json for the five apps (from each app's Nest
// module, no database or NATS needed) and the console's API types apps/console/web/src/api/<app>.d.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { build } from './build-if-needed.mjs';

build();
const require = createRequire(import.meta.url);
const {
  OPENAPI_APPS,
  documentPath,
  openApiJson,
  openApiTypes,
  typesPath,
} = require('../dist/scripts/openapi-documents.js');
for (const def of OPENAPI_APPS) {
  const json = await openApiJson(def);
  for (const [path, text] of [
    [documentPath(def.name), json],
    [typesPath(def.name), openApiTypes(def.name, json)],
  ]) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
