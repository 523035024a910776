// Lints probe snippets with the project's real ESLint config, in one process: reads [{ path, code }]
// as JSON on stdin, prints each probe's messages as JSON. The probes are about imports, so the
// type-aware rules are left out and no TypeScript program is built (that took most of the time).
import { ESLint } from 'eslint';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const probes = JSON.parse(input);
const eslint = new ESLint({
  cwd: process.cwd(),
  ruleFilter: ({ ruleId }) => !ruleId.startsWith('@typescript-eslint/'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});
const results = [];
for (const { path, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath: path });
  results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(results));
