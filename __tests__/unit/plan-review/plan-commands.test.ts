import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ConfigError } from '../../../lib/configuration/config-error';
import { UsageError } from '../../../lib/deployment/synth-target';
import { readSavedPlans } from '../../../lib/plan-review/saved-plans';
import { parseTerraformPlan } from '../../../lib/plan-review/terraform-plan';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { planOf, resourceChange, writePlans, writeSynthOutput } from '../../support/plan-fixtures';

jest.setTimeout(60_000);

/** Runs one of the project's npm scripts' entry points as CI does, in `cwd`. */
function runScript(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'GITHUB_OUTPUT'));
  // `--import tsx` resolves from the working directory, which is a temporary folder here.
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return spawnSync(process.execPath, ['--import', tsx, path.join(PROJECT_ROOT, 'scripts', script), ...args], {
    cwd,
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
}

describe('reading the saved plans of a run', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'saved-plans-'));
  const outdir = path.join(work, 'cdktf.out');
  const planDir = path.join(outdir, 'plans');
  beforeAll(() => {
    writeSynthOutput(outdir, [
      { name: 'dev-iam', metadata: { synth_mode: 'offline' } },
      { name: 'dev-sqs', metadata: { mock_outputs: { iam: ['role_arn'] } } },
      { name: 'dev-batch', dependencies: ['dev-iam', 'dev-sqs'], metadata: { provisional: true } },
      { name: 'prod-iam' },
    ]);
    writePlans(planDir, {
      'dev-iam': planOf([resourceChange('aws_iam_role.a', ['create'], { after: { name: 'a' } })]),
      'dev-sqs': planOf([resourceChange('aws_sqs_queue.core_queue', ['delete'], { before: { name: 'q' } })]),
      'prod-iam': planOf([]),
    });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test(
    "every stack of the manifest, with its plan when it has one, provisional from the stack's metadata in any of " +
      'its forms',
    () => {
      const stacks = readSavedPlans({ outdir, planDir });
      expect(stacks.map((s) => [s.name, s.plan !== undefined, s.provisional !== undefined])).toEqual([
        ['dev-iam', true, true],
        ['dev-sqs', true, true],
        ['dev-batch', false, true],
        ['prod-iam', true, false],
      ]);
      expect(stacks[0]!.provisional).toMatch(/^synthesized offline/);
      expect(stacks[2]!.dependencies).toEqual(['dev-iam', 'dev-sqs']);
    },
  );

  test('a plan of a stack the synth output does not have is refused: plans and synth must come from one run', () => {
    const strayDir = path.join(work, 'stray-plans');
    writePlans(strayDir, { 'dev-lambda': planOf([]) });
    expect(() => readSavedPlans({ outdir, planDir: strayDir })).toThrow(
      new UsageError(
        `${path.relative(process.cwd(), strayDir)} holds plans of stacks that ` +
          `${path.relative(process.cwd(), outdir)} does not have: dev-lambda; the plans and the synth output must ` +
          `come from the same run`,
      ),
    );
  });

  test('a file that is not a saved plan: the file, the line, the JSON path, what was found and what is allowed', () => {
    const problem = (text: string) => {
      try {
        parseTerraformPlan(text, 'plans/dev-iam.json');
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
      }
      throw new Error('accepted');
    };
    expect(
      problem(
        '{"format_version": "1.2", "resource_changes": [\n  {"address": "aws_iam_role.a", "mode": "managed", ' +
          '"type": "aws_iam_role", "name": "a",\n   "change": {"actions": ["explode"]}}]}',
      ),
    ).toBe(
      'plans/dev-iam.json:3:27 $.resource_changes[0].change.actions[0]: found "explode"; allowed: one of "no-op", ' +
        '"create", "read", "update", "delete", "forget"',
    );
    expect(problem('Error: No configuration files')).toBe(
      'plans/dev-iam.json:1:1 $: found malformed JSON (InvalidSymbol); allowed: strict JSON: double-quoted keys, no ' +
        'comments, no trailing commas',
    );
    expect(problem('{"resource_changes": []}')).toBe(
      'plans/dev-iam.json:1:1 $: found {"resource_changes":[]}; allowed: the output of terraform show -json ' +
        '<planfile>: an object with format_version 1.x',
    );
  });

  test('plan:comment writes the comment and the step outputs; --detailed-exitcode exits 2 on a destroy', () => {
    const output = path.join(work, 'github-output');
    const result = runScript(
      'plan-comment.ts',
      ['--output', 'comment.md', '--github-output', output, '--detailed-exitcode'],
      work,
    );
    expect(result.stderr).toBe(
      '3 plans reviewed: 1 to destroy, 0 to replace; policy gate FAILED; comment ' +
        fs.readFileSync(path.join(work, 'comment.md'), 'utf8').length.toLocaleString('en-US') +
        ' characters in comment.md\n',
    );
    expect(result.status).toBe(2);
    expect(fs.readFileSync(output, 'utf8')).toBe(
      'destroys=1\nreplacements=0\ndestructive=true\nchanges=true\npolicy=failed\nprovisional=true\nmissing=\n',
    );
    expect(fs.readFileSync(path.join(work, 'comment.md'), 'utf8')).toContain(
      '| `dev-sqs` | `aws_sqs_queue.core_queue` | **destroy** |',
    );
  });

  test('plan:gate exits 1 on a protected destroy and 0 once the policy allows it', () => {
    const failed = runScript('plan-gate.ts', [], work);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('  dev-sqs: aws_sqs_queue.core_queue (aws_sqs_queue) would be destroyed');
    fs.writeFileSync(
      path.join(work, 'policy.json'),
      JSON.stringify({
        allowed_destroys: [
          { stack: 'dev-sqs', address: 'aws_sqs_queue.core_queue', reason: 'replaced by the v2 queue, drained' },
        ],
      }),
    );
    const passed = runScript('plan-gate.ts', ['--policy', 'policy.json'], work);
    expect(passed.stdout).toContain('policy gate passed');
    expect(passed.status).toBe(0);
  });

  test('no stack affected, so nothing planned: the comment says so, and the plan folder may be absent', () => {
    fs.writeFileSync(
      path.join(work, 'none-affected.json'),
      JSON.stringify({ affected: [], unchanged: ['dev-iam', 'dev-sqs', 'dev-batch', 'prod-iam'], removed: [] }),
    );
    const result = runScript('plan-comment.ts', ['--plans', 'no-plans-here', '--affected', 'none-affected.json'], work);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('**0 of 4 stacks planned**');
    expect(result.stdout).toContain('No stack is affected by this change');
    expect(result.stdout).not.toContain('<details>');
  });

  test('bad input: exit 1, the problem in one line, no stack trace', () => {
    const broken = path.join(work, 'broken-plans');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'dev-iam.json'), '{"format_version": "0.1"}');
    const result = runScript('plan-comment.ts', ['--plans', broken], work);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Bad input (no comment written):\nbroken-plans/dev-iam.json:1:2 $.format_version: found "0.1"; allowed: a ' +
        'plan in JSON format 1.x (terraform show -json of Terraform 1.x)\n',
    );
    const missing = runScript('plan-gate.ts', ['--plans', 'nowhere'], work);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      'error: nowhere is not a folder of saved plans; run `npm run all -- plan` first (it saves each plan as ' +
        '<stack>.json)\n',
    );
  });
});
