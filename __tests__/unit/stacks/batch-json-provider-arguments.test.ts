import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../../main';
import { PolicyViolationError } from '../../../lib/policy-pack/policy-report';
import type { EditableJson } from '../../support/config-fixture';
import { type MinimalPlatformFiles, minimalEnvironment, writeMinimalPlatform } from '../../support/minimal-environment';
import { parsed, synthEnvironment } from '../../support/synth-helpers';

/** batch-json files in the shapes teams' Terragrunt trees hold them. */
const STYLES = path.join(__dirname, '..', '..', 'fixtures', 'batch-json-styles');
const LAUNCH_TEMPLATE = 'batch-json/launch-template.json';
const LOG_GROUPS = 'batch-json/log-groups.json';
const CE = 'batch-json/compute-environment.json';
/** The user data file a template of the styles names, as the instances get it (MIME multi-part). */
const USER_DATA = {
  'config/batch_user_data.sh': [
    'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
    'MIME-Version: 1.0',
    '',
    '--==BOUNDARY==',
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    '',
    '#!/bin/bash',
    'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config',
    '',
    '--==BOUNDARY==--',
    '',
  ].join('\n'),
};

/** The provider's nullable booleans: "true" or "false" in Terraform, booleans in batch-json. */
const NULLABLE_BOOLEANS = new Set([
  'ebs_optimized',
  'encrypted',
  'delete_on_termination',
  'associate_public_ip_address',
  'associate_carrier_ip_address',
  'primary_ipv6',
]);

/** A batch-json value as Terraform JSON has it: the same keys, nullable booleans as strings. */
function asTerraform(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => asTerraform(item));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asTerraform(v, k)]));
  return typeof value === 'boolean' && NULLABLE_BOOLEANS.has(key) ? String(value) : value;
}

/** A file of the styles, parsed. */
const style = (file: string): EditableJson => JSON.parse(fs.readFileSync(path.join(STYLES, file), 'utf8'));

/**
 * The minimal environment on EC2 instances from the team's launch template (`{prefix}-batch-lt`),
 * with files of the styles in place of its own (target path to style file), then `edit`.
 */
function onEc2With(
  styles: Readonly<Record<string, string>>,
  edit: (files: MinimalPlatformFiles) => void = () => undefined,
): (files: MinimalPlatformFiles) => void {
  return (files) => {
    (files['config/defaults.json']!.iam as Record<string, unknown>).batch_instance_role_name = '{prefix}-instance';
    files[CE] = {
      compute_environment_name: '{prefix}-ec2',
      type: 'MANAGED',
      service_role: 'service_linked',
      compute_resources: {
        type: 'EC2',
        min_vcpus: 0,
        max_vcpus: 8,
        instance_types: ['c5'],
        launch_template: { launch_template_name: '{prefix}-batch-lt' },
      },
    };
    files['batch-json/job-queue.json']!.compute_environment_order = [{ order: 1, compute_environment: '{prefix}-ec2' }];
    files['batch-json/worker-job.json'] = {
      name: '{prefix}-worker',
      container_properties: {
        image: 'public.ecr.aws/docker/library/busybox:1.36',
        resourceRequirements: [
          { type: 'VCPU', value: '1' },
          { type: 'MEMORY', value: '512' },
        ],
      },
    };
    for (const [target, source] of Object.entries(styles)) files[target] = style(source);
    edit(files);
  };
}

/** Each resource of a type in the batch stack: its arguments, without the stack's lifecycle settings. */
function batchResources(edit: (files: MinimalPlatformFiles) => void, type: string): Record<string, EditableJson> {
  const environment = minimalEnvironment(edit, USER_DATA);
  const resources: Record<string, Record<string, unknown>> = parsed(synthEnvironment(environment).batch).resource[type];
  return Object.fromEntries(
    Object.entries(resources).map(([name, resource]) => [
      name,
      Object.fromEntries(Object.entries(resource).filter(([key]) => key !== 'lifecycle')),
    ]),
  );
}

describe('the batch stack passes every argument of batch-json to the provider', () => {
  test('three templates setting every argument of aws_launch_template synthesize with each value as written', () => {
    const templates = batchResources(
      onEc2With({ [LAUNCH_TEMPLATE]: 'every-argument-launch-templates.json' }, (files) => {
        (files[CE]!.compute_resources as EditableJson).launch_template.launch_template_name =
          '{prefix}-every-argument-a';
      }),
      'aws_launch_template',
    );
    const written = JSON.parse(
      fs
        .readFileSync(path.join(STYLES, 'every-argument-launch-templates.json'), 'utf8')
        .replaceAll('{prefix}', 'mini-test'),
    ).launch_templates;
    expect(Object.keys(templates).sort()).toEqual(Object.keys(written).sort());
    // A template that pins default_version gets no update_default_version: the provider refuses both.
    expect(templates.instance_type_and_interfaces).toEqual(asTerraform(written.instance_type_and_interfaces));
    expect(templates.instance_requirements).toEqual(asTerraform(written.instance_requirements));
    const { user_data_file: file, instance_tags: tags, ...fromFile } = written.named_groups_and_file;
    expect(templates.named_groups_and_file).toEqual({
      ...(asTerraform(fromFile) as object),
      update_default_version: true,
      user_data: Buffer.from(USER_DATA[`config/${file}` as keyof typeof USER_DATA]).toString('base64'),
      tag_specifications: [
        { resource_type: 'instance', tags },
        { resource_type: 'volume', tags },
      ],
    });
  });

  test("a team's template and the plain map of log groups synthesize as written", () => {
    const edit = onEc2With({
      [LAUNCH_TEMPLATE]: 'team-launch-template.json',
      [LOG_GROUPS]: 'every-argument-log-groups.json',
    });
    const read = (file: string): Record<string, unknown> =>
      JSON.parse(fs.readFileSync(path.join(STYLES, file), 'utf8').replaceAll('{prefix}', 'mini-test'));
    expect(batchResources(edit, 'aws_launch_template').launch_template).toEqual(
      asTerraform(read('team-launch-template.json')),
    );
    expect(batchResources(edit, 'aws_cloudwatch_log_group')).toEqual(read('every-argument-log-groups.json'));
  });
});

describe('the policy pack sees the new arguments', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-json-policy-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The policy pack's findings on the stacks of the minimal environment with `edit`: one line each. */
  function findings(edit: (files: MinimalPlatformFiles) => void): readonly string[] {
    const root = writeMinimalPlatform(edit, USER_DATA);
    try {
      synthesize({
        SYNTH_MODE: 'offline',
        PLATFORM_CONFIG_ROOT: root,
        PLATFORM_ENVIRONMENTS: 'test',
        CDKTF_OUTDIR: fs.mkdtempSync(path.join(work, 'out-')),
      });
    } catch (error) {
      if (error instanceof PolicyViolationError) return error.problems;
      throw error;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    return [];
  }

  const cases: readonly [string, (template: EditableJson) => void, string][] = [
    [
      'a public IP on a network interface',
      (d) => {
        delete d.vpc_security_group_ids;
        d.network_interfaces = [{ device_index: 0, associate_public_ip_address: true }];
      },
      'EC2-3 no-public-ip: network_interfaces[0].associate_public_ip_address: found "true"',
    ],
    [
      'an access key in inline user data',
      (d) => {
        const mime = Buffer.from(d.user_data, 'base64').toString('utf8');
        const leaked = mime.replace('#!/bin/bash', '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE');
        d.user_data = Buffer.from(leaked).toString('base64');
      },
      'EC2-5 no-secrets-in-user-data: user_data: found an AWS access key id on line 8',
    ],
    [
      'an unencrypted root volume',
      (d) => (d.block_device_mappings[0].ebs.encrypted = false),
      'EC2-4 ebs-encrypted: block_device_mappings[0].ebs.encrypted: found "false"',
    ],
    [
      'no block device mappings',
      (d) => delete d.block_device_mappings,
      'EC2-4 ebs-encrypted: block_device_mappings: found no EBS volume',
    ],
    [
      'no metadata options (the AMI decides IMDSv1 and the hop limit)',
      (d) => delete d.metadata_options,
      'EC2-1 imdsv2-required: metadata_options.http_tokens: found nothing',
    ],
    [
      'a hop limit of 2',
      (d) => (d.metadata_options.http_put_response_hop_limit = 2),
      'EC2-2 imds-hop-limit-1: metadata_options.http_put_response_hop_limit: found 2',
    ],
  ];

  test.each(cases.map(([name, edit, finding]) => [name, edit, finding] as const))(
    'in a launch template: %s',
    (_name, edit, finding) => {
      const template = onEc2With({ [LAUNCH_TEMPLATE]: 'team-launch-template.json' }, (files) =>
        edit(files[LAUNCH_TEMPLATE]),
      );
      expect(findings(template).join('\n')).toContain(
        `test-batch/launch_template/Resource (aws_launch_template.launch_template) ${finding}`,
      );
    },
  );

  test('in the plain map of log groups: a log group without retention', () => {
    const styles = { [LAUNCH_TEMPLATE]: 'team-launch-template.json', [LOG_GROUPS]: 'team-log-groups.json' };
    const logGroups = onEc2With(styles, (files) => {
      delete (files[LOG_GROUPS] as EditableJson).batch_processing.retention_in_days;
    });
    expect(findings(logGroups)).toEqual([
      'test-batch/batch_processing (aws_cloudwatch_log_group.batch_processing) LOGS-1 log-retention-set: ' +
        'retention_in_days: found nothing (not set); ' +
        'allowed: a number of days CloudWatch Logs accepts (1-3653), not 0 (never expire)',
    ]);
  });

  test("the team's template as written passes every rule", () => {
    const asWritten = onEc2With({
      [LAUNCH_TEMPLATE]: 'team-launch-template.json',
      [LOG_GROUPS]: 'team-log-groups.json',
    });
    expect(findings(asWritten)).toEqual([]);
  });
});
