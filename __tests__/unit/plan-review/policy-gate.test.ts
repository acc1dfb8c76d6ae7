import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../../lib/configuration/config-error';
import {
  DEFAULT_POLICY,
  type PlanPolicy,
  readPlanPolicy,
  readPlanPolicyIfPresent,
} from '../../../lib/plan-review/plan-policy';
import { reviewPlans } from '../../../lib/plan-review/plan-review';
import { describeGate, evaluatePolicy } from '../../../lib/plan-review/policy-gate';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { planOf, resourceChange } from '../../support/plan-fixtures';

const review = reviewPlans([
  {
    name: 'dev-sqs',
    environment: 'dev',
    module: 'sqs',
    dependencies: [],
    plan: planOf([
      resourceChange('aws_sqs_queue.core_queue', ['delete']),
      resourceChange('aws_sqs_queue_policy.core_queue', ['delete']),
      resourceChange('aws_cloudwatch_log_group.jobs', ['create', 'delete'], { replace_paths: [['name']] }),
      resourceChange('aws_sfn_state_machine.router', ['update']),
    ]),
  },
  {
    name: 'dev-batch',
    environment: 'dev',
    module: 'batch',
    dependencies: [],
    plan: planOf([
      resourceChange('aws_batch_compute_environment.ce', ['delete', 'create'], {
        replace_paths: [['compute_resources', 0, 'instance_type']],
      }),
    ]),
  },
  { name: 'prod-sqs', environment: 'prod', module: 'sqs', dependencies: [] },
]);

describe('the policy gate on the plan JSON', () => {
  test('destroying or replacing a protected type fails; other types and in-place updates pass', () => {
    const result = evaluatePolicy(review, DEFAULT_POLICY);
    expect(result.passed).toBe(false);
    expect(result.violations.map((v) => `${v.stack} ${v.change.address} ${v.change.kind}`)).toEqual([
      'dev-sqs aws_sqs_queue.core_queue destroy',
      'dev-sqs aws_cloudwatch_log_group.jobs replace',
      'dev-batch aws_batch_compute_environment.ce replace',
    ]);
  });

  test(
    'a replacement no attribute forces says why Terraform plans it (replace_triggered_by: a new launch template ' +
      'version)',
    () => {
      const triggered = reviewPlans([
        {
          name: 'dev-batch',
          environment: 'dev',
          module: 'batch',
          dependencies: [],
          plan: planOf([
            resourceChange(
              'aws_batch_compute_environment.compute_environment',
              ['create', 'delete'],
              {},
              { action_reason: 'replace_by_triggers' },
            ),
          ]),
        },
      ]);
      const text = describeGate(evaluatePolicy(triggered, DEFAULT_POLICY), 'plan-policy.json');
      expect(text).toContain(
        '  dev-batch: aws_batch_compute_environment.compute_environment (aws_batch_compute_environment) would be ' +
          'replaced; because replace_triggered_by fired\n',
      );
      expect(describeGate(evaluatePolicy(review, DEFAULT_POLICY), 'plan-policy.json')).toContain(
        '  dev-sqs: aws_sqs_queue.core_queue (aws_sqs_queue) would be destroyed\n',
      );
    },
  );

  test('an allowance lets its stack and address through; one for an unplanned stack is not "unused"', () => {
    const policy: PlanPolicy = {
      ...DEFAULT_POLICY,
      allowedDestroys: [
        { stack: 'dev-sqs', address: 'aws_sqs_queue.core_queue', reason: 'queue renamed; drained first (#42)' },
        {
          stack: 'dev-batch',
          address: 'aws_batch_compute_environment.ce',
          reason: 'c5 to c6i, no jobs running (#43)',
        },
        { stack: 'dev-sqs', address: 'aws_sqs_queue.typo_queue', reason: 'a misspelt address' },
        { stack: 'prod-sqs', address: 'aws_sqs_queue.core_queue', reason: 'planned in another pull request' },
      ],
    };
    const result = evaluatePolicy(review, policy);
    expect(result.violations.map((v) => v.change.address)).toEqual(['aws_cloudwatch_log_group.jobs']);
    expect(result.allowed.map((a) => a.change.address)).toEqual([
      'aws_sqs_queue.core_queue',
      'aws_batch_compute_environment.ce',
    ]);
    expect(result.unusedAllowances.map((u) => u.address)).toEqual(['aws_sqs_queue.typo_queue']);
    const text = describeGate(result, 'plan-policy.json');
    expect(text).toContain('policy gate FAILED: 1 protected resource is destroyed or replaced without an allowance:');
    expect(text).toContain(
      '  dev-sqs: aws_cloudwatch_log_group.jobs (aws_cloudwatch_log_group) would be replaced; forced by name',
    );
    expect(text).toContain(
      '{"stack": "dev-sqs", "address": "aws_cloudwatch_log_group.jobs", "reason": "why it is safe"}',
    );
    expect(text).toContain('unused allowance: dev-sqs: aws_sqs_queue.typo_queue');
  });

  test("the project's policy file protects queues, log groups, compute environments and state machines", () => {
    const policy = readPlanPolicy(path.join(PROJECT_ROOT, 'plan-policy.json'));
    expect([...policy.protectedTypes].sort()).toEqual([
      'aws_batch_compute_environment',
      'aws_batch_job_queue',
      'aws_cloudwatch_log_group',
      'aws_sfn_state_machine',
      'aws_sqs_queue',
    ]);
  });
});

describe('the policy file: bad input names the file, line, JSON path, what was found and what is allowed', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-policy-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const problems = (text: string): string => {
    const file = path.join(work, 'plan-policy.json');
    fs.writeFileSync(file, text);
    try {
      readPlanPolicy(file, work);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('accepted');
  };

  test('a misspelt key, a missing reason, an address that is not one', () => {
    expect(problems('{\n  "allowed_destroy": []\n}\n')).toBe(
      'plan-policy.json:2:3 $.allowed_destroy: found unknown key "allowed_destroy"; allowed: "allowed_destroys" ' +
        '(closest match), or one of: allowed_destroys, protected_resource_types',
    );
    expect(problems('{"allowed_destroys": [{"stack": "dev-sqs", "address": "aws_sqs_queue.q"}]}')).toBe(
      'plan-policy.json:1:23 $.allowed_destroys[0].reason: found nothing (the key is missing); allowed: a string',
    );
    expect(
      problems('{"allowed_destroys": [{"stack": "dev-sqs", "address": "core_queue", "reason": "renamed in #42"}]}'),
    ).toMatch(
      new RegExp(
        String.raw`^plan-policy\.json:1:\d+ \$\.allowed_destroys\[0\]\.address: found "core_queue"; ` +
          String.raw`allowed: a resource address such as aws_sqs_queue\.core_queue$`,
      ),
    );
  });

  test('the same allowance twice', () => {
    const entry = '{"stack": "dev-sqs", "address": "aws_sqs_queue.q", "reason": "renamed in #42"}';
    expect(problems(`{"allowed_destroys": [${entry},\n ${entry}]}`)).toBe(
      'plan-policy.json:2:2 $.allowed_destroys[1]: found dev-sqs aws_sqs_queue.q a second time; ' +
        'allowed: each stack and address once (first at $.allowed_destroys[0])',
    );
  });

  test('no policy file: the default protected types, no allowances', () => {
    expect(readPlanPolicyIfPresent(path.join(work, 'missing.json'))).toBe(DEFAULT_POLICY);
  });
});
