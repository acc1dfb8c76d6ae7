import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure, synthesize } from '../../../main';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';
import { BAD_INPUT_CORPUS, type BadInputCase, type BadInputKind } from './bad-input-corpus';
import { folderDigest } from '../../support/folder-digest';

/** The environment the app runs with for a case. */
function appEnv(c: BadInputCase, root: string, outdir: string): Record<string, string> {
  return {
    SYNTH_MODE: 'offline',
    PLATFORM_CONFIG_ROOT: root,
    PLATFORM_ENVIRONMENTS: c.environments ?? 'dev',
    CDKTF_OUTDIR: outdir,
  };
}

/** Checks what the app printed for a case: one problem line naming the file and the JSON path, no stack trace. */
function expectOneMessage(c: BadInputCase, root: string, stderr: string): void {
  const lines = stderr.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe('Configuration error (nothing was written):');
  expect(lines[2]).toBe('');
  const display = path.relative(PROJECT_ROOT, path.join(root, c.file));
  const location = lines[1]!.slice(0, lines[1]!.indexOf(' '));
  expect(location === display || location.startsWith(`${display}:`)).toBe(true);
  expect(lines[1]!.slice(location.length + 1)).toMatch(
    new RegExp(`^${c.jsonPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: found .+; allowed: .+$`),
  );
  if (c.says) expect(lines[1]).toContain(c.says);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** A previous synth's output that a failed run must leave as it is. */
function previousOutput(dir: string): string {
  fs.mkdirSync(path.join(dir, 'stacks', 'dev-sqs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{"stacks":{}}');
  fs.writeFileSync(path.join(dir, 'stacks', 'dev-sqs', 'cdk.tf.json'), '{"resource":{}}');
  return dir;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-corpus-'));
const outdir = previousOutput(path.join(work, 'cdktf.out'));
const before = folderDigest(outdir);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the corpus holds at least 40 broken configurations of every kind', () => {
  expect(BAD_INPUT_CORPUS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(BAD_INPUT_CORPUS.map((c) => c.name)).size).toBe(BAD_INPUT_CORPUS.length);
  const kinds: BadInputKind[] = [
    'malformed JSON',
    'empty file',
    'not a file',
    'missing file',
    'duplicate key',
    'wrong type',
    'unknown key',
    'out of range',
    'not allowed',
    'dangling reference',
    'duplicate name',
    'invalid ARN',
    'invalid CIDR',
    'invalid id',
    'unfilled placeholder',
    'cycle',
    'Fargate',
    'contradiction',
    'secret',
    'encoding',
    'I/O error',
    'shared state',
  ];
  expect([...new Set(BAD_INPUT_CORPUS.map((c) => c.kind))].sort()).toEqual([...kinds].sort());
});

describe.each(BAD_INPUT_CORPUS.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', (_title, c) => {
  test('exit 1, one message with the file and the JSON path, no stack trace, the previous output untouched', () => {
    const fixture = ConfigFixture.copy();
    try {
      c.breakConfig(fixture);
      let error: unknown;
      try {
        synthesize(appEnv(c, fixture.root, outdir));
      } catch (e) {
        error = e;
      }
      const failure = describeFailure(error);
      expect(failure?.exitCode).toBe(1);
      expectOneMessage(c, fixture.root, failure!.stderr);
      if (c.name.includes('never echoed')) expect(failure!.stderr).not.toContain('hunter2');
    } finally {
      fixture.dispose();
    }
    expect(folderDigest(outdir)).toEqual(before);
  });
});

/** Cases run as real processes too: the app as cdktf runs it. */
const PROCESS_SAMPLE = [
  'a missing comma',
  'an account layer cut off half way, shared by dev and staging',
  'a folder where a file belongs',
  'an environment asked for that has no file',
  'a placeholder nobody fills',
  'Fargate and EC2 environments in one queue',
  'two log groups with one name',
  'a Latin-1 file',
  'a symbolic link loop',
  'an override of a batch-json file with a mistyped name',
];

test.each(PROCESS_SAMPLE)('as a process: %s', (name) => {
  const c = BAD_INPUT_CORPUS.find((k) => k.name === name)!;
  const fixture = ConfigFixture.copy();
  try {
    c.breakConfig(fixture);
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'run-app.js')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...appEnv(c, fixture.root, outdir) },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expectOneMessage(c, fixture.root, result.stderr);
  } finally {
    fixture.dispose();
  }
  expect(folderDigest(outdir)).toEqual(before);
  expect(fs.readdirSync(work).filter((f) => f.includes('.staging-') || f.includes('.retired-'))).toEqual([]);
});
