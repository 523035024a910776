#!/usr/bin/env node
// `npm run asyncapi`: regenerates docs/asyncapi/{presence,dispatch}.asyncapi.json from libs/contracts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from './build-if-needed.mjs';

build();
const require = createRequire(import.meta.url);
const { presenceAsyncApi } = require('../dist/libs/contracts/src/asyncapi/presence.asyncapi.js');
const { dispatchAsyncApi } = require('../dist/libs/contracts/src/asyncapi/dispatch.asyncapi.js');
for (const [name, doc] of [
  ['presence', presenceAsyncApi()],
  ['dispatch', dispatchAsyncApi()],
]) {
  writeFileSync(`docs/asyncapi/${name}.asyncapi.json`, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote docs/asyncapi/${name}.asyncapi.json`);
}
