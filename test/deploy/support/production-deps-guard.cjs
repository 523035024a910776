// Loaded with `node --require` by test/deploy/runtime.e2e-spec.ts: records every package an app
// loads that package-lock.json marks as a development dependency. The image installs with
// `npm install --omit=dev`, so such a package would be missing there. Writes the list, as JSON,
// to $TP_DEV_DEPS_REPORT when the process exits.
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const locked = require(path.join(root, 'package-lock.json')).packages;
const loaded = new Set();

/** `node_modules/a/node_modules/@s/b/x.js` -> `node_modules/a/node_modules/@s/b` (the lockfile key). */
function packageKey(file) {
  const parts = path.relative(root, file).split(path.sep);
  const key = [];
  for (let i = 0; parts[i] === 'node_modules' && i + 1 < parts.length;) {
    const name = parts[i + 1].startsWith('@') ? parts.slice(i + 1, i + 3) : [parts[i + 1]];
    key.push('node_modules', ...name);
    i += 1 + name.length;
  }
  return key.length ? key.join('/') : null;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const file = resolve.call(this, request, ...rest);
  const key = path.isAbsolute(file) ? packageKey(file) : null;
  const entry = key && locked[key];
  if (entry && (entry.dev || entry.devOptional)) loaded.add(key);
  return file;
};

process.on('exit', () => writeFileSync(process.env.TP_DEV_DEPS_REPORT, JSON.stringify([...loaded])));
