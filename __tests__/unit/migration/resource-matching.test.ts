import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { attributeChanges } from '../../../lib/migration/attribute-changes';
import {
  type ExistingState,
  readStateFile,
  StateFileError,
  type StateInstance,
} from '../../../lib/migration/existing-state';
import { keepSettings } from '../../../lib/migration/kept-attributes';
import { renderReport, type MigrationReport } from '../../../lib/migration/migration-report';
import {
  adoptableObjects,
  adoptionSettings,
  importIdOf,
  planAdoption,
  type UnitState,
} from '../../../lib/migration/resource-matching';
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
  test(
    'same state: a moved block, or nothing when the address is the same; another state: an import block and a ' +
      'removed block in the old one',
    async () => {
      const plan = await planAdoption(STACKS, UNITS);
      const how = Object.fromEntries(
        plan.matches.map((m) => [`${m.resource.stack} ${m.resource.address}`, `${m.how} ${m.object.instance.address}`]),
      );
      expect(how).toEqual({
        'dev-iam aws_iam_role.batch_service_role': 'moved aws_iam_role.this["batch"]',
        'dev-iam aws_iam_role_policy_attachment.batch_service_role_managed':
          'moved aws_iam_role_policy_attachment.batch',
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
            {
              from: 'aws_iam_role.legacy',
              reason: 'no stack has such a resource: it stays in AWS as it is, no longer managed by Terraform',
            },
            { from: 'aws_iam_role.this', reason: 'adopted by dev-sqs' },
          ],
        },
        sqs: {
          moved: [{ from: 'aws_sqs_queue_policy.this', to: 'aws_sqs_queue_policy.core_queue_policy' }],
          import: [{ to: 'aws_iam_role.pipe_role', id: 'gss-dev-pipe-role' }],
          removed: [],
        },
      });
    },
  );

  test('a new resource nothing existing matches is created; with no state of its unit, none is forgotten', async () => {
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
  test('a configured value that differs, and a value the stack leaves to the provider default', () => {
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
    );
    expect(changes.map((c) => [c.attribute, c.before, c.after, c.replaces])).toEqual([
      ['visibility_timeout_seconds', 30, 300, false],
      ['kms_master_key_id', 'alias/q', undefined, false],
    ]);
  });

  test('a name change replaces; JSON documents compare as documents', () => {
    const changes = attributeChanges(
      'aws_iam_role',
      undefined,
      { name: 'b', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' },
      { name: 'a', assume_role_policy: '{ "Statement": [], "Version": "2012-10-17" }' },
    );
    expect(changes.map((c) => [c.attribute, c.replaces])).toEqual([['name', true]]);
  });

  test('inside a block both sides hold once, only the argument that differs changes; kept as the state has it', () => {
    const schema = {
      attributes: { type: { required: true } },
      block_types: {
        compute_resources: {
          nesting_mode: 'list',
          block: {
            attributes: { max_vcpus: { required: true }, allocation_strategy: { optional: true } },
            block_types: {
              launch_template: {
                nesting_mode: 'list',
                block: {
                  attributes: {
                    launch_template_id: { optional: true },
                    version: { optional: true },
                    launch_template_name: { optional: true },
                  },
                },
              },
            },
          },
        },
      },
    };
    const state = {
      type: 'MANAGED',
      compute_resources: [
        {
          max_vcpus: 64,
          allocation_strategy: 'BEST_FIT',
          launch_template: [{ launch_template_id: 'lt-1', launch_template_name: '', version: '$Latest' }],
        },
      ],
    };
    const changes = attributeChanges(
      'aws_batch_compute_environment',
      schema,
      {
        type: 'MANAGED',
        compute_resources: {
          max_vcpus: 64,
          allocation_strategy: 'BEST_FIT_PROGRESSIVE',
          launch_template: { launch_template_id: 'lt-1', version: '1' },
        },
      },
      state,
    );
    expect(changes.map((c) => c.attribute)).toEqual([
      'compute_resources.allocation_strategy',
      'compute_resources.launch_template',
    ]);
    expect(keepSettings(schema, changes)).toEqual({
      'compute_resources.allocation_strategy': 'BEST_FIT',
      // A block is kept as a list; arguments never given ("") are left unset.
      'compute_resources.launch_template': [{ launch_template_id: 'lt-1', version: '$Latest' }],
    });
  });
});

describe('parts of a resource, adopted as resources of their own', () => {
  test("an exclusive attachment's policies, a role's inline policies, a group's rule, a queue's inline policy", () => {
    const role = instance('aws_iam_role.this', 'aws_iam_role', {
      name: 'r',
      managed_policy_arns: ['arn:aws:iam::aws:policy/A'],
      inline_policy: [{ name: 'p', policy: '{}' }],
    });
    const exclusive = instance(
      'aws_iam_role_policy_attachments_exclusive.this',
      'aws_iam_role_policy_attachments_exclusive',
      {
        role_name: 'r',
        policy_arns: ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'],
      },
    );
    const rule = instance('aws_security_group_rule.out', 'aws_security_group_rule', {
      type: 'egress',
      security_group_id: 'sg-1',
      protocol: '6',
      from_port: 443,
      to_port: 443,
      cidr_blocks: ['10.0.0.0/16'],
      security_group_rule_id: 'sgr-1',
      description: '',
    });
    const queue = instance('aws_sqs_queue.q', 'aws_sqs_queue', { url: 'https://q', policy: '{"Statement":[]}' });
    const siblings = [role, exclusive, rule, queue];
    const parts = siblings.flatMap((i) => adoptableObjects(i, siblings).filter((o) => o.part));
    expect(parts.map((p) => [p.type, importIdOf(p)])).toEqual([
      // The role's own list and the exclusive attachment name A: one part each, the same import id.
      ['aws_iam_role_policy_attachment', 'r/arn:aws:iam::aws:policy/A'],
      ['aws_iam_role_policy', 'r:p'],
      ['aws_iam_role_policy_attachment', 'r/arn:aws:iam::aws:policy/A'],
      ['aws_iam_role_policy_attachment', 'r/arn:aws:iam::aws:policy/B'],
      ['aws_vpc_security_group_egress_rule', 'sgr-1'],
      ['aws_sqs_queue_policy', 'https://q'],
    ]);
    expect(parts[4]!.attributes).toEqual({
      security_group_id: 'sg-1',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.0.0.0/16',
      description: null,
    });
  });

  test(
    'a part is imported, whatever state it is in; a role with its one inline policy named otherwise is matched by ' +
      'purpose',
    async () => {
      const stacks: SynthesizedStackJson[] = [
        {
          name: 'dev-iam',
          module: 'iam',
          state: { bucket: BUCKET, key: 'dev/iam/terraform.tfstate' },
          json: {
            resource: {
              aws_iam_role: { job: { name: 'gss-dev-job-20240101' } },
              aws_iam_role_policy: {
                job_policy: { role: '${aws_iam_role.job.id}', name: 'least-privilege', policy: '{}' },
              },
              aws_iam_role_policy_attachment: {
                job_managed_A: { role: '${aws_iam_role.job.name}', policy_arn: 'arn:aws:iam::aws:policy/A' },
              },
            },
          },
        },
      ];
      const units: UnitState[] = [
        {
          unit: 'dev/roles',
          location: { bucket: BUCKET, key: 'dev/iam/terraform.tfstate' },
          state: {
            file: 'roles',
            outputs: {},
            instances: [
              instance('aws_iam_role.job["main"]', 'aws_iam_role', {
                id: 'gss-dev-job-20240101',
                name: 'gss-dev-job-20240101',
              }),
              instance('aws_iam_role_policy.job["main"]', 'aws_iam_role_policy', {
                id: 'gss-dev-job-20240101:main-job-access',
                role: 'gss-dev-job-20240101',
                name: 'main-job-access',
              }),
              instance('aws_iam_role_policy_attachments_exclusive.job', 'aws_iam_role_policy_attachments_exclusive', {
                role_name: 'gss-dev-job-20240101',
                policy_arns: ['arn:aws:iam::aws:policy/A'],
              }),
            ],
          },
        },
      ];
      const plan = await planAdoption(stacks, units);
      expect(plan.matches.map((m) => [m.resource.address, m.how, m.identity])).toEqual([
        ['aws_iam_role.job', 'moved', 'aws_iam_role gss-dev-job-20240101'],
        [
          'aws_iam_role_policy.job_policy',
          'moved',
          'aws_iam_role_policy inline policy of | gss-dev-job-20240101 (by purpose)',
        ],
        [
          'aws_iam_role_policy_attachment.job_managed_A',
          'imported',
          'aws_iam_role_policy_attachment gss-dev-job-20240101 | arn:aws:iam::aws:policy/A',
        ],
      ]);
      // The exclusive attachment itself is forgotten: its one policy is the stack's attachment now.
      expect(plan.unmatched.map((u) => [u.instance.address, u.forgottenBy])).toEqual([
        ['aws_iam_role_policy_attachments_exclusive.job', 'dev-iam'],
      ]);
      expect(adoptionSettings(plan, () => 'iam').iam!.import).toEqual([
        { to: 'aws_iam_role_policy_attachment.job_managed_A', id: 'gss-dev-job-20240101/arn:aws:iam::aws:policy/A' },
      ]);
    },
  );
});

/** A state instance at an address. */
function instance(address: string, type: string, attributes: Record<string, unknown>): StateInstance {
  return {
    address,
    resourceAddress: address.replace(/\[[^\]]*\]$/, ''),
    type,
    name: address.split('.').pop()!.replace(/\[.*$/, ''),
    attributes,
  };
}

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
  test('a summary table per environment, every adopted resource, kept argument, creation and warning', () => {
    const report: MigrationReport = {
      terragrunt: '/live',
      states: 'files in `/states`',
      finished: true,
      units: [
        {
          unit: 'dev/sqs',
          environment: 'dev',
          state: '/states/dev/sqs.tfstate',
          resources: 2,
          module: 'sqs',
          takenOverBy: 'dev-sqs',
        },
      ],
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
              kept: [
                {
                  address: 'aws_sqs_queue.core_queue',
                  attribute: 'sqs_managed_sse_enabled',
                  existing: false,
                  generated: true,
                  why: 'every queue is encrypted',
                  wouldReplace: false,
                },
              ],
              changes: [],
              created: [
                {
                  address: 'aws_sqs_queue_policy.core_queue_policy',
                  why: 'queue policy that refuses every request not made over TLS',
                },
              ],
              forgotten: [],
              findings: [{ resource: 'aws_sqs_queue.core_queue', rule: 'SQS-1', finding: 'not encrypted' }],
            },
          ],
        },
      ],
      retired: [],
      leftInOldStates: [{ unit: 'dev/lambda', address: 'aws_lambda_function.this' }],
      notes: [{ level: 'warning', where: 'dev/sqs/terragrunt.hcl', message: 'something to look at' }],
    };
    const markdown = renderReport(report);
    expect(markdown).toContain('| dev/sqs | /states/dev/sqs.tfstate | 2 | sqs | state taken over by dev-sqs |');
    expect(markdown).toContain(
      '| dev-sqs | takes over dev/sqs (`dev/sqs/terraform.tfstate`) | 1 / 0 / 1 | 1 | 1 | 0 | 1 |',
    );
    expect(markdown).toContain(
      '- `aws_iam_role.pipe_role` ← `aws_iam_role.this["pipe"]` (dev/iam-roles; import block, id ' +
        '`gss-dev-pipe-role`; aws_iam_role gss-dev-pipe-role)',
    );
    expect(markdown).toContain(
      '- `aws_sqs_queue.core_queue` sqs_managed_sse_enabled: `false`; the stack would write `true` (every queue is ' +
        'encrypted)',
    );
    expect(markdown).toContain('- `aws_sqs_queue.core_queue` SQS-1: not encrypted');
    expect(markdown).toContain('- dev/lambda: `aws_lambda_function.this`');
    expect(markdown).toContain('**Finished**, with 1 warning(s)');
    expect(markdown).toContain('- dev/sqs/terragrunt.hcl: something to look at');
  });
});
