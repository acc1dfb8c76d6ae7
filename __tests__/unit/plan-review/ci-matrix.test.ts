import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { readSynthesizedStacks } from '../../../lib/orchestration/synthesized-stacks';
import { readAffectedStacks } from '../../../lib/plan-review/affected-stacks';
import { levelMatrices, planMatrix } from '../../../lib/plan-review/ci-matrix';
import { dependencyLevels } from '../../../lib/plan-review/stack-levels';
import { PROJECT_ROOT } from '../../support/config-fixture';

jest.setTimeout(60_000);

const FIXTURES = path.join(__dirname, 'fixtures', 'matrix');
const affected = (file: string) => readAffectedStacks(path.join(FIXTURES, file));

/** The platform's graph, per environment: module -> modules it reads. */
const GRAPH: Record<string, string[]> = {
  'step-function': ['iam', 'sqs', 'batch'],
  batch: ['iam', 'security-group', 'sqs'],
  sqs: [],
  'security-group': [],
  iam: [],
};

/** A synth output of three environments, one named with a hyphen, written leaf-first as a manifest may list them. */
function synthOutput(root: string): string {
  const outdir = path.join(root, 'cdktf.out');
  const manifest: { stacks: Record<string, unknown> } = { stacks: {} };
  for (const environment of ['eu-prod', 'dev', 'qa'])
    for (const [module, reads] of Object.entries(GRAPH)) {
      const name = `${environment}-${module}`;
      fs.mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
      fs.writeFileSync(
        path.join(outdir, 'stacks', name, 'cdk.tf.json'),
        JSON.stringify({ '//': { platform: { synth_mode: 'real', module, environment } } }),
      );
      manifest.stacks[name] = {
        synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
        workingDirectory: `stacks/${name}`,
        dependencies: reads.map((r) => `${environment}-${r}`),
        name,
      };
    }
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest));
  return outdir;
}

describe('the matrices that fan plans out over CI runners', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-matrix-'));
  const outdir = synthOutput(work);
  const stacks = readSynthesizedStacks(outdir);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a change to the defaults: one job per environment of five stacks, in the order the file lists them', () => {
    const jobs = planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 5 });
    expect(jobs.map((j) => [j.name, j.environment, j.artifact])).toEqual([
      ['eu-prod: iam, security-group, sqs, batch, step-function', 'eu-prod', 'plans-eu-prod-iam'],
      ['dev: iam, security-group, sqs, batch, step-function', 'dev', 'plans-dev-iam'],
      ['qa: iam, security-group, sqs, batch, step-function', 'qa', 'plans-qa-iam'],
    ]);
    expect(jobs[0]!.stacks).toBe('eu-prod-iam eu-prod-security-group eu-prod-sqs eu-prod-batch eu-prod-step-function');
  });

  test('smaller batches never mix environments; every affected stack is in exactly one job', () => {
    const jobs = planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 2 });
    expect(jobs).toHaveLength(9);
    for (const job of jobs)
      for (const stack of job.stacks.split(' ')) expect(stack.startsWith(`${job.environment}-`)).toBe(true);
    const planned = jobs.flatMap((j) => j.stacks.split(' '));
    expect([...planned].sort()).toEqual(
      affected('config-defaults-change.json')
        .affected.map((a) => a.stack)
        .sort(),
    );
    expect(new Set(jobs.map((j) => j.artifact)).size).toBe(jobs.length);
  });

  test('batches grow until the matrix fits its job limit; 0 means one job per environment', () => {
    expect(planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 1 })).toHaveLength(15);
    const fitted = planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 1, maxJobs: 10 });
    expect(fitted.map((j) => j.stacks.split(' ').length)).toEqual([2, 2, 1, 2, 2, 1, 2, 2, 1]);
    expect(planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 0 })).toHaveLength(3);
    expect(() => planMatrix(affected('config-defaults-change.json'), stacks, { batchSize: 1, maxJobs: 2 })).toThrow(
      /3 environments need at least 3 jobs, more than the 2 a matrix may hold/,
    );
  });

  test('a batch-json change plans the batch stack and what reads it; a comment-only change plans nothing', () => {
    expect(planMatrix(affected('batch-json-change.json'), stacks, { batchSize: 5 })).toEqual([
      {
        name: 'dev: batch, step-function',
        environment: 'dev',
        stacks: 'dev-batch dev-step-function',
        artifact: 'plans-dev-batch',
      },
    ]);
    expect(planMatrix(affected('docs-only-change.json'), stacks, { batchSize: 5 })).toEqual([]);
  });

  test('an affected stack the synth output lacks is refused by name', () => {
    expect(() => planMatrix(affected('not-in-synth-output.json'), stacks, { batchSize: 5 })).toThrow(
      /name dev-lambda, which the synth output does not have/,
    );
  });

  test('deploy levels: what reads nothing first, then the batch stack, then the state machine', () => {
    expect(dependencyLevels(stacks.filter((s) => s.environment === 'qa'))).toEqual([
      ['qa-sqs', 'qa-security-group', 'qa-iam'],
      ['qa-batch'],
      ['qa-step-function'],
    ]);
    const levels = levelMatrices(stacks, 'eu-prod', { batchSize: 1 });
    expect(levels.map((l) => l.map((j) => j.stacks))).toEqual([
      ['eu-prod-sqs', 'eu-prod-security-group', 'eu-prod-iam'],
      ['eu-prod-batch'],
      ['eu-prod-step-function'],
    ]);
    expect(levels[1]![0]!.artifact).toBe('plans-eu-prod-level-1-eu-prod-batch');
    expect(() => levelMatrices(stacks, 'staging', { batchSize: 1 })).toThrow(/no stacks for environment staging/);
  });

  test('npm run plan:matrix writes the step outputs a workflow reads, and refuses too few level jobs', () => {
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    const run = (...args: string[]) => {
      const output = path.join(work, `output-${args.join('-').replace(/\W+/g, '_')}`);
      const result = spawnSync(
        process.execPath,
        ['--import', tsx, path.join(PROJECT_ROOT, 'scripts', 'plan-matrix.ts'), '--outdir', outdir, ...args],
        { encoding: 'utf8', env: { ...process.env, GITHUB_OUTPUT: output } },
      );
      const lines = fs.existsSync(output) ? fs.readFileSync(output, 'utf8').trim().split('\n') : [];
      return {
        ...result,
        outputs: Object.fromEntries(lines.map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)])),
      };
    };
    const pr = run('--affected', path.join(FIXTURES, 'batch-json-change.json'));
    expect(pr.status).toBe(0);
    expect(pr.outputs.count).toBe('1');
    expect(JSON.parse(pr.outputs.matrix!)).toEqual({
      include: [expect.objectContaining({ stacks: 'dev-batch dev-step-function' })],
    });
    const none = run('--affected', path.join(FIXTURES, 'docs-only-change.json'));
    expect(none.outputs).toEqual({ matrix: '{"include":[]}', count: '0' });

    const deploy = run('--env', 'dev', '--batch-size', '1', '--level-slots', '4');
    expect(deploy.status).toBe(0);
    expect(deploy.outputs).toMatchObject({ levels: '3', level_0_count: '3', level_2_count: '1', level_3_count: '0' });
    expect(deploy.outputs.level_3).toBe('{"include":[]}');
    const tooFew = run('--env', 'dev', '--level-slots', '2');
    expect(tooFew.status).toBe(1);
    expect(tooFew.stderr).toContain('the stacks of dev have 3 dependency levels, but the workflow has 2 level jobs');
  });
});
