#!/usr/bin/env node
// Reads an OpenAPI document on stdin and prints the TypeScript types openapi-typescript makes of it.
// A process of its own: openapi-typescript loads ES modules that Jest's module loader cannot.
import { text } from 'node:stream/consumers';
import openapiTS, { astToString } from 'openapi-typescript';

process.stdout.write(astToString(await openapiTS(await text(process.stdin))));
