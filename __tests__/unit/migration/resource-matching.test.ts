import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { attributeChanges } from '../../../lib/migration/attribute-changes';
import { type ExistingState, readStateFile, StateFileError } from '../../../lib/migration/existing-state';
import { renderReport, type MigrationReport } from '../../../lib/migration/migration-report';
import { adoptionSettings, planAdoption, type UnitState } from '../../../lib/migration/resource-matching';
import type { SynthesizedStackJson } from '../../../lib/migration/stack-evaluation';

const BUCKET = 'gss-terraform-state-123456789012';

/** Two new stacks: iam (a role and its policy attachment) and sqs (a queue whose policy reads the queue's URL). */
const STACKS: SynthesizedStackJson[] = [
  {
    name: 'dev-iam',
    module: 'iam',
    state: { bucket: BUCKET, key: 'dev/iam-roles/terraform.tfstate' },
    json: {
      resource: {
        aws_iam_role: { batch_service_role: { name: 'gss-dev-batch-role', assume_role_policy: '{}' } },
        aws_iam_role_policy_attachment: {
          batch_service_role_managed: {
            role: '${aws_iam_role.batch_service_role.name}',
            policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole',
          },
        },
      },
    },
  },
  {
    name: 'dev-sqs',
    module: 'sqs',
    state: { bucket: BUCKET, key: 'dev/sqs/terraform.tfstate' },
    json: {
      resource: {
        aws_sqs_queue: { core_queue: { name: 'gss-dev-core-queue', visibility_timeout_seconds: 300 } },
        aws_sqs_queue_policy: { core_queue_policy: { queue_url: '${aws_sqs_queue.core_queue.url}', policy: '{}' } },
        aws_iam_role: { pipe_role: { name: 'gss-dev-pipe-role', assume_role_policy: '{}' } },
      },
    },
  },
];

function state(
  file: string,
  instances: { address: string; type: string; name: string; attributes: Record<string, unknown>; indexKey?: string }[],
): ExistingState {
  return {
    file,
    outputs: {},
    instances: instances.map((i) => ({ ...i, resourceAddress: i.address.replace(/\[[^\]]*\]$/, '') })),
  };
}

/** The old units: iam-roles holds the roles under for_each keys (and the sqs module's old role), sqs its queue. */
const UNITS: UnitState[] = [
  {
    unit: 'dev/iam-roles',
    location: { bucket: BUCKET, key: 'dev/iam-roles/terraform.tfstate' },
    state: state('iam.tfstate', [
      {
        address: 'aws_iam_role.this["batch"]',
        type: 'aws_iam_role',
        name: 'this',
        indexKey: 'batch',
        attributes: {
          id: 'gss-dev-batch-role',
          name: 'gss-dev-batch-role',
          arn: 'arn:aws:iam::123456789012:role/gss-dev-batch-role',
        },
      },
      {
        address: 'aws_iam_role.this["pipe"]',
        type: 'aws_iam_role',
        name: 'this',
        indexKey: 'pipe',
        attributes: { id: 'gss-dev-pipe-role', name: 'gss-dev-pipe-role' },
      },
      {
        address: 'aws_iam_role_policy_attachment.batch',
        type: 'aws_iam_role_policy_attachment',
        name: 'batch',
        attributes: {
          id: 'x',
          role: 'gss-dev-batch-role',
          policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSBatchServiceRole',
        },
      },
      {
        address: 'aws_iam_role.legacy',
        type: 'aws_iam_role',
        name: 'legacy',
        attributes: { id: 'gss-dev-legacy', name: 'gss-dev-legacy' },
      },
    ]),
  },
  {
    unit: 'dev/sqs',
    location: { bucket: BUCKET, key: 'dev/sqs/terraform.tfstate' },
    state: state('sqs.tfstate', [
      {
        address: 'aws_sqs_queue.core_queue',
        type: 'aws_sqs_queue',
        name: 'core_queue',
        attributes: {
          id: 'https://sqs/123456789012/gss-dev-core-queue',
          url: 'https://sqs/123456789012/gss-dev-core-queue',
          name: 'gss-dev-core-queue',
          visibility_timeout_seconds: 30,
        },
      },
      {
        address: 'aws_sqs_queue_policy.this',
        type: 'aws_sqs_queue_policy',
        name: 'this',
        attributes: {
          id: 'https://sqs/123456789012/gss-dev-core-queue',
          queue_url: 'https://sqs/123456789012/gss-dev-core-queue',
          policy: '{}',
        },
      },
    ]),
  },
];

describe('matching existing resources to the new stacks by identity', () => {
  test('same state: a moved block, or nothing when the address is the same; another state: an import block and a removed block in the old one', async () => {
    const plan = await planAdoption(STACKS, UNITS);
    const how = Object.fromEntries(
      plan.matches.map((m) => [`${m.resource.stack} ${m.resource.address}`, `${m.how} ${m.instance.address}`]),
    );
    expect(how).toEqual({
      'dev-iam aws_iam_role.batch_service_role': 'moved aws_iam_role.this["batch"]',
      'dev-iam aws_iam_role_policy_attachment.batch_service_role_managed': 'moved aws_iam_role_policy_attachment.batch',
      'dev-sqs aws_sqs_queue.core_queue': 'same-address aws_sqs_queue.core_queue',
      // Its identity is the queue's URL, known once the queue is matched.
      'dev-sqs aws_sqs_queue_policy.core_queue_policy': 'moved aws_sqs_queue_policy.this',
      'dev-sqs aws_iam_role.pipe_role': 'imported aws_iam_role.this["pipe"]',
    });
    expect(plan.created).toEqual([]);
    expect(plan.unmatched.map((u) => [u.instance.address, u.forgottenBy])).toEqual([
      ['aws_iam_role.legacy', 'dev-iam'],
    ]);
    expect([...plan.takesOver].map(([stack, u]) => [stack, u.unit])).toEqual([
      ['dev-iam', 'dev/iam-roles'],
      ['dev-sqs', 'dev/sqs'],
    ]);

    expect(adoptionSettings(plan, (stack) => stack.slice('dev-'.length))).toEqual({
      iam: {
        moved: [
          { from: 'aws_iam_role.this["batch"]', to: 'aws_iam_role.batch_service_role' },
          {
            from: 'aws_iam_role_policy_attachment.batch',
            to: 'aws_iam_role_policy_attachment.batch_service_role_managed',
          },
        ],
        import: [],
        // removed blocks name resources, not instances: the pipe role's for_each resource is aws_iam_role.this.
        removed: [
          { from: 'aws_iam_role.legacy', reason: 'no counterpart in the new stacks: kept in AWS, no longer managed' },
          { from: 'aws_iam_role.this', reason: 'adopted by dev-sqs' },
        ],
      },
      sqs: {
        moved: [{ from: 'aws_sqs_queue_policy.this', to: 'aws_sqs_queue_policy.core_queue_policy' }],
        import: [{ to: 'aws_iam_role.pipe_role', id: 'gss-dev-pipe-role' }],
        removed: [],
      },
    });
  });

  test('a new resource with no existing counterpart is created; without a state of its unit, nothing is forgotten', async () => {
    const plan = await planAdoption(STACKS, [UNITS[1]!]);
    expect(plan.created.map((r) => r.address).sort()).toEqual([
      'aws_iam_role.batch_service_role',
      'aws_iam_role.pipe_role',
      'aws_iam_role_policy_attachment.batch_service_role_managed',
    ]);
    expect(plan.unmatched).toEqual([]);
  });
});

describe('attribute changes of an adopted resource', () => {
  test('a configured value that differs, a value the stack leaves to the provider default, and default tags', () => {
    const changes = attributeChanges(
      'aws_sqs_queue',
      {
        attributes: {
          name: { optional: true },
          visibility_timeout_seconds: { optional: true },
          delay_seconds: { optional: true },
          kms_master_key_id: { optional: true },
          tags: { optional: true },
          tags_all: { optional: true, computed: true },
        },
      },
      { name: 'q', visibility_timeout_seconds: 300 },
      {
        name: 'q',
        visibility_timeout_seconds: 30,
        delay_seconds: 0,
        kms_master_key_id: 'alias/q',
        tags_all: { ManagedBy: 'terragrunt' },
      },
      { ManagedBy: 'cdktf' },
    );
    expect(changes.map((c) => [c.attribute, c.before, c.after, c.replaces])).toEqual([
      ['visibility_timeout_seconds', 30, 300, false],
      ['kms_master_key_id', 'alias/q', undefined, false],
      ['tags_all', { ManagedBy: 'terragrunt' }, { ManagedBy: 'cdktf' }, false],
    ]);
    expect(changes[2]!.why).toMatch(/default tags/);
  });

  test('a name change replaces; JSON documents compare as documents', () => {
    const changes = attributeChanges(
      'aws_iam_role',
      undefined,
      { name: 'b', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' },
      { name: 'a', assume_role_policy: '{ "Statement": [], "Version": "2012-10-17" }' },
      {},
    );
    expect(changes.map((c) => [c.attribute, c.replaces])).toEqual([['name', true]]);
  });
});

describe('reading existing states', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-states-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const write = (name: string, content: unknown): string => {
    const file = path.join(work, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  test('terraform state pull and terraform show -json give the same instances', () => {
    const pulled = readStateFile(
      write('pulled.tfstate', {
        version: 4,
        outputs: { queue_url: { value: 'u' } },
        resources: [
          {
            module: 'module.q',
            mode: 'managed',
            type: 'aws_sqs_queue',
            name: 'this',
            instances: [{ index_key: 0, attributes: { name: 'a' } }],
          },
          { mode: 'data', type: 'aws_caller_identity', name: 'current', instances: [{ attributes: {} }] },
        ],
      }),
    );
    const shown = readStateFile(
      write('shown.json', {
        format_version: '1.0',
        values: {
          outputs: { queue_url: { value: 'u' } },
          root_module: {
            child_modules: [
              {
                resources: [
                  {
                    address: 'module.q.aws_sqs_queue.this[0]',
                    mode: 'managed',
                    type: 'aws_sqs_queue',
                    name: 'this',
                    index: 0,
                    values: { name: 'a' },
                  },
                ],
              },
            ],
          },
        },
      }),
    );
    for (const read of [pulled, shown]) {
      expect(read.instances).toEqual([
        {
          address: 'module.q.aws_sqs_queue.this[0]',
          resourceAddress: 'module.q.aws_sqs_queue.this',
          type: 'aws_sqs_queue',
          name: 'this',
          indexKey: 0,
          attributes: { name: 'a' },
        },
      ]);
      expect(read.outputs).toEqual({ queue_url: 'u' });
    }
  });

  test('anything else is an error naming the file', () => {
    const file = write('plan.json', { resource_changes: [] });
    expect(() => readStateFile(file)).toThrow(StateFileError);
    expect(() => readStateFile(file)).toThrow(`${file}: neither a state`);
    const broken = write('broken.tfstate', '{');
    expect(() => readStateFile(broken)).toThrow(`${broken}: not JSON`);
  });
});

describe('the Markdown report', () => {
  test('a summary table per environment, every adopted resource, change, creation and warning', () => {
    const report: MigrationReport = {
      terragrunt: '/live',
      stateDir: '/states',
      environments: [
        {
          name: 'dev',
          stacks: [
            {
              stack: 'dev-sqs',
              module: 'sqs',
              state: { bucket: BUCKET, key: 'dev/sqs/terraform.tfstate', takesOver: 'dev/sqs' },
              adopted: [
                {
                  address: 'aws_sqs_queue.core_queue',
                  from: 'aws_sqs_queue.core_queue',
                  unit: 'dev/sqs',
                  how: 'same-address',
                  identity: 'aws_sqs_queue gss-dev-core-queue',
                },
                {
                  address: 'aws_iam_role.pipe_role',
                  from: 'aws_iam_role.this["pipe"]',
                  unit: 'dev/iam-roles',
                  how: 'imported',
                  identity: 'aws_iam_role gss-dev-pipe-role',
                  importId: 'gss-dev-pipe-role',
                },
              ],
              changes: [
                {
                  address: 'aws_sqs_queue.core_queue',
                  attribute: 'visibility_timeout_seconds',
                  before: 30,
                  after: 300,
                  why: 'the new stack sets it from configuration',
                  replaces: false,
                },
              ],
              created: [
                {
                  address: 'aws_sqs_queue_policy.core_queue_policy',
                  why: 'queue policy that refuses every request not made over TLS',
                },
              ],
              forgotten: [],
            },
          ],
        },
      ],
      leftInOldStates: [{ unit: 'dev/lambda', address: 'aws_lambda_function.this' }],
      notes: [{ level: 'warning', where: 'dev/sqs/terragrunt.hcl', message: 'the input fifo_queue has no equivalent' }],
    };
    const markdown = renderReport(report);
    expect(markdown).toContain(
      '| dev-sqs | takes over dev/sqs (`dev/sqs/terraform.tfstate`) | 1 / 0 / 1 | 1 | 0 | 1 | 0 |',
    );
    expect(markdown).toContain(
      '- `aws_iam_role.pipe_role` ← `aws_iam_role.this["pipe"]` (dev/iam-roles; import block, id `gss-dev-pipe-role`; aws_iam_role gss-dev-pipe-role)',
    );
    expect(markdown).toContain(
      '- `aws_sqs_queue.core_queue` visibility_timeout_seconds: `30` → `300`. the new stack sets it from configuration.',
    );
    expect(markdown).toContain(
      '- `aws_sqs_queue_policy.core_queue_policy`: queue policy that refuses every request not made over TLS',
    );
    expect(markdown).toContain('- dev/lambda: `aws_lambda_function.this`');
    expect(markdown).toContain('**1 warning(s)**');
    expect(markdown).toContain('- dev/sqs/terragrunt.hcl: the input fifo_queue has no equivalent');
  });
});
