import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BatchClient, DescribeComputeEnvironmentsCommand } from '@aws-sdk/client-batch';
import {
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeLaunchTemplatesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import {
  BatchComputeEnvironment,
  type BatchComputeEnvironmentProps,
  type ComputeResourcesProps,
} from '../../lib/constructs/batch/batch-compute-environment';
import { BatchLaunchTemplate, type BatchLaunchTemplateProps } from '../../lib/constructs/batch/batch-launch-template';
import { localAwsProviderSettings } from '../../lib/deployment/aws-provider';
import { LOCAL_AWS_CREDENTIALS } from '../../lib/deployment/state-backend';
import { bootstrapLocalAws } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { parseTerraformPlan } from '../../lib/plan-review/terraform-plan';
import { type PlannedChange, plannedChanges } from '../../lib/plan-review/planned-change';
import { StackWorkspace, TerraformCommandError } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(10 * 60_000);

/**
 * docs/batch.md, "What updates in place and what replaces", compute environments: measured. The
 * hashicorp/aws provider decides update or replace while planning (schema ForceNew and its
 * CustomizeDiff, one resource at a time), so the plan is the measurement. One stack holds, for
 * each case, its own copy of the environments the case changes (the project's
 * BatchComputeEnvironment, so its create_before_destroy, ignore_changes on desired_vcpus and
 * replace_triggered_by are in play), and one unchanged copy of all of them. It is applied once to
 * the local AWS; then one plan changes one argument in each copy of each case: every environment
 * differs from its applied state by that one argument, and a plan per case decides the same
 * (measured on the first 23 cases: the same outcomes; a plan per case took 257-263 s on 2 cores,
 * one apply and one plan of every case take 46-62 s).
 *
 * A change of a launch template is also applied, in a second stack planned and applied beside the
 * first: what the provider sends (moto's recorder keeps each request's body), what the apply does,
 * and what the next plan says (both stacks: 62-63 s on 2 cores, 85-89 CPU-seconds; the first alone
 * 43 s, 42 CPU-seconds).
 *
 * Not held by the local AWS (moto 5.2.1): an environment applied with update_policy (moto's
 * UpdateComputeEnvironment drops it and DescribeComputeEnvironments never returns it, so every plan
 * would show it changed); adding one is measured instead. moto keeps no computeResources of an
 * UpdateComputeEnvironment either. moto checks neither launch templates nor placement groups
 * against Batch rules; the provider does not either while planning.
 */
const REGION = 'eu-west-1';
const credentials = { accessKeyId: LOCAL_AWS_CREDENTIALS.accessKey, secretAccessKey: LOCAL_AWS_CREDENTIALS.secretKey };

/**
 * The environments, one per column of the doc's table and per updatable allocation strategy: the
 * provider calls an environment updatable when its service role is the service-linked one and
 * its allocation strategy is one it lists, before and after the change.
 */
const ENVIRONMENTS = ['ec2', 'spot', 'spot_price', 'ec2_own_role', 'ec2_best_fit', 'spot_own_role', 'fargate'] as const;
type EnvironmentKey = (typeof ENVIRONMENTS)[number];
const EC2_AND_SPOT = ENVIRONMENTS.filter((key) => key !== 'fargate');

/** What AWS holds before the stack: made once, by the bootstrap and the EC2 API. */
interface Network {
  /** Three private subnets of the bootstrap's VPC; the environments start on the first two. */
  readonly subnets: readonly string[];
  /** Two security groups; the environments start on the first. */
  readonly securityGroups: readonly [string, string];
  /** A placement group name. */
  readonly placementGroup: string;
  /** An EC2 key pair. */
  readonly keyPair: string;
}

/** Resources of the stack itself that the environments refer to. */
interface StackRefs {
  /** A Batch service role of the stack's own (not the service-linked one). */
  readonly serviceRoleArn: string;
  /** Two instance profiles; the environments start on the first. */
  readonly instanceProfileArns: readonly [string, string];
  /** The Spot Fleet role of the SPOT environments. */
  readonly spotFleetRoleArn: string;
  /** Another Spot Fleet role. */
  readonly otherSpotFleetRoleArn: string;
  /** The launch template the environments pin, unless their case changes its own. */
  readonly template: BatchLaunchTemplate;
  /** Another launch template. */
  readonly otherTemplate: BatchLaunchTemplate;
}

type Environments = Record<EnvironmentKey, BatchComputeEnvironmentProps>;

/** The applied template's root volume. */
const ROOT_VOLUME = { volumeSize: 30, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' };
const TEMPLATE: Omit<BatchLaunchTemplateProps, 'name'> = {
  metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
  blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: ROOT_VOLUME }],
  monitoring: { enabled: false },
};
/** A change of the template: a larger root volume. */
const LARGER_ROOT_VOLUME: Partial<BatchLaunchTemplateProps> = {
  blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { ...ROOT_VOLUME, volumeSize: 50 } }],
};
/** User data as the template takes it, base64-encoded. */
const userData = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The applied environments, named after `id`, on `template`. */
function baseEnvironments(id: string, network: Network, refs: StackRefs, template: BatchLaunchTemplate): Environments {
  const instances = (type: 'EC2' | 'SPOT', allocationStrategy: string | undefined): ComputeResourcesProps => ({
    type,
    ...(allocationStrategy ? { allocationStrategy } : {}),
    ...(type === 'SPOT' ? { bidPercentage: 60, spotFleetRoleArn: refs.spotFleetRoleArn } : {}),
    minVcpus: 0,
    maxVcpus: 16,
    instanceTypes: ['c5'],
    instanceRoleArn: refs.instanceProfileArns[0],
    subnetIds: network.subnets.slice(0, 2),
    securityGroupIds: [network.securityGroups[0]],
    launchTemplate: pinned(template),
    ec2Configuration: [{ imageType: 'ECS_AL2' }],
    tags: { team: 'batch' },
  });
  const environment = (
    name: string,
    computeResources: ComputeResourcesProps,
    serviceRoleArn?: string,
  ): BatchComputeEnvironmentProps => ({
    name: `ceu-${id}-${name}`,
    type: 'MANAGED',
    state: 'ENABLED',
    ...(serviceRoleArn ? { serviceRoleArn } : {}),
    tags: { purpose: 'update-measurement' },
    computeResources,
  });
  return {
    ec2: environment('ec2', instances('EC2', 'BEST_FIT_PROGRESSIVE')),
    spot: environment('spot', instances('SPOT', 'SPOT_CAPACITY_OPTIMIZED')),
    // Left to the construct's default for SPOT: SPOT_PRICE_CAPACITY_OPTIMIZED.
    spot_price: environment('spot-price', instances('SPOT', undefined)),
    ec2_own_role: environment('ec2-own-role', instances('EC2', 'BEST_FIT_PROGRESSIVE'), refs.serviceRoleArn),
    ec2_best_fit: environment('ec2-best-fit', instances('EC2', 'BEST_FIT')),
    spot_own_role: environment('spot-own-role', instances('SPOT', 'SPOT_CAPACITY_OPTIMIZED'), refs.serviceRoleArn),
    fargate: environment('fargate', {
      type: 'FARGATE',
      maxVcpus: 16,
      subnetIds: network.subnets.slice(0, 2),
      securityGroupIds: [network.securityGroups[0]],
    }),
  };
}

/** `ce` without a launch template. */
function withoutLaunchTemplate(ce: BatchComputeEnvironmentProps): BatchComputeEnvironmentProps {
  const { launchTemplate: _removed, ...rest } = ce.computeResources!;
  return { ...ce, computeResources: rest };
}

/** The template at its latest version, as the batch stack pins a template of launch-template.json. */
function pinned(template: BatchLaunchTemplate): NonNullable<ComputeResourcesProps['launchTemplate']> {
  return { template: template.template };
}

/** One argument changed: the new props of each environment it applies to. */
type Edit = (
  ce: BatchComputeEnvironmentProps,
  key: EnvironmentKey,
  network: Network,
  refs: StackRefs,
) => BatchComputeEnvironmentProps;

/**
 * What the plan does to one environment: `update`, `noop`, `replace (<the attributes Terraform says
 * force it>)`, or only `replace` where they are many; `replace (replace_triggered_by)` when the
 * construct's trigger forces it; `replace, destroying first (...)` when the new one is created
 * after the old one is deleted (a fixed name).
 */
type Outcome = string;

/** A change of one argument, and what the plan does to each environment it changes. */
interface Case {
  /** The argument, as the doc's table names it. */
  readonly argument: string;
  /** The change. */
  readonly edit: Edit;
  /** What the case's copy is applied with instead of the common environments. */
  readonly applied?: Edit;
  /** The plan's action on each environment changed; the others must stay untouched. */
  readonly expected: Partial<Record<EnvironmentKey, Outcome>>;
  /** A change of the case's own launch template instead of an environment argument. */
  readonly template?: Partial<BatchLaunchTemplateProps>;
  /** The case's environments without the construct's replace_triggered_by: what the provider alone plans. */
  readonly providerAlone?: boolean;
}

/** The compute resources of `ce`, with `patch` over them. */
function resources(
  ce: BatchComputeEnvironmentProps,
  patch: Partial<ComputeResourcesProps>,
): BatchComputeEnvironmentProps {
  return { ...ce, computeResources: { ...ce.computeResources!, ...patch } };
}

/** The same outcome for each of `keys`. */
function each(keys: readonly EnvironmentKey[], outcome: Outcome): Partial<Record<EnvironmentKey, Outcome>> {
  return Object.fromEntries(keys.map((key) => [key, outcome]));
}

/** A replacement forced by `attributes`, in order (Terraform lists them in no fixed order). */
const replaced = (...attributes: string[]): Outcome => `replace (${[...attributes].sort().join(', ')})`;

/** A replacement the construct's replace_triggered_by forces (a new version of its own launch template). */
const TRIGGERED: Outcome = 'replace (replace_triggered_by)';

/** What the plan does to one environment, as an Outcome. */
function outcomeOf(change: PlannedChange): Outcome {
  if (change.kind !== 'replace') return change.kind;
  const cause =
    change.forcedBy.length > 0
      ? replaced(...change.forcedBy)
      : change.raw.action_reason === 'replace_by_triggers'
        ? TRIGGERED
        : 'replace';
  return change.raw.change.actions[0] === 'delete' ? cause.replace(/^replace/, 'replace, destroying first') : cause;
}

/** The construct's environment without its replace_triggered_by. */
function withoutTrigger(ce: BatchComputeEnvironment): void {
  const { replaceTriggeredBy: _left, ...lifecycle } = ce.environment.lifecycle ?? {};
  ce.environment.lifecycle = lifecycle;
}

/**
 * An infrastructure update: in place for the updatable environments (service-linked role,
 * BEST_FIT_PROGRESSIVE or SPOT_CAPACITY_OPTIMIZED), replaced, forced by `attribute`, for the
 * others, SPOT_PRICE_CAPACITY_OPTIMIZED on the service-linked role among them.
 */
function infrastructureUpdate(attribute: string): Partial<Record<EnvironmentKey, Outcome>> {
  return {
    ec2: 'update',
    spot: 'update',
    spot_price: replaced(attribute),
    ec2_own_role: replaced(attribute),
    ec2_best_fit: replaced(attribute),
    spot_own_role: replaced(attribute),
  };
}

const NOT_UPDATABLE = ['spot_price', 'ec2_own_role', 'ec2_best_fit', 'spot_own_role'] as const;

const CASES: readonly Case[] = [
  { argument: 'max_vcpus', edit: (ce) => resources(ce, { maxVcpus: 32 }), expected: each(ENVIRONMENTS, 'update') },
  { argument: 'min_vcpus', edit: (ce) => resources(ce, { minVcpus: 2 }), expected: each(EC2_AND_SPOT, 'update') },
  { argument: 'desired_vcpus', edit: (ce) => resources(ce, { desiredVcpus: 4 }), expected: each(EC2_AND_SPOT, 'noop') },
  { argument: 'state', edit: (ce) => ({ ...ce, state: 'DISABLED' }), expected: each(ENVIRONMENTS, 'update') },
  {
    argument: 'update_policy',
    edit: (ce) => ({ ...ce, updatePolicy: { terminateJobsOnUpdate: false, jobExecutionTimeoutMinutes: 30 } }),
    expected: each(EC2_AND_SPOT, 'update'),
  },
  {
    argument: 'tags',
    edit: (ce) => ({ ...ce, tags: { ...ce.tags, owner: 'platform' } }),
    expected: each(ENVIRONMENTS, 'update'),
  },
  {
    argument: 'compute_resources.tags',
    edit: (ce) => resources(ce, { tags: { team: 'batch', owner: 'platform' } }),
    expected: infrastructureUpdate('compute_resources[0].tags'),
  },
  {
    argument: 'instance_types',
    edit: (ce) => resources(ce, { instanceTypes: ['c5', 'm5'] }),
    expected: infrastructureUpdate('compute_resources[0].instance_type'),
  },
  {
    argument: 'instance_role',
    edit: (ce, _key, _network, refs) => resources(ce, { instanceRoleArn: refs.instanceProfileArns[1] }),
    expected: infrastructureUpdate('compute_resources[0].instance_role'),
  },
  {
    argument: 'ec2_key_pair',
    edit: (ce, _key, network) => resources(ce, { ec2KeyPair: network.keyPair }),
    expected: infrastructureUpdate('compute_resources[0].ec2_key_pair'),
  },
  {
    argument: 'bid_percentage',
    edit: (ce) => resources(ce, { bidPercentage: 80 }),
    expected: {
      spot: 'update',
      spot_price: replaced('compute_resources[0].bid_percentage'),
      spot_own_role: replaced('compute_resources[0].bid_percentage'),
    },
  },
  {
    argument:
      'allocation_strategy, from one the provider lists to the other (SPOT_CAPACITY_OPTIMIZED to BEST_FIT_PROGRESSIVE)',
    edit: (ce) => resources(ce, { allocationStrategy: 'BEST_FIT_PROGRESSIVE' }),
    expected: { spot: 'update', spot_own_role: replaced('compute_resources[0].allocation_strategy') },
  },
  {
    argument: 'allocation_strategy, to or from one the provider does not list',
    edit: (ce, key) => resources(ce, { allocationStrategy: UNLISTED_ALLOCATION_CHANGES[key] }),
    expected: each(
      ['ec2', 'spot', 'spot_price', 'ec2_own_role', 'ec2_best_fit'],
      replaced('compute_resources[0].allocation_strategy'),
    ),
  },
  {
    argument: 'ec2_configuration image_type',
    edit: (ce) => resources(ce, { ec2Configuration: [{ imageType: 'ECS_AL2023' }] }),
    expected: infrastructureUpdate('compute_resources[0].ec2_configuration[0].image_type'),
  },
  {
    argument: 'ec2_configuration image_id_override',
    edit: (ce) =>
      resources(ce, { ec2Configuration: [{ imageType: 'ECS_AL2', imageIdOverride: 'ami-0123456789abcdef0' }] }),
    expected: infrastructureUpdate('compute_resources[0].ec2_configuration[0].image_id_override'),
  },
  {
    argument: 'a second ec2_configuration entry',
    edit: (ce) =>
      resources(ce, { ec2Configuration: [...ce.computeResources!.ec2Configuration!, { imageType: 'ECS_AL2_NVIDIA' }] }),
    expected: each(EC2_AND_SPOT, replaced('compute_resources[0].ec2_configuration')),
  },
  {
    argument: 'ec2_configuration left out',
    edit: (ce) => {
      const { ec2Configuration: _left, ...rest } = ce.computeResources!;
      return { ...ce, computeResources: rest };
    },
    // Optional and computed: the provider keeps what Batch reports.
    expected: each(EC2_AND_SPOT, 'noop'),
  },
  {
    argument: 'type EC2 to SPOT, with the Spot Fleet role the batch stack gives every SPOT environment',
    edit: (ce, _key, _network, refs) => resources(ce, { type: 'SPOT', spotFleetRoleArn: refs.spotFleetRoleArn }),
    expected: each(['ec2', 'ec2_own_role'], replaced('compute_resources[0].spot_iam_fleet_role')),
  },
  {
    argument: 'launch template version: the template changed (its new latest_version is unknown while planning)',
    edit: (ce) => ce,
    template: LARGER_ROOT_VOLUME,
    // The construct's replace_triggered_by on the template's latest_version, for the environments
    // the provider cannot update.
    expected: { ec2: 'update', spot: 'update', ...each(NOT_UPDATABLE, TRIGGERED) },
  },
  {
    argument:
      'launch template version: the template changed, ' +
      "the provider alone (without the construct's replace_triggered_by)",
    edit: (ce) => ce,
    template: { userData: userData('MIME-Version: 1.0\n') },
    providerAlone: true,
    // With the new version unknown while planning, the provider forces no replacement: every
    // environment plans an update.
    expected: each(EC2_AND_SPOT, 'update'),
  },
  {
    argument: 'launch template version: the template changed, fixed names',
    applied: (ce) => ({ ...ce, fixedName: true }),
    edit: (ce) => ce,
    template: LARGER_ROOT_VOLUME,
    expected: {
      ec2: 'update',
      spot: 'update',
      ...each(NOT_UPDATABLE, 'replace, destroying first (replace_triggered_by)'),
    },
  },
  {
    argument: 'launch template version: another number',
    edit: (ce, _key, _network, refs) =>
      resources(ce, { launchTemplate: { id: refs.template.template.id, version: '2' } }),
    expected: infrastructureUpdate('compute_resources[0].launch_template[0].version'),
  },
  {
    argument: 'another launch_template_id',
    edit: (ce, _key, _network, refs) => resources(ce, { launchTemplate: pinned(refs.otherTemplate) }),
    expected: infrastructureUpdate('compute_resources[0].launch_template[0].launch_template_id'),
  },
  {
    argument: 'launch_template removed',
    edit: withoutLaunchTemplate,
    expected: {
      ...each(['ec2', 'spot'], replaced('compute_resources[0].launch_template')),
      ...each(
        NOT_UPDATABLE,
        replaced('compute_resources[0].launch_template', 'compute_resources[0].launch_template[0].launch_template_id'),
      ),
    },
  },
  {
    argument: 'launch_template added',
    applied: withoutLaunchTemplate,
    edit: (ce, _key, _network, refs) => resources(ce, { launchTemplate: pinned(refs.template) }),
    expected: {
      ...each(['ec2', 'spot'], replaced('compute_resources[0].launch_template')),
      ...each(
        NOT_UPDATABLE,
        replaced(
          'compute_resources[0].launch_template',
          'compute_resources[0].launch_template[0].launch_template_id',
          'compute_resources[0].launch_template[0].version',
        ),
      ),
    },
  },
  {
    argument: 'subnets',
    edit: (ce, _key, network) => resources(ce, { subnetIds: network.subnets }),
    expected: { ...infrastructureUpdate('compute_resources[0].subnets'), fargate: 'update' },
  },
  {
    argument: 'security groups',
    edit: (ce, _key, network) => resources(ce, { securityGroupIds: [network.securityGroups[1]] }),
    expected: { ...infrastructureUpdate('compute_resources[0].security_group_ids'), fargate: 'update' },
  },
  {
    argument: 'another spot_iam_fleet_role',
    edit: (ce, _key, _network, refs) => resources(ce, { spotFleetRoleArn: refs.otherSpotFleetRoleArn }),
    expected: each(['spot', 'spot_price', 'spot_own_role'], replaced('compute_resources[0].spot_iam_fleet_role')),
  },
  {
    argument: 'placement_group',
    edit: (ce, _key, network) => resources(ce, { placementGroup: network.placementGroup }),
    expected: each(EC2_AND_SPOT, replaced('compute_resources[0].placement_group')),
  },
  {
    argument: 'compute_environment_name',
    edit: (ce) => ({ ...ce, name: `${ce.name}-v2` }),
    expected: each(ENVIRONMENTS, replaced('compute_environment_name_prefix')),
  },
  {
    argument: 'type MANAGED to UNMANAGED (compute_resources removed)',
    edit: ({ computeResources: _removed, ...ce }) => ({ ...ce, type: 'UNMANAGED' }),
    // Forced by type, compute_resources and, for the environments that are not updatable, each
    // compute_resources attribute.
    expected: each(ENVIRONMENTS, 'replace'),
  },
  {
    argument: 'fixed_name',
    edit: (ce) => ({ ...ce, fixedName: true }),
    expected: each(ENVIRONMENTS, 'replace, destroying first (compute_environment_name)'),
  },
  {
    argument: 'service_role left out (an own role to "service_linked")',
    edit: ({ serviceRoleArn: _left, ...ce }) => ce,
    expected: { ec2_own_role: 'noop', spot_own_role: 'noop' },
  },
];

/**
 * The strategy each environment of the unlisted-strategy case changes to: BEST_FIT or
 * SPOT_PRICE_CAPACITY_OPTIMIZED, or away from them.
 */
const UNLISTED_ALLOCATION_CHANGES: Readonly<Partial<Record<EnvironmentKey, string>>> = {
  ec2: 'BEST_FIT',
  spot: 'SPOT_PRICE_CAPACITY_OPTIMIZED',
  spot_price: 'SPOT_CAPACITY_OPTIMIZED',
  ec2_own_role: 'BEST_FIT',
  ec2_best_fit: 'BEST_FIT_PROGRESSIVE',
};

const assume = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

/**
 * A stack with its provider and the resources its environments refer to, named after `prefix`;
 * `template` adds a launch template.
 */
function stackWithRefs(
  endpoint: string,
  name: string,
  prefix: string,
): {
  stack: TerraformStack;
  refs: StackRefs;
  template: (id: string, change?: Partial<BatchLaunchTemplateProps>) => BatchLaunchTemplate;
} {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), name);
  new AwsProvider(stack, 'aws', {
    region: REGION,
    ...localAwsProviderSettings({ batch: endpoint, ec2: endpoint, iam: endpoint, sts: endpoint }),
  });
  const named = (id: string): string => `${prefix}-${id.replace(/_/g, '-')}`;
  const role = (id: string, service: string): IamRole =>
    new IamRole(stack, id, { name: named(id), assumeRolePolicy: assume(service) });
  const instanceRole = role('instance_role', 'ec2.amazonaws.com');
  const profile = (id: string): string =>
    new IamInstanceProfile(stack, id, { name: named(id), role: instanceRole.name }).arn;
  const template = (id: string, change?: Partial<BatchLaunchTemplateProps>): BatchLaunchTemplate =>
    new BatchLaunchTemplate(stack, id, { ...TEMPLATE, name: named(id), ...change });
  const refs: StackRefs = {
    serviceRoleArn: role('service_role', 'batch.amazonaws.com').arn,
    instanceProfileArns: [profile('instance_profile_a'), profile('instance_profile_b')],
    spotFleetRoleArn: role('spot_fleet_role', 'spotfleet.amazonaws.com').arn,
    otherSpotFleetRoleArn: role('other_spot_fleet_role', 'spotfleet.amazonaws.com').arn,
    template: template('template'),
    otherTemplate: template('other_template'),
  };
  return { stack, refs, template };
}

/**
 * The stack, its cases changed or not: its Terraform JSON, the case and environment of each
 * environment's address, and the address of each case's own template.
 */
function synth(
  endpoint: string,
  network: Network,
  changed: boolean,
): { json: string; environments: Map<string, [Case | undefined, EnvironmentKey]>; templates: Map<string, Case> } {
  const { stack, refs, template } = stackWithRefs(endpoint, 'compute-environment-updates', 'ceu');
  const environments = new Map<string, [Case | undefined, EnvironmentKey]>();
  const templates = new Map<string, Case>();
  for (const [index, change] of [undefined, ...CASES].entries()) {
    const id = change ? `case${String(index).padStart(2, '0')}` : 'control';
    let own = refs.template;
    if (change?.template) {
      own = template(`${id}_template`, changed ? change.template : undefined);
      templates.set(`aws_launch_template.${own.template.friendlyUniqueId}`, change);
    }
    const base = baseEnvironments(id, network, refs, own);
    const keys = change ? ENVIRONMENTS.filter((key) => key in change.expected) : ENVIRONMENTS;
    for (const key of keys) {
      const applied = change?.applied ? change.applied(base[key], key, network, refs) : base[key];
      const ce = new BatchComputeEnvironment(
        stack,
        `${id}_${key}`,
        change && changed ? change.edit(applied, key, network, refs) : applied,
      );
      if (change?.providerAlone) withoutTrigger(ce);
      environments.set(`aws_batch_compute_environment.${ce.environment.friendlyUniqueId}`, [change, key]);
    }
  }
  return { json: Testing.synth(stack, true), environments, templates };
}

/**
 * The environments of the applied template change, each on the stack's template: an updatable one
 * (service-linked role, BEST_FIT_PROGRESSIVE), the shipped configuration's kind
 * (SPOT_PRICE_CAPACITY_OPTIMIZED on an own service role), and that kind without the construct's
 * trigger. No job queue: the provider waits 30 s after creating or updating one (waitJobQueueCreated's Delay).
 */
const STEPS = ['updatable', 'shipped', 'alone'] as const;
type StepsKey = (typeof STEPS)[number];

/**
 * The applied template change's stack, its template's user data changed or not: its JSON and the
 * key of each environment's address.
 */
function stepsSynth(
  endpoint: string,
  network: Network,
  changed: boolean,
): { json: string; environments: Map<string, StepsKey> } {
  const { stack, refs, template } = stackWithRefs(endpoint, 'compute-environment-two-steps', 'ceu-steps');
  const base = baseEnvironments(
    'steps',
    network,
    refs,
    template('steps_template', {
      userData: userData(changed ? 'MIME-Version: 1.0\n\n2\n' : 'MIME-Version: 1.0\n\n1\n'),
    }),
  );
  const shippedKind = (name: string): BatchComputeEnvironmentProps => ({
    ...base.spot_price,
    name: `ceu-steps-${name}`,
    serviceRoleArn: refs.serviceRoleArn,
  });
  const props: Record<StepsKey, BatchComputeEnvironmentProps> = {
    updatable: base.ec2,
    shipped: shippedKind('shipped'),
    alone: shippedKind('alone'),
  };
  const environments = new Map<string, StepsKey>();
  for (const key of STEPS) {
    const ce = new BatchComputeEnvironment(stack, key, props[key]);
    if (key === 'alone') withoutTrigger(ce);
    environments.set(`aws_batch_compute_environment.${ce.environment.friendlyUniqueId}`, key);
  }
  return { json: Testing.synth(stack, true), environments };
}

/** What the plan does to each environment of a case (the unchanged copy: undefined). */
type Measured = Map<Case | undefined, Partial<Record<EnvironmentKey, Outcome>>>;

/** One apply of every case's environments, then one plan of every change. */
async function planEveryCase(
  endpoint: string,
  network: Network,
  directory: string,
): Promise<{ measured: Measured; others: string[] }> {
  const workspace = new StackWorkspace({
    name: 'compute-environment-updates',
    directory,
    env: terraformEnvironment(PROJECT_ROOT),
  });
  fs.mkdirSync(directory);
  fs.writeFileSync(path.join(directory, 'cdk.tf.json'), synth(endpoint, network, false).json);
  await workspace.init();
  await workspace.plan({ out: 'base.tfplan' });
  await workspace.apply('base.tfplan');

  const { json, environments, templates } = synth(endpoint, network, true);
  fs.writeFileSync(path.join(directory, 'cdk.tf.json'), json);
  const result = await workspace.plan({ out: 'changes.tfplan', showJson: true });
  const measured: Measured = new Map([undefined, ...CASES].map((change) => [change, {}]));
  const others: string[] = [];
  for (const c of plannedChanges(parseTerraformPlan(JSON.stringify(result.json), 'changes.tfplan'))) {
    const outcome = outcomeOf(c);
    const environment = environments.get(c.address);
    if (environment) {
      const [change, key] = environment;
      if (c.kind !== 'noop' || change) measured.get(change)![key] = outcome;
    } else if (c.kind !== 'noop') {
      const template = templates.get(c.address);
      others.push(`${template ? `the template of "${template.argument}"` : c.address}: ${outcome}`);
    }
  }
  return { measured, others };
}

/** What applying a change of the template's user data did. */
interface TwoSteps {
  /** The plan of the change: what it does to each environment that it changes. */
  readonly planned: Partial<Record<StepsKey, Outcome>>;
  /** The environments whose final plan Terraform refused at apply, with the change of action it reports. */
  readonly refused: readonly string[];
  /** The environments (or other addresses) of every error of the apply. */
  readonly failed: readonly string[];
  /**
   * The UpdateComputeEnvironment requests the local AWS received during the apply, for each
   * environment: their bodies without the name.
   */
  readonly updates: Partial<Record<StepsKey, unknown[]>>;
  /** The template's id, and its latest and default version numbers after the apply. */
  readonly template: { readonly id: string; readonly latest: number; readonly default: number };
  /** The environments the local AWS holds after the apply, for each key: name and launch template version. */
  readonly held: Partial<Record<StepsKey, { name: string; version: string }[]>>;
  /** The next plan: what it does to each environment that it changes. */
  readonly replanned: Partial<Record<StepsKey, Outcome>>;
}

/** The key of a two-step environment's generated name. */
function stepsKeyOf(name: string): StepsKey | undefined {
  const match = /^ceu-steps-(ec2|shipped|alone)-\d/.exec(name);
  return match ? (match[1] === 'ec2' ? 'updatable' : (match[1] as StepsKey)) : undefined;
}

/**
 * Apply, change the template's user data, apply again, plan again; the local AWS records the second
 * apply's requests.
 */
async function applyTemplateChange(
  localAws: LocalAws,
  network: Network,
  directory: string,
  recording: string,
): Promise<TwoSteps> {
  const workspace = new StackWorkspace({
    name: 'compute-environment-two-steps',
    directory,
    env: terraformEnvironment(PROJECT_ROOT),
  });
  fs.mkdirSync(directory);
  const write = (changed: boolean): Map<string, StepsKey> => {
    const { json, environments } = stepsSynth(localAws.endpoint, network, changed);
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), json);
    return environments;
  };
  const outcomes = async (
    out: string,
    environments: Map<string, StepsKey>,
  ): Promise<Partial<Record<StepsKey, Outcome>>> => {
    const result = await workspace.plan({ out, showJson: true });
    const changes = plannedChanges(parseTerraformPlan(JSON.stringify(result.json), out)).filter(
      (c) => c.kind !== 'noop' && environments.has(c.address),
    );
    return Object.fromEntries(changes.map((c) => [environments.get(c.address)!, outcomeOf(c)]));
  };
  write(false);
  await workspace.init();
  await workspace.plan({ out: 'base.tfplan' });
  await workspace.apply('base.tfplan');

  const environments = write(true);
  const planned = await outcomes('change.tfplan', environments);
  const recorder = (action: string): Promise<Response> =>
    fetch(`${localAws.endpoint}/moto-api/recorder/${action}-recording`, { method: 'POST' });
  await recorder('start');
  let errors = '';
  try {
    await workspace.apply('change.tfplan');
  } catch (error) {
    if (!(error instanceof TerraformCommandError)) throw error;
    errors = `${error.result.stderr}\n${error.result.stdout}`.replace(/\s+/g, ' ');
  } finally {
    await recorder('stop');
  }
  const keyOf = (address: string): string => environments.get(address) ?? address;
  const inconsistentFinalPlan = new RegExp(
    String.raw`When expanding the plan for (\S+) to include new values learned so far during apply, ` +
      String.raw`provider "[^"]+" changed the planned action from (\w+) to (\w+)\.`,
    'g',
  );
  const refused = [...errors.matchAll(inconsistentFinalPlan)].map(
    ([, address, from, to]) => `${keyOf(address!)}: ${from} to ${to}`,
  );
  const failed = [
    ...new Set([...errors.matchAll(/When expanding the plan for (\S+) /g)].map(([, address]) => keyOf(address!))),
  ];

  const updates: Partial<Record<StepsKey, unknown[]>> = {};
  for (const line of fs
    .readFileSync(recording, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)) {
    const entry = JSON.parse(line) as { url: string; body: string | null; body_encoded: boolean };
    if (new URL(entry.url).pathname !== '/v1/updatecomputeenvironment' || !entry.body) continue;
    const { computeEnvironment, ...body } = JSON.parse(
      entry.body_encoded ? Buffer.from(entry.body, 'base64').toString('utf8') : entry.body,
    ) as { computeEnvironment: string };
    const key = stepsKeyOf(computeEnvironment);
    if (key) (updates[key] ??= []).push(body);
  }

  const batch = new BatchClient({ endpoint: localAws.endpoint, region: REGION, credentials });
  const ec2 = new EC2Client({ endpoint: localAws.endpoint, region: REGION, credentials });
  try {
    const held: Partial<Record<StepsKey, { name: string; version: string }[]>> = {};
    for (const ce of (await batch.send(new DescribeComputeEnvironmentsCommand({}))).computeEnvironments ?? []) {
      const key = stepsKeyOf(ce.computeEnvironmentName!);
      if (key)
        (held[key] ??= []).push({
          name: ce.computeEnvironmentName!,
          version: ce.computeResources!.launchTemplate!.version!,
        });
    }
    const [template] = (
      await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['ceu-steps-steps-template'] }))
    ).LaunchTemplates!;
    return {
      planned,
      refused,
      failed,
      updates,
      held,
      template: {
        id: template!.LaunchTemplateId!,
        latest: template!.LatestVersionNumber!,
        default: template!.DefaultVersionNumber!,
      },
      replanned: await outcomes('replan.tfplan', environments),
    };
  } finally {
    batch.destroy();
    ec2.destroy();
  }
}

describe('compute environments on hashicorp/aws 5.100.0: what a one-argument change updates or replaces', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compute-environment-updates-'));
  const recording = path.join(work, 'requests.jsonl');
  let localAws: LocalAws;
  let measured: Measured;
  /** Changes of anything but an environment. */
  let others: string[];
  let steps: TwoSteps;

  beforeAll(async () => {
    // moto's recorder (/moto-api/recorder) appends each request it receives, its body included, to
    // this file while it records.
    localAws = await startLocalAws({
      logFile: path.join(work, 'server.log'),
      env: { ...process.env, MOTO_RECORDER_FILEPATH: recording },
    });
    const overlay = await bootstrapLocalAws(localAws.endpoint, {
      environment: 'ce-updates',
      region: REGION,
      stateBucket: 'ce-updates-state',
      stateRegion: REGION,
      vpcCidr: '10.40.0.0/16',
      privateSubnetCount: 3,
      notificationBuckets: [],
    });
    const ec2 = new EC2Client({ endpoint: localAws.endpoint, region: REGION, credentials });
    const group = async (name: string): Promise<string> =>
      (
        await ec2.send(
          new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: overlay.network.vpc_id }),
        )
      ).GroupId!;
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'ce-updates' }));
    // moto 5.2.1 has no EC2 placement groups (CreatePlacementGroup answers 500); neither Batch in
    // moto nor the provider's plan looks the name up.
    const network: Network = {
      subnets: overlay.network.private_subnet_ids,
      securityGroups: [await group('ce-updates-a'), await group('ce-updates-b')],
      placementGroup: 'ce-updates',
      keyPair: 'ce-updates',
    };
    ec2.destroy();

    const [cases, applied] = await Promise.all([
      planEveryCase(localAws.endpoint, network, path.join(work, 'stack')),
      applyTemplateChange(localAws, network, path.join(work, 'two-steps'), recording),
    ]);
    ({ measured, others } = cases);
    steps = applied;
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('the unchanged copy plans no change: what the local AWS returns is what was applied', () => {
    expect(measured.get(undefined)).toEqual({});
  });

  test('nothing else changes but the template a case changes', () => {
    expect(others).toEqual(CASES.filter((c) => c.template).map((c) => `the template of "${c.argument}": update`));
  });

  test.each(CASES.map((c) => [c.argument, c] as const))('%s', (_argument, change) => {
    const outcomes = Object.entries(measured.get(change)!).map(([key, outcome]) => [
      key,
      change.expected[key as EnvironmentKey] === 'replace' ? outcome.replace(/ \(.*\)$/, '') : outcome,
    ]);
    expect(Object.fromEntries(outcomes)).toEqual(change.expected);
  });

  describe("a change of the template's user data, applied, then planned again", () => {
    // The shipped configuration's kind of environment is replaced by the construct's trigger; the
    // updatable environment, and the shipped kind without the trigger, are updated.
    test('the plan: the shipped kind replaced by the trigger, the others updated', () => {
      expect(steps.planned).toEqual({ updatable: 'update', shipped: TRIGGERED, alone: 'update' });
    });

    // "Provider produced inconsistent final plan": Update became DeleteThenCreate, after the
    // template's new version is made the default; Batch gets no request for the environment.
    test('without the trigger the apply stops at that environment; the next plan replaces it', () => {
      expect(steps.refused).toEqual(['alone: Update to DeleteThenCreate']);
      expect(steps.failed).toEqual(['alone']);
      expect(steps.template).toMatchObject({ latest: 2, default: 2 });
      expect(steps.updates.alone).toBeUndefined();
      expect(steps.held.alone?.map((ce) => ce.version)).toEqual(['1']);
      expect(steps.replanned.alone).toBe(replaced('compute_resources[0].launch_template[0].version'));
    });

    test('with the trigger the new environment takes the new version, the old one is deleted; then no change', () => {
      expect(steps.held.shipped?.map((ce) => ce.version)).toEqual(['2']);
      expect(steps.updates.shipped).toEqual([{ state: 'DISABLED' }]);
      expect(steps.replanned.shipped).toBeUndefined();
    });

    test('the updatable environment: UpdateComputeEnvironment carries the new version (infrastructure update)', () => {
      expect(steps.updates.updatable).toEqual([
        { computeResources: { launchTemplate: { launchTemplateId: steps.template.id, version: '2' }, maxvCpus: 16 } },
      ]);
      // moto 5.2.1 keeps none of an update's computeResources
      // (BatchBackend.update_compute_environment passes on them): it still reports version 1, so
      // the next plan repeats the update.
      expect(steps.held.updatable?.map((ce) => ce.version)).toEqual(['1']);
      expect(steps.replanned.updatable).toBe('update');
    });
  });
});
