import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ROOT } from './support/processes';

/**
 * The repository stands alone: a reader needs nothing outside it. Code, docs and ADRs cite no
 * tracker (issue numbers) and no file that is not in the repository; they state the fact and its
 * public source instead.
 */

/** Tracked text files (what a clone holds), without the lockfile. */
function trackedTextFiles(): string[] {
  return (
    execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((file) =>
        /\.(ts|js|mjs|cjs|json|md|ya?ml|sh|sql|txt)$|(^|\/)(Dockerfile|run)$|^\.env/.test(file),
      )
      // This file spells out the patterns it looks for, so it is the one file not searched.
      .filter((file) => file !== 'package-lock.json' && file !== 'test/repository.spec.ts')
      .filter((file) => existsSync(join(ROOT, file)))
  );
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function findings(files: string[], pattern: RegExp, allowed: (f: Finding) => boolean = () => false) {
  const found: Finding[] = [];
  for (const file of files) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const finding = { file, line: i + 1, text: text.trim() };
        if (pattern.test(text) && !allowed(finding)) found.push(finding);
      });
  }
  return found.map((f) => `${f.file}:${f.line}: ${f.text}`);
}

// "issue 7", "issue #7", "issues 5 and 7", "ticket #12", "PR #3"; a bare "#7" in prose.
const TRACKER = /\b(issues?|tickets?|bugs?|PRs?|pull requests?)\s+#?\d+\b|(^|[\s([])#\d+\b/i;

describe('the repository stands alone', () => {
  // This file spells the patterns' examples out, so it is the one file not checked.
  const files = trackedTextFiles().filter((file) => file !== 'test/repository.spec.ts');

  it('finds text files to check', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/adr/0001-monorepo-build-and-test-toolchain.md']),
    );
  });

  it('cites no tracker: no issue, ticket or pull request numbers in code, docs or ADRs', () => {
    // `npm run events` prints an event's sequence as "#N": product output, not a reference.
    const sequenceOutput = (f: Finding) =>
      f.file === 'test/events-tail.e2e-spec.ts' && /\(\w[\w-]*, #\d+\)'/.test(f.text);
    expect(findings(files, TRACKER, sequenceOutput)).toEqual([]);
  });

  it('names no file that is not in the repository (a NAME.md it does not hold)', () => {
    const names = new Set(files.map((f) => basename(f)));
    const missing = findings(files, /\b[A-Z][A-Z_-]+\.md\b/).filter((hit) =>
      [...hit.matchAll(/\b([A-Z][A-Z_-]+\.md)\b/g)].some(([, name]) => !names.has(name)),
    );
    expect(missing).toEqual([]);
  });

  it('links, in every Markdown file, only to files that exist', () => {
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      for (const [, target] of readFileSync(join(ROOT, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue; // a URL or an anchor
        const path = join(ROOT, dirname(file), target.split('#')[0]);
        if (!existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('would notice a tracker reference or a missing file (the patterns match what they must)', () => {
    for (const text of ['(issue #7)', 'issue 7 adds', 'issues 5 and 7', 'see #12', 'PR #3'])
      expect(TRACKER.test(text)).toBe(true);
    for (const text of ["['1#2', 99]", 'finishOnKey `#`', 'press 9 then 12#', 'H1 #a'])
      expect(TRACKER.test(text)).toBe(false);
  });
});
