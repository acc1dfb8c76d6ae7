import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { renderPlanComment } from '../../lib/plan-review/plan-comment';
import { DEFAULT_POLICY } from '../../lib/plan-review/plan-policy';
import { type PlanReview, reviewPlans } from '../../lib/plan-review/plan-review';
import { evaluatePolicy } from '../../lib/plan-review/policy-gate';
import type { StackPlan } from '../../lib/plan-review/saved-plans';
import { parseTerraformPlan, type TerraformPlan } from '../../lib/plan-review/terraform-plan';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(10 * 60_000);

/**
 * Golden tests of the plan comment on real plans: a small configuration (IAM roles and CloudWatch
 * log groups, which the local AWS serves in milliseconds) applied once, then planned in every way a
 * pull request can change it. Each comment is compared with __tests__/terraform/golden/plan-review/
 * <scenario>.md; UPDATE_GOLDEN=1 rewrites them (review the diff before committing).
 */
const GOLDEN_DIR = path.join(__dirname, 'golden', 'plan-review');
const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };

interface Layout {
  readonly roles: Readonly<Record<string, { name: string; description: string }>>;
  readonly logGroups: Readonly<Record<string, { name: string; retention: number }>>;
  readonly moved?: readonly { from: string; to: string }[];
  readonly imports?: readonly { to: string; id: string }[];
}

const ASSUME_BATCH = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'batch.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const BASE: Layout = {
  roles: {
    batch_service_role: { name: 'gss-golden-batch-service', description: 'AWS Batch service role' },
    job_role: { name: 'gss-golden-batch-job', description: 'Role of the processing job' },
  },
  logGroups: {
    batch_validation: { name: '/aws/batch/gss-golden-batch-validation', retention: 30 },
    batch_processing: { name: '/aws/batch/gss-golden-batch-processing', retention: 30 },
  },
};

/** The Terraform JSON of a layout; the provider reaches the local AWS through AWS_ENDPOINT_URL. */
function terraformJson(layout: Layout): string {
  return `${JSON.stringify(
    {
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      provider: {
        aws: [
          {
            region: REGION,
            skip_credentials_validation: true,
            skip_requesting_account_id: true,
            skip_metadata_api_check: 'true',
          },
        ],
      },
      resource: {
        aws_iam_role: Object.fromEntries(
          Object.entries(layout.roles).map(([id, r]) => [
            id,
            { name: r.name, description: r.description, assume_role_policy: ASSUME_BATCH },
          ]),
        ),
        aws_cloudwatch_log_group: Object.fromEntries(
          Object.entries(layout.logGroups).map(([id, g]) => [id, { name: g.name, retention_in_days: g.retention }]),
        ),
      },
      ...(layout.moved ? { moved: layout.moved } : {}),
      ...(layout.imports ? { import: layout.imports } : {}),
    },
    null,
    2,
  )}\n`;
}

/** Values that differ from run to run: creation times and the ids AWS makes up. */
function normalized(markdown: string): string {
  return markdown
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<timestamp>')
    .replace(/\bARO[A-Z0-9]{17,}\b/g, '<unique-id>');
}

function expectGolden(name: string, markdown: string): void {
  const file = path.join(GOLDEN_DIR, `${name}.md`);
  const text = normalized(markdown);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, text);
  }
  expect(
    fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8')
      : `(no golden file ${path.relative(PROJECT_ROOT, file)}: run with UPDATE_GOLDEN=1)`,
  ).toBe(text);
}

describe('golden plan comments from real Terraform plans against the local AWS', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-golden-'));
  const directory = path.join(work, 'stack');
  const plans = new Map<string, TerraformPlan>();
  let localAws: LocalAws;
  let workspace: StackWorkspace;
  let logs: CloudWatchLogsClient;

  /** Plans `layout` against the applied base and keeps the plan under `scenario`. */
  const plan = async (scenario: string, layout: Layout): Promise<TerraformPlan> => {
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), terraformJson(layout));
    const result = await workspace.plan({ out: 'review.tfplan', showJson: true });
    // Through the parser the commands use: the plan is what `npm run plan:comment` would read.
    const parsed = parseTerraformPlan(JSON.stringify(result.json), `plans/dev-${scenario}.json`);
    plans.set(scenario, parsed);
    return parsed;
  };
  const stackPlan = (scenario: string, extra: Partial<StackPlan> = {}): StackPlan => ({
    name: `dev-${scenario}`,
    environment: 'dev',
    module: scenario,
    dependencies: [],
    plan: plans.get(scenario)!,
    planFile: `plans/dev-${scenario}.json`,
    ...extra,
  });
  const comment = (review: PlanReview) =>
    renderPlanComment(review, {
      gate: evaluatePolicy(review, DEFAULT_POLICY),
      context: 'Golden test: a real plan of a small configuration against the local AWS.',
    });
  const single = (scenario: string) => reviewPlans([stackPlan(scenario)]);

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    fs.mkdirSync(directory);
    const env = {
      ...terraformEnvironment(PROJECT_ROOT),
      AWS_ENDPOINT_URL: localAws.endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: REGION,
    };
    workspace = new StackWorkspace({ name: 'golden', directory, env });
    logs = new CloudWatchLogsClient({ endpoint: localAws.endpoint, region: REGION, credentials });
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), terraformJson(BASE));
    await workspace.init();
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('create-only: an empty state, every resource created', async () => {
    await plan('create', BASE);
    await workspace.apply('review.tfplan');
    const review = single('create');
    expect(review.totals).toMatchObject({ create: 4, update: 0, replace: 0, destroy: 0 });
    expectGolden('create-only', comment(review));
  });

  test('no-op: the applied configuration planned again changes nothing', async () => {
    await plan('noop', BASE);
    const review = single('noop');
    expect(review.totals).toMatchObject({ create: 0, update: 0, replace: 0, destroy: 0, noop: 4 });
    expect(review.stacks[0]!.drift).toEqual([]);
    const text = comment(review);
    expect(text).not.toContain('<details>');
    expectGolden('no-op', text);
  });

  test('update: a description and a retention changed in place', async () => {
    await plan('update', {
      ...BASE,
      roles: { ...BASE.roles, job_role: { ...BASE.roles.job_role!, description: 'Role of the processing job, v2' } },
      logGroups: { ...BASE.logGroups, batch_processing: { ...BASE.logGroups.batch_processing!, retention: 90 } },
    });
    const review = single('update');
    expect(review.totals).toMatchObject({ update: 2, replace: 0, destroy: 0, noop: 2 });
    expect(evaluatePolicy(review, DEFAULT_POLICY).passed).toBe(true);
    expectGolden('update', comment(review));
  });

  test('replace: renamed resources are replaced, the name forces it, and the gate stops the log group', async () => {
    await plan('replace', {
      ...BASE,
      roles: { ...BASE.roles, job_role: { ...BASE.roles.job_role!, name: 'gss-golden-processing-job' } },
      logGroups: {
        ...BASE.logGroups,
        batch_validation: { ...BASE.logGroups.batch_validation!, name: '/aws/batch/gss-golden-validation' },
      },
    });
    const review = single('replace');
    expect(review.totals).toMatchObject({ replace: 2, destroy: 0 });
    expect(review.stacks[0]!.changes.filter((c) => c.kind === 'replace').map((c) => [c.address, c.forcedBy])).toEqual([
      ['aws_cloudwatch_log_group.batch_validation', ['name']],
      ['aws_iam_role.job_role', ['name']],
    ]);
    const gate = evaluatePolicy(review, DEFAULT_POLICY);
    expect(gate.violations.map((v) => v.change.address)).toEqual(['aws_cloudwatch_log_group.batch_validation']);
    expectGolden('replace', comment(review));
  });

  test('destroy: resources left out of the configuration are destroyed, and why', async () => {
    await plan('destroy', {
      roles: { batch_service_role: BASE.roles.batch_service_role! },
      logGroups: { batch_validation: BASE.logGroups.batch_validation! },
    });
    const review = single('destroy');
    expect(review.totals).toMatchObject({ destroy: 2, replace: 0, create: 0 });
    expect(review.stacks[0]!.changes.filter((c) => c.kind === 'destroy').map((c) => c.reason)).toEqual([
      'it is no longer in the configuration',
      'it is no longer in the configuration',
    ]);
    expectGolden('destroy', comment(review));
  });

  test('move: a moved block renames an address without touching AWS', async () => {
    const { job_role: jobRole, ...otherRoles } = BASE.roles;
    await plan('move', {
      ...BASE,
      roles: { ...otherRoles, processing_job_role: jobRole! },
      moved: [{ from: 'aws_iam_role.job_role', to: 'aws_iam_role.processing_job_role' }],
    });
    const review = single('move');
    expect(review.totals).toMatchObject({ move: 1, create: 0, destroy: 0, update: 0, noop: 3 });
    expect(review.stacks[0]!.changes.find((c) => c.movedFrom)?.address).toBe('aws_iam_role.processing_job_role');
    expectGolden('move', comment(review));
  });

  test('import: an import block adopts a log group made outside Terraform', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/batch/gss-golden-adopted' }));
    await plan('import', {
      ...BASE,
      logGroups: { ...BASE.logGroups, adopted: { name: '/aws/batch/gss-golden-adopted', retention: 30 } },
      imports: [{ to: 'aws_cloudwatch_log_group.adopted', id: '/aws/batch/gss-golden-adopted' }],
    });
    const review = single('import');
    expect(review.totals).toMatchObject({ import: 1, update: 1, create: 0, destroy: 0 });
    expect(review.stacks[0]!.changes.find((c) => c.importId !== undefined)?.importId).toBe(
      '/aws/batch/gss-golden-adopted',
    );
    expectGolden('import', comment(review));
  });

  test("drift: a retention changed behind Terraform's back is shown apart, and the plan puts it back", async () => {
    await logs.send(
      new PutRetentionPolicyCommand({ logGroupName: BASE.logGroups.batch_processing!.name, retentionInDays: 7 }),
    );
    await plan('drift', BASE);
    const review = single('drift');
    expect(review.stacks[0]!.drift).toEqual([
      {
        address: 'aws_cloudwatch_log_group.batch_processing',
        type: 'aws_cloudwatch_log_group',
        kind: 'changed',
        attributes: [{ path: 'retention_in_days', before: '30', after: '7' }],
        reverted: true,
      },
    ]);
    expect(review.totals).toMatchObject({ update: 1, destroy: 0, replace: 0 });
    expectGolden('drift', comment(review));
  });

  test("a pull request touching several stacks: the README's example comment", () => {
    const review = reviewPlans(
      [
        stackPlan('update'),
        stackPlan('replace'),
        stackPlan('drift', { provisional: 'planned with mock outputs of an upstream stack that has no state yet' }),
        stackPlan('noop'),
        { name: 'dev-unchanged', environment: 'dev', module: 'unchanged', dependencies: [] },
        {
          ...stackPlan('destroy'),
          name: 'staging-destroy',
          environment: 'staging',
          planFile: 'plans/staging-destroy.json',
          dependencies: [],
        },
      ].map((s) => (s.name === 'dev-drift' ? { ...s, dependencies: ['dev-update'] } : s)),
      {
        affected: ['dev-update', 'dev-replace', 'dev-drift', 'dev-noop', 'staging-destroy'].map((stack) => ({
          stack,
          reason: stack === 'dev-drift' ? 'upstream dev-update is affected' : 'its Terraform JSON changed',
        })),
        removed: [],
      },
    );
    expectGolden('pull-request', comment(review));
  });
});
