import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration, synthesize } from '../../../main';
import { PolicyViolationError } from '../../../lib/policy-pack/policy-report';
import { ConfigFixture } from '../../support/config-fixture';
import { parsed, synthEnvironment } from '../../support/synth-helpers';

/** batch-json files in the shapes teams' Terragrunt trees hold them. */
const STYLES = path.join(__dirname, '..', '..', 'fixtures', 'batch-json-styles');
const LAUNCH_TEMPLATE = 'batch-json/launch-template.json';
const LOG_GROUPS = 'batch-json/log-groups.json';
const CE = 'batch-json/compute-environment.json';

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

function fixtureWith(files: Readonly<Record<string, string>>): ConfigFixture {
  const fixture = ConfigFixture.copy();
  for (const [target, source] of Object.entries(files))
    fixture.write(target, fs.readFileSync(path.join(STYLES, source), 'utf8'));
  return fixture;
}

/** Each resource of a type in a fixture's dev batch stack: its arguments, without the stack's lifecycle settings. */
function devBatchResources(fixture: ConfigFixture, type: string): Record<string, Record<string, unknown>> {
  const [environment] = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments;
  const resources: Record<string, Record<string, unknown>> = parsed(synthEnvironment(environment!).batch).resource[
    type
  ];
  return Object.fromEntries(
    Object.entries(resources).map(([name, resource]) => [
      name,
      Object.fromEntries(Object.entries(resource).filter(([key]) => key !== 'lifecycle')),
    ]),
  );
}

describe('the batch stack passes every argument of batch-json to the provider', () => {
  test('three templates setting every argument of aws_launch_template synthesize with each value as written', () => {
    const fixture = fixtureWith({ [LAUNCH_TEMPLATE]: 'every-argument-launch-templates.json' }).editJson(CE, (d) => {
      d.compute_resources.launch_template.launch_template_name = '{prefix}-every-argument-a';
    });
    try {
      const written = JSON.parse(
        fs
          .readFileSync(path.join(STYLES, 'every-argument-launch-templates.json'), 'utf8')
          .replaceAll('{prefix}', 'gss-dev'),
      ).launch_templates;
      const templates = devBatchResources(fixture, 'aws_launch_template');
      expect(Object.keys(templates).sort()).toEqual(Object.keys(written).sort());
      // A template that pins default_version gets no update_default_version: the provider refuses both.
      expect(templates.instance_type_and_interfaces).toEqual(asTerraform(written.instance_type_and_interfaces));
      expect(templates.instance_requirements).toEqual(asTerraform(written.instance_requirements));
      const { user_data_file: file, instance_tags: tags, ...fromFile } = written.named_groups_and_file;
      expect(templates.named_groups_and_file).toEqual({
        ...(asTerraform(fromFile) as object),
        update_default_version: true,
        user_data: fs.readFileSync(fixture.path(`config/${file}`)).toString('base64'),
        tag_specifications: [
          { resource_type: 'instance', tags },
          { resource_type: 'volume', tags },
        ],
      });
    } finally {
      fixture.dispose();
    }
  });

  test("a team's template and the plain map of log groups synthesize as written", () => {
    const fixture = fixtureWith({
      [LAUNCH_TEMPLATE]: 'team-launch-template.json',
      [LOG_GROUPS]: 'every-argument-log-groups.json',
    });
    try {
      const read = (file: string): Record<string, unknown> =>
        JSON.parse(fs.readFileSync(path.join(STYLES, file), 'utf8').replaceAll('{prefix}', 'gss-dev'));
      expect(devBatchResources(fixture, 'aws_launch_template').launch_template).toEqual(
        asTerraform(read('team-launch-template.json')),
      );
      expect(devBatchResources(fixture, 'aws_cloudwatch_log_group')).toEqual(read('every-argument-log-groups.json'));
    } finally {
      fixture.dispose();
    }
  });
});

describe('the policy pack sees the new arguments', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-json-policy-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The policy pack's findings on the dev stacks of a fixture: one line each. */
  function findings(fixture: ConfigFixture): readonly string[] {
    try {
      synthesize({
        SYNTH_MODE: 'offline',
        PLATFORM_CONFIG_ROOT: fixture.root,
        PLATFORM_ENVIRONMENTS: 'dev',
        CDKTF_OUTDIR: fs.mkdtempSync(path.join(work, 'out-')),
      });
    } catch (error) {
      if (error instanceof PolicyViolationError) return error.problems;
      throw error;
    }
    return [];
  }

  const cases: readonly [string, Parameters<ConfigFixture['editJson']>[1], string][] = [
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
      const fixture = fixtureWith({ [LAUNCH_TEMPLATE]: 'team-launch-template.json' }).editJson(LAUNCH_TEMPLATE, edit);
      try {
        expect(findings(fixture).join('\n')).toContain(
          `dev-batch/launch_template/Resource (aws_launch_template.launch_template) ${finding}`,
        );
      } finally {
        fixture.dispose();
      }
    },
  );

  test('in the plain map of log groups: a log group without retention', () => {
    const fixture = fixtureWith({ [LOG_GROUPS]: 'team-log-groups.json' }).editJson(LOG_GROUPS, (d) => {
      delete d.batch_processing.retention_in_days;
    });
    try {
      expect(findings(fixture)).toEqual([
        'dev-batch/batch_processing (aws_cloudwatch_log_group.batch_processing) LOGS-1 log-retention-set: ' +
          'retention_in_days: found nothing (not set); ' +
          'allowed: a number of days CloudWatch Logs accepts (1-3653), not 0 (never expire)',
      ]);
    } finally {
      fixture.dispose();
    }
  });

  test("the team's template as written passes every rule", () => {
    const fixture = fixtureWith({
      [LAUNCH_TEMPLATE]: 'team-launch-template.json',
      [LOG_GROUPS]: 'team-log-groups.json',
    });
    try {
      expect(findings(fixture)).toEqual([]);
    } finally {
      fixture.dispose();
    }
  });
});
