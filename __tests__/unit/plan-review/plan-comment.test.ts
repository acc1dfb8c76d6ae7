import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanComment } from '../../../lib/plan-review/plan-comment';
import { DEFAULT_POLICY } from '../../../lib/plan-review/plan-policy';
import { reviewPlans } from '../../../lib/plan-review/plan-review';
import { evaluatePolicy } from '../../../lib/plan-review/policy-gate';
import type { StackPlan } from '../../../lib/plan-review/saved-plans';
import type { TerraformPlan } from '../../../lib/plan-review/terraform-plan';
import { planOf, resourceChange } from '../../support/plan-fixtures';

const stack = (name: string, plan?: TerraformPlan, extra: Partial<StackPlan> = {}): StackPlan => {
  const [environment, ...module] = name.split('-');
  return {
    name,
    environment: environment!,
    module: module.join('-'),
    dependencies: [],
    ...(plan ? { plan, planFile: `plans/${name}.json` } : {}),
    ...extra,
  };
};

const role = (
  name: string,
  actions: TerraformPlan['resource_changes'] extends readonly (infer R)[] | undefined
    ? R extends { change: { actions: infer A } }
      ? A
      : never
    : never,
  policyStatements = 1,
) => {
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: policyStatements }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: `arn:aws:sqs:eu-west-1:111111111111:queue-${i}`,
    })),
  });
  const values = {
    name,
    path: '/',
    description: `role ${name}`,
    assume_role_policy: document,
    max_session_duration: 3600,
  };
  return resourceChange(
    `aws_iam_role.${name}`,
    actions,
    {
      before: actions.includes('create') && !actions.includes('delete') ? null : values,
      after:
        actions.includes('delete') && !actions.includes('create')
          ? null
          : { ...values, description: `role ${name} v2` },
      after_unknown: actions.includes('create') ? { arn: true, id: true, unique_id: true } : {},
    },
    actions.includes('delete') ? { action_reason: 'delete_because_no_resource_config' } : {},
  );
};

/** Every fenced block and every details element is closed, so nothing after a cut is swallowed. */
function expectWellFormed(markdown: string): void {
  const fences = markdown.split('\n').filter((line) => /^`{3,}/.test(line));
  expect(fences.length % 2).toBe(0);
  expect((markdown.match(/<details>/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
}

describe('the plan comment', () => {
  const plans = {
    'dev-iam': planOf([role('batch', ['update']), role('reader', ['create'])]),
    'dev-sqs': planOf([
      resourceChange(
        'aws_sqs_queue.core_queue',
        ['delete'],
        { before: { name: 'gss-dev-core-queue' } },
        { action_reason: 'delete_because_no_resource_config' },
      ),
      resourceChange('aws_sqs_queue.dead_letter', ['delete', 'create'], {
        before: { name: 'a', fifo_queue: false },
        after: { name: 'a', fifo_queue: true },
        replace_paths: [['fifo_queue']],
      }),
    ]),
    'dev-batch': planOf(
      [resourceChange('aws_batch_job_queue.q', ['no-op'], { before: { name: 'q' }, after: { name: 'q' } })],
      {
        resource_drift: [
          resourceChange('aws_batch_job_queue.q', ['update'], {
            before: { name: 'q', priority: 1, tags: null },
            after: { name: 'q', priority: 5, tags: {} },
          }),
        ],
      },
    ),
  };
  const review = reviewPlans(
    [
      stack('dev-iam', plans['dev-iam']),
      stack('dev-security-group'),
      stack('dev-sqs', plans['dev-sqs'], { provisional: 'synthesized offline' }),
      stack('dev-batch', plans['dev-batch'], { dependencies: ['dev-iam', 'dev-security-group', 'dev-sqs'] }),
      stack('prod-iam'),
    ],
    {
      affected: [
        { stack: 'dev-iam', reason: 'its Terraform JSON changed' },
        { stack: 'dev-sqs', reason: 'its Terraform JSON changed' },
        { stack: 'dev-batch', reason: 'upstream dev-iam, dev-sqs are affected' },
      ],
      removed: ['staging-sqs'],
    },
  );
  const comment = renderPlanComment(review, { gate: evaluatePolicy(review, DEFAULT_POLICY) });

  test('starts with the hidden marker, then the totals', () => {
    expect(
      comment.startsWith(
        `${PLAN_COMMENT_MARKER}\n## Terraform plan\n\n**3 of 5 stacks planned** · 1 to create · 1 to update · **1 ` +
          `to replace** · **1 to destroy** · changed outside Terraform in 1 stack\n`,
      ),
    ).toBe(true);
  });

  test('warns loudly about destroys and lists each destroy and replacement with what forces it', () => {
    expect(comment).toContain(
      '> [!CAUTION]\n> **This change destroys 1 resource and replaces 1 resource (destroyed, then created again).**',
    );
    expect(comment).toContain(
      '| `dev-sqs` | `aws_sqs_queue.core_queue` | **destroy** | it is no longer in the configuration |',
    );
    expect(comment).toContain(
      '| `dev-sqs` | `aws_sqs_queue.dead_letter` | **replace** | `fifo_queue` forces replacement |',
    );
  });

  test('the policy gate fails on the protected queue types and says how to allow one', () => {
    expect(comment).toContain(
      '⛔ **Failed**: 2 protected resources would be destroyed or replaced without an allowance:',
    );
    expect(comment).toContain('- `dev-sqs`: `aws_sqs_queue.core_queue` (destroy)');
  });

  test('one table per environment with a row per stack, the provisional mark, and why a stack was not planned', () => {
    expect(comment).toContain('### dev\n\n| stack | create | update | replace | destroy | move | import | no-op | |');
    expect(comment).toContain('| `dev-iam` | 1 | 1 | · | · | · | · | · | 🟡 changes |');
    expect(comment).toContain('| ⚠️ `dev-sqs` | · | · | **1** | **1** | · | · | · | 🔴 destroys, provisional |');
    expect(comment).toContain('| `dev-security-group` |  |  |  |  |  |  |  | not planned: unchanged |');
    expect(comment).toContain(
      '| `dev-batch` | · | · | · | · | · | · | 1 | 🟢 no changes, drift, upstream dev-iam, dev-sqs are affected |',
    );
    expect(comment).toContain(
      '> **1 plan is provisional** (marked ⚠️): synthesized offline. The real plan may differ.',
    );
    expect(comment).not.toContain('### prod');
  });

  test("drift is shown apart, without the provider's null-for-{} noise", () => {
    expect(comment).toContain('### Changed outside Terraform');
    expect(comment).toContain('| `dev-batch` | `aws_batch_job_queue.q` | `priority` | `1` | `5` | keeps it |');
    expect(comment).not.toMatch(/\| `tags` \|/);
  });

  test('a stack removed by the change is called out: its resources stay in AWS', () => {
    expect(comment).toContain('**Stacks removed by this change: `staging-sqs`.**');
  });

  test('a Mermaid picture of the affected environment, its stacks coloured by what their plans do', () => {
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(comment)![1]!;
    expect(diagram).toContain('dev_sqs["dev-sqs (provisional)<br/>±1 -1"]:::destroys');
    expect(diagram).toContain('dev_security_group["dev-security-group<br/>not planned"]:::skipped');
    expect(diagram).toContain('dev_iam --> dev_batch');
    expect(diagram).not.toContain('prod');
  });

  test(
    "each changed stack's plan is collapsed in a details block; the stack with no changes but drift gets one " + 'too',
    () => {
      expect(comment).toContain(
        '<details><summary><code>dev-sqs</code> ⚠️ provisional: <b>1 to replace</b>, <b>1 to destroy</b></summary>',
      );
      expect(comment).toContain('<details><summary><code>dev-batch</code>: drift</summary>');
      expect(comment).toContain('-   resource "aws_sqs_queue" "core_queue" {');
      expectWellFormed(comment);
    },
  );

  test('the same plans give the same comment, byte for byte', () => {
    expect(renderPlanComment(review, { gate: evaluatePolicy(review, DEFAULT_POLICY) })).toBe(comment);
  });

  test('a plan without destroys says so; table cells and code survive pipes and backticks', () => {
    const calm = reviewPlans([
      stack(
        'dev-odd',
        planOf([
          resourceChange('aws_ssm_parameter.a|b', ['update'], {
            before: { value: 'x' },
            after: { value: 'has ``` inside' },
          }),
        ]),
      ),
    ]);
    const text = renderPlanComment(calm);
    expect(text).toContain('> [!NOTE]\n> Nothing is destroyed or replaced.');
    expect(text).toContain('````diff');
    expectWellFormed(text);
  });
});

describe("trimming huge plans under GitHub's limit", () => {
  const environments = ['dev', 'staging', 'prod'];
  const modules = ['iam', 'security-group', 'sqs', 'batch', 'step-function'];
  const huge = reviewPlans(
    environments.flatMap((env) =>
      modules.map((module, m) =>
        stack(
          `${env}-${module}`,
          planOf([
            ...Array.from({ length: 100 }, (_, i) => role(`r${m}_${i}`, ['create'], 4)),
            ...Array.from({ length: 10 }, (_, i) => role(`u${m}_${i}`, ['update'], 2)),
            role(`gone${m}`, ['delete']),
          ]),
        ),
      ),
    ),
  );

  test('the comment stays under 65,536 characters, uses most of them, every stack keeps its destroy in view', () => {
    const comment = renderPlanComment(huge, { gate: evaluatePolicy(huge, DEFAULT_POLICY) });
    expect(comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(comment.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    expectWellFormed(comment);
    expect(comment).toContain(
      '**15 of 15 stacks planned** · 1500 to create · 150 to update · 0 to replace · **15 to destroy**',
    );
    for (const env of environments)
      for (const module of modules) expect(comment).toContain(`<details><summary><code>${env}-${module}</code>`);
    const details = comment.split('<details>').slice(1);
    for (const block of details) {
      // Destroys are kept first, then updates: what is left out is counted and pointed to.
      expect(block).toMatch(/# aws_iam_role\.gone\d will be destroyed/);
      expect(block).toMatch(/_\d+ of 111 resource changes left out here \(\d+ to create(, \d+ to update)?\)\. /);
      expect(block).toMatch(/\. The whole plan: `plans\/[a-z-]+\.json` in the plans artifact of this run\._/);
    }
    expect((comment.match(/\*\*destroy\*\*/g) ?? []).length).toBe(15);
  });

  test('a smaller limit still gives a well-formed comment under it, with the totals', () => {
    for (const maxLength of [40_000, 12_000, 6_000]) {
      const comment = renderPlanComment(huge, { maxLength });
      expect(comment.length).toBeLessThan(maxLength);
      expectWellFormed(comment);
      expect(comment).toContain('**15 to destroy**');
    }
  });
});
