import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../../lib/deployment/synth-target';
import { affectedSinceCommit } from '../../../lib/plan-review/affected-since-commit';
import { compareSynthOutputs } from '../../../lib/plan-review/affected-stacks';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { writeSynthOutput } from '../../support/plan-fixtures';

/** A JSON document a test edits in place, any path deep. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the files edited are free-form JSON
type EditableJson = any;

jest.setTimeout(120_000);

const queue = (name: string, extra: Record<string, unknown> = {}) => ({
  resource: { aws_sqs_queue: { core_queue: { name, '//': { metadata: { path: 'x/core_queue' } }, ...extra } } },
});

describe('comparing the synth output of a base and a head', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const graph = (terraform: Record<string, Record<string, unknown>>) => [
    { name: 'dev-iam', terraform: terraform['dev-iam'] },
    { name: 'dev-sqs', terraform: terraform['dev-sqs'] },
    { name: 'dev-batch', dependencies: ['dev-iam', 'dev-sqs'], terraform: terraform['dev-batch'] },
    { name: 'dev-step-function', dependencies: ['dev-iam', 'dev-batch'], terraform: terraform['dev-step-function'] },
    { name: 'prod-sqs', terraform: terraform['prod-sqs'] },
  ];
  const same = {
    'dev-iam': {},
    'dev-sqs': queue('q'),
    'dev-batch': {},
    'dev-step-function': {},
    'prod-sqs': queue('p'),
  };

  test('a changed stack and everything downstream of it, transitively; its neighbours are left out', () => {
    const [base, head] = [path.join(work, 'a-base'), path.join(work, 'a-head')];
    writeSynthOutput(base, graph(same));
    writeSynthOutput(head, graph({ ...same, 'dev-sqs': queue('q', { visibility_timeout_seconds: 900 }) }));
    expect(compareSynthOutputs(base, head)).toEqual({
      affected: [
        { stack: 'dev-sqs', reason: 'its Terraform JSON changed' },
        { stack: 'dev-batch', reason: 'upstream dev-sqs is affected' },
        { stack: 'dev-step-function', reason: 'upstream dev-batch is affected' },
      ],
      unchanged: ['dev-iam', 'prod-sqs'],
      removed: [],
      commentsOnly: [],
    });
  });

  test("cdktf's `//` comments (construct paths, metadata) change no plan, so they affect nothing", () => {
    const [base, head] = [path.join(work, 'b-base'), path.join(work, 'b-head')];
    writeSynthOutput(base, graph(same));
    const moved = {
      resource: {
        aws_sqs_queue: { core_queue: { name: 'q', '//': { metadata: { path: 'x/messaging/core_queue' } } } },
      },
    };
    writeSynthOutput(
      head,
      graph({ ...same, 'dev-sqs': moved }).map((s) =>
        s.name === 'dev-iam' ? { ...s, metadata: { synth_mode: 'real', note: 'other' } } : s,
      ),
    );
    expect(compareSynthOutputs(base, head)).toMatchObject({ affected: [], commentsOnly: ['dev-iam', 'dev-sqs'] });
  });

  test('a new stack is affected; a stack the head no longer has is reported as removed', () => {
    const [base, head] = [path.join(work, 'c-base'), path.join(work, 'c-head')];
    writeSynthOutput(base, graph(same));
    writeSynthOutput(head, [...graph(same).filter((s) => s.name !== 'prod-sqs'), { name: 'prod-iam', terraform: {} }]);
    expect(compareSynthOutputs(base, head)).toEqual({
      affected: [{ stack: 'prod-iam', reason: 'new stack' }],
      unchanged: ['dev-iam', 'dev-sqs', 'dev-batch', 'dev-step-function'],
      removed: ['prod-sqs'],
      commentsOnly: [],
    });
  });
});

describe('affected stacks since a base commit, with the real app', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-repo-'));
  const git = (...args: string[]) => {
    const result = spawnSync(
      'git',
      ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  const edit = (file: string, change: (value: EditableJson) => void) => {
    const full = path.join(repo, file);
    const value = JSON.parse(fs.readFileSync(full, 'utf8'));
    change(value);
    fs.writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
  };
  let base: string;

  beforeAll(() => {
    for (const entry of [
      'main.ts',
      'lib',
      'stacks',
      'config',
      'batch-json',
      'package.json',
      'package-lock.json',
      path.join('scripts', 'run-app.js'),
    ]) {
      fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(repo, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n.build/\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    base = git('rev-parse', 'HEAD');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the same commit synthesizes byte-identical Terraform JSON: nothing is affected', () => {
    const result = affectedSinceCommit({ projectRoot: repo, base, mode: 'real', environments: ['dev', 'staging'] });
    expect(result).toEqual({
      affected: [],
      unchanged: [
        'dev-batch',
        'dev-iam',
        'dev-security-group',
        'dev-sqs',
        'dev-step-function',
        'staging-batch',
        'staging-iam',
        'staging-security-group',
        'staging-sqs',
        'staging-step-function',
      ],
      removed: [],
      commentsOnly: [],
      baseCommit: base,
    });
  });

  test("a change to dev's compute environment plans dev-batch and the dev-step-function that reads it, no more", () => {
    edit('config/environments/dev.json', (dev) => {
      dev.batch_json['compute-environment.json'].compute_resources.max_vcpus = 32;
    });
    const result = affectedSinceCommit({ projectRoot: repo, base, mode: 'offline' });
    expect(result.affected).toEqual([
      { stack: 'dev-batch', reason: 'its Terraform JSON changed' },
      { stack: 'dev-step-function', reason: 'upstream dev-batch is affected' },
    ]);
    expect(result.unchanged).toHaveLength(13);
  });

  test('an environment removed in the head: its stacks are reported as removed, not planned', () => {
    fs.rmSync(path.join(repo, 'config', 'environments', 'staging.json'));
    const result = affectedSinceCommit({ projectRoot: repo, base, mode: 'real' });
    expect(result.removed).toEqual([
      'staging-batch',
      'staging-iam',
      'staging-security-group',
      'staging-sqs',
      'staging-step-function',
    ]);
    expect(result.affected.map((a) => a.stack)).toEqual(['dev-batch', 'dev-step-function']);
  });

  test('a production dependency changed in package-lock.json: every stack is affected', () => {
    edit('package-lock.json', (lock) => {
      lock.packages['node_modules/zod'].version = '0.0.0-changed';
    });
    const result = affectedSinceCommit({ projectRoot: repo, base, mode: 'real', environments: ['dev'] });
    expect(result.affected).toHaveLength(5);
    expect(result.affected[0]!.reason).toBe(
      `the production dependencies in package-lock.json changed since ${base.slice(0, 12)}`,
    );
  });

  test('a base commit the clone does not have is a usage error that says how to fetch it', () => {
    expect(() =>
      affectedSinceCommit({ projectRoot: repo, base: '0123456789abcdef0123456789abcdef01234567', mode: 'real' }),
    ).toThrow(
      new UsageError(
        'the base commit "0123456789abcdef0123456789abcdef01234567" is not in this clone; allowed: a commit, branch ' +
          'or tag of it (in GitHub Actions, check out with fetch-depth: 0)',
      ),
    );
  });
});
