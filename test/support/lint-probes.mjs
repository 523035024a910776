// Lints probe snippets with the project's real ESLint config, in one process (type information is
// built once): reads [{ path, code }] as JSON on stdin, prints each probe's messages as JSON.
import { ESLint } from 'eslint';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const probes = JSON.parse(input);
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { path, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath: path });
  results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(results));
