#!/usr/bin/env node
// `npm run asyncapi`: regenerates docs/asyncapi/presence.asyncapi.json from libs/contracts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from './build-if-needed.mjs';

build();
const require = createRequire(import.meta.url);
const { presenceAsyncApi } = require('../dist/libs/contracts/src/asyncapi/presence.asyncapi.js');
writeFileSync('docs/asyncapi/presence.asyncapi.json', `${JSON.stringify(presenceAsyncApi(), null, 2)}\n`);
console.log('wrote docs/asyncapi/presence.asyncapi.json');
