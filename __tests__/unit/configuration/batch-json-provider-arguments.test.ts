import * as fs from 'fs';
import * as path from 'path';
import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import type { EnvironmentConfig } from '../../../lib/configuration/platform-config';
import { ConfigFixture } from '../../support/config-fixture';

/** batch-json files in the shapes teams' Terragrunt trees hold them (see the folder's README). */
const STYLES = path.join(__dirname, '..', '..', 'fixtures', 'batch-json-styles');
const LAUNCH_TEMPLATE = 'batch-json/launch-template.json';
const LOG_GROUPS = 'batch-json/log-groups.json';
const CE = 'batch-json/compute-environment.json';

/** A fixture file's text with the dev environment's placeholders filled, parsed. */
function expected(file: string): Record<string, Record<string, object>> {
  return JSON.parse(fs.readFileSync(path.join(STYLES, file), 'utf8').replaceAll('{prefix}', 'gss-dev'));
}

/** The shipped configuration with some batch-json files replaced by fixtures of this folder. */
function fixtureWith(files: Readonly<Record<string, string>>): ConfigFixture {
  const fixture = ConfigFixture.copy();
  for (const [target, source] of Object.entries(files))
    fixture.write(target, fs.readFileSync(path.join(STYLES, source), 'utf8'));
  return fixture;
}

function loadDev(fixture: ConfigFixture): EnvironmentConfig {
  return loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root }).environments[0]!;
}

function problemsOf(fixture: ConfigFixture): readonly ConfigProblem[] {
  try {
    loadDev(fixture);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('launch-template.json takes every argument of aws_launch_template', () => {
  test("a team's template (AMI, instance type, key pair, groups, profile, base64 user data) loads as written", () => {
    const fixture = fixtureWith({ [LAUNCH_TEMPLATE]: 'team-launch-template.json' });
    try {
      const [template] = loadDev(fixture).batch.launchTemplates;
      expect(template).toEqual({ terraformName: 'launch_template', config: expected('team-launch-template.json') });
    } finally {
      fixture.dispose();
    }
  });

  test('three templates that between them set every argument load as written, with the user data file read', () => {
    const fixture = fixtureWith({ [LAUNCH_TEMPLATE]: 'every-argument-launch-templates.json' }).editJson(CE, (d) => {
      d.compute_resources.launch_template.launch_template_name = '{prefix}-every-argument-a';
    });
    try {
      const templates = loadDev(fixture).batch.launchTemplates;
      const written = expected('every-argument-launch-templates.json').launch_templates;
      const userData = fs.readFileSync(fixture.path('config/batch_user_data.sh'), 'utf8');
      expect(templates).toEqual([
        { terraformName: 'instance_type_and_interfaces', config: written.instance_type_and_interfaces },
        { terraformName: 'instance_requirements', config: written.instance_requirements },
        { terraformName: 'named_groups_and_file', config: { ...written.named_groups_and_file!, userData } },
      ]);
    } finally {
      fixture.dispose();
    }
  });
});

describe('log-groups.json takes the plain map and every argument of aws_cloudwatch_log_group', () => {
  test('the plain map of {name, retention_in_days} loads the same log groups as the wrapped form', () => {
    const shipped = ConfigFixture.copy();
    const plain = fixtureWith({ [LOG_GROUPS]: 'team-log-groups.json' });
    try {
      expect(loadDev(plain).batch.logGroups).toEqual(loadDev(shipped).batch.logGroups);
      expect(loadDev(plain).batch.logGroups.map((g) => g.terraformName)).toEqual([
        'batch_validation',
        'batch_processing',
      ]);
    } finally {
      shipped.dispose();
      plain.dispose();
    }
  });

  test('every argument loads as written, in the plain map and wrapped alike', () => {
    const plain = fixtureWith({ [LOG_GROUPS]: 'every-argument-log-groups.json' });
    const wrapped = ConfigFixture.copy().write(
      LOG_GROUPS,
      JSON.stringify({ log_groups: expected('every-argument-log-groups.json') }),
    );
    try {
      const groups = Object.entries(expected('every-argument-log-groups.json')).map(([terraformName, config]) => ({
        terraformName,
        config,
      }));
      expect(loadDev(plain).batch.logGroups).toEqual(groups);
      expect(loadDev(wrapped).batch.logGroups).toEqual(groups);
    } finally {
      plain.dispose();
      wrapped.dispose();
    }
  });

  test('a log group without retention, or with 0 ("never expire" to the provider), loads; the pack judges it', () => {
    const fixture = fixtureWith({ [LOG_GROUPS]: 'team-log-groups.json' }).editJson(LOG_GROUPS, (d) => {
      delete d.batch_validation.retention_in_days;
      d.batch_processing.retention_in_days = 0;
    });
    try {
      expect(loadDev(fixture).batch.logGroups.map((g) => g.config.retention_in_days)).toEqual([undefined, 0]);
    } finally {
      fixture.dispose();
    }
  });
});

interface BadInput {
  /** What is wrong. */
  readonly name: string;
  /** Fixture file for launch-template.json or log-groups.json. */
  readonly files: Readonly<Record<string, string>>;
  /** The one change that breaks it. */
  readonly edit: (fixture: ConfigFixture) => void;
  /** File the problem is reported in. */
  readonly file: string;
  /** JSON path reported. */
  readonly jsonPath: string;
  /** Text the found part contains. */
  readonly found?: string;
  /** Text the allowed part contains. */
  readonly allowed: string;
}

const TEAM = { [LAUNCH_TEMPLATE]: 'team-launch-template.json' };
const PLAIN_LOGS = { [LOG_GROUPS]: 'team-log-groups.json' };
/** What ConfigFixture.editJson passes its callback: the parsed file. */
type Edit = Parameters<ConfigFixture['editJson']>[1];
const editTemplate =
  (edit: Edit) =>
  (f: ConfigFixture): void => {
    f.editJson(LAUNCH_TEMPLATE, edit);
  };
const editLogs =
  (edit: Edit) =>
  (f: ConfigFixture): void => {
    f.editJson(LOG_GROUPS, edit);
  };

const BAD_INPUTS: readonly BadInput[] = [
  {
    name: 'inline user data and a user data file',
    files: TEAM,
    edit: editTemplate((d) => (d.user_data_file = 'batch_user_data.sh')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.user_data_file',
    allowed: 'user_data or user_data_file, not both',
  },
  {
    name: 'user data in clear text (EC2 takes it base64-encoded)',
    files: TEAM,
    edit: editTemplate((d) => (d.user_data = '#!/bin/bash\necho hi')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.user_data',
    found: '"#!/bin/bash\\necho hi"',
    allowed: 'base64',
  },
  {
    name: 'template security groups beside a network interface with its own',
    files: TEAM,
    edit: editTemplate(
      (d) => (d.network_interfaces = [{ device_index: 0, security_groups: ['sg-0a1b2c3d4e5f60719'] }]),
    ),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.vpc_security_group_ids',
    allowed: 'network_interfaces[0].security_groups',
  },
  {
    name: 'security group names beside security group ids',
    files: TEAM,
    edit: editTemplate((d) => (d.security_group_names = ['gss-batch'])),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.security_group_names',
    allowed: 'not both',
  },
  {
    name: 'an instance type beside instance requirements',
    files: TEAM,
    edit: editTemplate((d) => (d.instance_requirements = { vcpu_count: { min: 1 }, memory_mib: { min: 1024 } })),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.instance_requirements',
    allowed: 'not both',
  },
  {
    name: 'an instance profile by ARN and by name',
    files: TEAM,
    edit: editTemplate((d) => (d.iam_instance_profile.arn = 'arn:aws:iam::111111111111:instance-profile/batch')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.iam_instance_profile.arn',
    allowed: 'not both',
  },
  {
    name: 'instance_tags beside tag_specifications',
    files: TEAM,
    edit: editTemplate((d) => (d.instance_tags = { Name: 'batch' })),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.instance_tags',
    allowed: 'not both',
  },
  {
    name: 'a default version beside update_default_version',
    files: TEAM,
    edit: editTemplate((d) => (d.default_version = 3)),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.default_version',
    allowed: 'not both',
  },
  {
    name: 'addresses and an address count on one interface',
    files: TEAM,
    edit: editTemplate((d) => {
      delete d.vpc_security_group_ids;
      d.network_interfaces = [{ device_index: 0, ipv4_addresses: ['10.0.1.10'], ipv4_address_count: 2 }];
    }),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.network_interfaces[0].ipv4_address_count',
    allowed: 'not both',
  },
  {
    name: 'a misspelt argument',
    files: TEAM,
    edit: editTemplate((d) => {
      d.instance_types = [d.instance_type];
      delete d.instance_type;
    }),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.instance_types',
    found: 'unknown key "instance_types"',
    allowed: '"instance_type" (closest match)',
  },
  {
    name: 'a tenancy EC2 does not have',
    files: TEAM,
    edit: editTemplate((d) => (d.placement.tenancy = 'shared')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.placement.tenancy',
    found: '"shared"',
    allowed: 'one of "default", "dedicated", "host"',
  },
  {
    name: 'a gp3 throughput above what hashicorp/aws 5.100.0 accepts',
    files: TEAM,
    edit: editTemplate((d) => (d.block_device_mappings[0].ebs.throughput = 2000)),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.block_device_mappings[0].ebs.throughput',
    found: '2000',
    allowed: 'a number <= 1000',
  },
  {
    name: 'tags for a resource a launch template cannot tag',
    files: TEAM,
    edit: editTemplate((d) => (d.tag_specifications[0].resource_type = 'vpc')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.tag_specifications[0].resource_type',
    allowed: '"instance", "volume", "network-interface", "spot-instances-request"',
  },
  {
    name: 'a generated name (name_prefix)',
    files: TEAM,
    edit: editTemplate((d) => (d.name_prefix = 'gss-dev-batch-lt-')),
    file: LAUNCH_TEMPLATE,
    jsonPath: '$.name_prefix',
    allowed: 'compute environments refer to a launch template by its name',
  },
  {
    name: 'a retention CloudWatch Logs does not offer, in the plain map',
    files: PLAIN_LOGS,
    edit: editLogs((d) => (d.batch_processing.retention_in_days = 31)),
    file: LOG_GROUPS,
    jsonPath: '$.batch_processing.retention_in_days',
    found: '31',
    allowed: 'one of 0, 1, 3, 5',
  },
  {
    name: 'a misspelt argument in the plain map',
    files: PLAIN_LOGS,
    edit: editLogs((d) => {
      d.batch_processing.retention_days = 30;
      delete d.batch_processing.retention_in_days;
    }),
    file: LOG_GROUPS,
    jsonPath: '$.batch_processing.retention_days',
    allowed: '"retention_in_days" (closest match)',
  },
  {
    name: 'a log group class CloudWatch Logs does not have',
    files: PLAIN_LOGS,
    edit: editLogs((d) => (d.batch_processing.log_group_class = 'ARCHIVE')),
    file: LOG_GROUPS,
    jsonPath: '$.batch_processing.log_group_class',
    allowed: 'one of "STANDARD", "INFREQUENT_ACCESS", "DELIVERY"',
  },
  {
    name: 'a key beside log_groups in the wrapped form',
    files: {},
    edit: editLogs((d) => (d.retention_in_days = 30)),
    file: LOG_GROUPS,
    jsonPath: '$.retention_in_days',
    found: 'unknown key "retention_in_days"',
    allowed: 'log_groups',
  },
];

describe('bad input in the new arguments keeps the message form: file:line:col, JSON path, found, allowed', () => {
  test.each(BAD_INPUTS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const fixture = fixtureWith(c.files);
    try {
      c.edit(fixture);
      const problems = problemsOf(fixture);
      expect(problems.map((p) => `${p.jsonPath}: ${p.found} / ${p.allowed}`)).toHaveLength(1);
      const [problem] = problems;
      expect(problem).toMatchObject({ file: c.file, jsonPath: c.jsonPath });
      expect(problem!.line).toBeGreaterThanOrEqual(1);
      expect(problem!.column).toBeGreaterThanOrEqual(1);
      if (c.found !== undefined) expect(problem!.found).toContain(c.found);
      expect(problem!.allowed).toContain(c.allowed);
    } finally {
      fixture.dispose();
    }
  });
});
