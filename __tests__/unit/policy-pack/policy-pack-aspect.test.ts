import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, S3Backend, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { buildApp, loadConfiguration, synthesize } from '../../../main';
import type { SynthTarget } from '../../../lib/deployment/synth-target';
import { PolicyPackAspect } from '../../../lib/policy-pack/policy-pack-aspect';
import { PolicyReport, PolicyViolationError } from '../../../lib/policy-pack/policy-report';
import { suppressPolicyRule } from '../../../lib/policy-pack/suppressions';
import type { StackPolicySettings } from '../../../lib/policy-pack/synthesized-stack';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-pack-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Synthesizes an app into a fresh folder and checks it as the app does. */
function synthAndCheck(app: App): PolicyReport {
  app.synth();
  const report = PolicyReport.of(app);
  report.checkOutput(app.outdir);
  return report;
}

/** Synthesizes a configuration root the way `npm run synth:offline` does, into `outdir`. */
function synthesizeRoot(root: string, outdir: string, environments = 'dev'): PolicyReport {
  return synthesize({
    SYNTH_MODE: 'offline',
    PLATFORM_CONFIG_ROOT: root,
    PLATFORM_ENVIRONMENTS: environments,
    CDKTF_OUTDIR: outdir,
  });
}

/** What the pack recorded in a written stack (`//.policy`). */
function stackPolicy(outdir: string, stack: string): StackPolicySettings {
  const json = fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
  return (JSON.parse(json) as { '//': { policy: StackPolicySettings } })['//'].policy;
}

describe('the shipped configuration', () => {
  const config = loadConfiguration({ root: PROJECT_ROOT });
  const targets: SynthTarget[] = [
    { mode: 'real' },
    { mode: 'offline' },
    { mode: 'local', localEndpoint: 'http://127.0.0.1:5000', localAccountId: '123456789012' },
  ];

  test.each(targets.map((t) => [t.mode, t] as const))(
    'passes every rule in every environment (%s mode)',
    (_mode, target) => {
      const app = buildApp(config, target, fs.mkdtempSync(path.join(work, `${target.mode}-`)));
      const report = synthAndCheck(app);
      expect(report.problemLines()).toEqual([]);
      expect(report.verdicts.map((v) => v.stack)).toHaveLength(15);
      expect(report.verdicts.every((v) => v.resourceCount > 0 && v.rulesRun.length === 22)).toBe(true);
      expect(report.summary()).toMatch(/^Policy pack: 22 rules over 15 stacks \(\d+ resources\): no violations\.\n$/);
    },
  );

  test("records the pack's settings in every stack it writes", () => {
    const outdir = path.join(work, 'recorded');
    synthesizeRoot(PROJECT_ROOT, outdir, 'prod');
    expect(stackPolicy(outdir, 'prod-batch')).toEqual({
      required_tags: ['Project', 'Environment', 'CostCenter', 'ManagedBy'],
      enabled_rules: [],
      suppressions: [],
    });
  });
});

describe('a violation', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('fails the synth, naming the construct path, address, rule and attribute; nothing is written', () => {
    fixture.editJson('batch-json/launch-template.json', (d) => {
      d.metadata_options.http_put_response_hop_limit = 2;
    });
    const outdir = path.join(work, 'violation');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'previous synth');
    let error: unknown;
    try {
      synthesizeRoot(fixture.root, outdir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect((error as PolicyViolationError).problems).toEqual([
      'dev-batch/launch_template/Resource (aws_launch_template.launch_template) EC2-2 imds-hop-limit-1: ' +
        'metadata_options.http_put_response_hop_limit: found 2; allowed: 1, set explicitly (AMIs may default to 2)',
    ]);
    expect((error as Error).message).toContain('Why these rules:\n  EC2-2 imds-hop-limit-1: a hop limit above 1');
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
    expect(fs.readdirSync(work).filter((f) => f.includes('.staging-'))).toEqual([]);
  });

  test('is accepted by a suppression in config with a reason, which each synth lists and writes into the stack', () => {
    fixture.editJson('batch-json/launch-template.json', (d) => {
      d.metadata_options.http_put_response_hop_limit = 2;
    });
    fixture.editJson('config/defaults.json', (d) => {
      d.policy.suppressions = [
        {
          module: 'batch',
          resource: 'aws_launch_template.launch_template',
          rule: 'EC2-2',
          reason: 'the jobs run in awsvpc mode and reach IMDS through the ECS agent only',
        },
      ];
    });
    const outdir = path.join(work, 'suppressed');
    const report = synthesizeRoot(fixture.root, outdir);
    expect(report.violations).toEqual([]);
    expect(report.summary()).toContain(
      [
        'no violations, 1 suppressed.',
        'Suppressed findings (1):',
        '  dev-batch aws_launch_template.launch_template EC2-2 metadata_options.http_put_response_hop_limit: ' +
          'accepted because the jobs run in awsvpc mode and reach IMDS through the ECS agent only ' +
          '(config/defaults.json $.policy.suppressions[0])',
      ].join('\n'),
    );
    expect(stackPolicy(outdir, 'dev-batch').suppressions).toEqual([
      {
        resource: 'aws_launch_template.launch_template',
        rule: 'EC2-2',
        reason: 'the jobs run in awsvpc mode and reach IMDS through the ECS agent only',
        source: 'config/defaults.json $.policy.suppressions[0]',
      },
    ]);
  });

  test('a suppression that accepts nothing is listed as no longer needed', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.policy.suppressions = [
        {
          module: 'sqs',
          resource: 'aws_sqs_queue.core_queue',
          rule: 'SQS-1',
          reason: 'kept from before the queue was encrypted',
        },
      ];
    });
    expect(synthesizeRoot(fixture.root, path.join(work, 'unused')).summary()).toContain(
      'Suppressions no longer needed (1): the resource complies; remove them:\n' +
        '  dev-sqs aws_sqs_queue.core_queue SQS-1 (config/defaults.json $.policy.suppressions[0])',
    );
  });

  test('a suppression naming a resource that does not exist fails the synth, naming the file that holds it', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.policy.suppressions = [
        { module: 'sqs', resource: 'aws_sqs_queue.core', rule: 'SQS-1', reason: 'a typo in the resource name' },
      ];
    });
    expect(() => synthesizeRoot(fixture.root, path.join(work, 'dangling'))).toThrow(
      expect.objectContaining({
        problems: [
          'dev-sqs suppression of SQS-1 on aws_sqs_queue.core (config/defaults.json $.policy.suppressions[0]): ' +
            'no resource "aws_sqs_queue.core" in dev-sqs; allowed: "aws_sqs_queue.core_queue" (closest match), ' +
            'or one of its aws_sqs_queue resources: aws_sqs_queue.core_queue, aws_sqs_queue.core_queue_dead_letter, ' +
            'aws_sqs_queue.incoming_files_queue, aws_sqs_queue.incoming_files_queue_dead_letter',
        ],
      }),
    );
  });

  test('a suppression naming a resource type the stack does not have lists every address it may name', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.policy.suppressions = [
        { module: 'sqs', resource: 'aws_kms_key.queues', rule: 'SQS-1', reason: 'the key lives in another stack' },
      ];
    });
    expect(() => synthesizeRoot(fixture.root, path.join(work, 'other-type'))).toThrow(
      /no resource "aws_kms_key\.queues" in dev-sqs; allowed: one of its resources: terraform\.backend, aws_\w+\./,
    );
  });

  test('a suppression naming a module that does not exist is a configuration error', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.policy.suppressions = [
        { module: 'sq', resource: 'aws_sqs_queue.core_queue', rule: 'SQS-1', reason: 'a typo in the module name' },
      ];
    });
    expect(() => loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root })).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({
            file: 'config/defaults.json',
            jsonPath: '$.policy.suppressions[0].module',
            found: 'the module "sq"',
            allowed: '"sqs" (closest match), or one of the modules: iam, security-group, sqs, batch, step-function',
          }),
        ],
      }),
    );
  });

  test('an opt-in rule runs only where the configuration enables it', () => {
    expect(synthesizeRoot(fixture.root, path.join(work, 'opt-in-off')).violations).toEqual([]);
    fixture.editJson('config/environments/dev.json', (d) => {
      d.policy = { enable_rules: ['LOGS-2'] };
    });
    let error: PolicyViolationError | undefined;
    try {
      synthesizeRoot(fixture.root, path.join(work, 'opt-in-on'));
    } catch (e) {
      error = e as PolicyViolationError;
    }
    expect(error?.problems.map((p) => p.split(' ').slice(0, 3).join(' '))).toEqual([
      'dev-batch/batch_processing (aws_cloudwatch_log_group.batch_processing) LOGS-2',
      'dev-batch/batch_validation (aws_cloudwatch_log_group.batch_validation) LOGS-2',
      'dev-step-function/array_fanout/logs (aws_cloudwatch_log_group.array_fanout_logs) LOGS-2',
      'dev-step-function/batch_group/logs (aws_cloudwatch_log_group.batch_group_logs) LOGS-2',
      'dev-step-function/hybrid_router/logs (aws_cloudwatch_log_group.hybrid_router_logs) LOGS-2',
      'dev-step-function/incoming_files_pipe/logs (aws_cloudwatch_log_group.incoming_files_pipe_logs) LOGS-2',
      'dev-step-function/nightly_schedule/logs (aws_cloudwatch_log_group.nightly_schedule_logs) LOGS-2',
    ]);
  });
});

describe('the aspect on any stack', () => {
  /** A stack with an S3 backend, a tagged provider, and the pack. */
  function guardedStack(app: App): TerraformStack {
    const stack = new TerraformStack(app, 'custom');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { Project: 'gss' } }] });
    new S3Backend(stack, { bucket: 'state', key: 'custom.tfstate', region: 'eu-west-1', encrypt: true }).addOverride(
      'use_lockfile',
      true,
    );
    Aspects.of(stack).add(new PolicyPackAspect({ requiredTags: ['Project'], enabledRules: [], suppressions: [] }));
    return stack;
  }

  test('resolves tokens: a queue whose redrive policy references another queue has its dead-letter queue', () => {
    const app = Testing.app({ stackTraces: false });
    const stack = guardedStack(app);
    const dlq = new SqsQueue(stack, 'dlq', { name: 'dlq', sqsManagedSseEnabled: true });
    new SqsQueue(stack, 'queue', {
      name: 'queue',
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });
    const rules = synthAndCheck(app).violations.map((v) => `${v.address} ${v.rule.id}`);
    expect(rules).not.toContain('aws_sqs_queue.queue SQS-2');
    expect(rules).not.toContain('aws_sqs_queue.dlq SQS-2');
    expect(rules).toEqual(['aws_sqs_queue.dlq SQS-3', 'aws_sqs_queue.queue SQS-3']);
  });

  test('a suppression made in code is applied, written to the stack and listed with its construct path', () => {
    const app = Testing.app({ stackTraces: false });
    const stack = guardedStack(app);
    const queue = new SqsQueue(stack, 'plain', { name: 'plain' });
    suppressPolicyRule(queue, 'SQS-1', 'a test queue that never holds data');
    const report = synthAndCheck(app);
    expect(report.verdicts[0]!.suppressed.map((s) => [s.address, s.rule.id, s.suppression.source])).toEqual([
      ['aws_sqs_queue.plain', 'SQS-1', 'code: custom/plain'],
    ]);
    expect(report.violations.map((v) => v.rule.id)).toEqual(['SQS-2', 'SQS-3']);
    expect(stackPolicy(app.outdir, 'custom').suppressions).toEqual([
      {
        resource: 'aws_sqs_queue.plain',
        rule: 'SQS-1',
        reason: 'a test queue that never holds data',
        source: 'code: custom/plain',
      },
    ]);
  });

  test('a suppression needs a reason', () => {
    const stack = guardedStack(Testing.app());
    expect(() => suppressPolicyRule(new SqsQueue(stack, 'q', { name: 'q' }), 'SQS-1', ' ')).toThrow('needs a reason');
  });
});
