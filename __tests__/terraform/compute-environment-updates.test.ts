import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateKeyPairCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack, Token } from 'cdktf';
import { BatchComputeEnvironment, type BatchComputeEnvironmentProps, type ComputeResourcesProps } from '../../lib/constructs/batch/batch-compute-environment';
import { BatchLaunchTemplate, type BatchLaunchTemplateProps } from '../../lib/constructs/batch/batch-launch-template';
import { localAwsProviderSettings } from '../../lib/deployment/aws-provider';
import { LOCAL_AWS_CREDENTIALS } from '../../lib/deployment/state-backend';
import { bootstrapLocalAws } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { parseTerraformPlan } from '../../lib/plan-review/terraform-plan';
import { plannedChanges } from '../../lib/plan-review/planned-change';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(15 * 60_000);

/**
 * docs/batch.md, "What updates in place and what replaces", compute environments: measured. One
 * apply of a stack of compute environments (the project's BatchComputeEnvironment, so its
 * create_before_destroy and ignore_changes on desired_vcpus are in play) to the local AWS, then one
 * plan per argument, changed in every environment it applies to. The hashicorp/aws provider
 * decides update or replace in the plan (schema ForceNew and CustomizeDiff), so the plan is the
 * measurement; nothing is applied after the first apply.
 *
 * Not held by the local AWS (moto 5.2.1): an environment applied with update_policy (moto's
 * UpdateComputeEnvironment drops it and DescribeComputeEnvironments never returns it, so every plan
 * would show it changed); adding one is measured instead. moto checks neither launch templates nor
 * placement groups against Batch rules; the provider does not either while planning.
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
  readonly subnets: readonly string[];
  readonly securityGroups: readonly [string, string];
  readonly placementGroup: string;
  readonly keyPair: string;
}

/** Resources of the stack itself that the environments refer to. */
interface StackRefs {
  readonly serviceRoleArn: string;
  readonly instanceProfileArns: readonly [string, string];
  readonly spotFleetRoleArn: string;
  readonly templates: readonly [BatchLaunchTemplate, BatchLaunchTemplate];
}

type Environments = Record<EnvironmentKey, BatchComputeEnvironmentProps>;

const TEMPLATE: BatchLaunchTemplateProps = {
  name: 'ce-updates-a',
  httpEndpoint: 'enabled',
  httpTokens: 'required',
  httpPutResponseHopLimit: 1,
  blockDevices: [{ deviceName: '/dev/xvda', volumeSize: 30, volumeType: 'gp3', encrypted: true, deleteOnTermination: true }],
  monitoring: false,
};

/** The applied environments. */
function baseEnvironments(network: Network, refs: StackRefs): Environments {
  const [template] = refs.templates;
  const ec2 = (allocationStrategy: string): ComputeResourcesProps => ({
    type: 'EC2',
    allocationStrategy,
    minVcpus: 0,
    maxVcpus: 16,
    instanceTypes: ['c5'],
    instanceRoleArn: refs.instanceProfileArns[0],
    subnetIds: network.subnets.slice(0, 2),
    securityGroupIds: [network.securityGroups[0]],
    launchTemplate: { id: template.template.id, version: Token.asString(template.template.latestVersion) },
    ec2Configuration: [{ imageType: 'ECS_AL2' }],
    tags: { team: 'batch' },
  });
  const spot = (allocationStrategy: string | undefined): ComputeResourcesProps => {
    const { allocationStrategy: _ec2Strategy, ...common } = ec2('');
    return { ...common, type: 'SPOT', ...(allocationStrategy ? { allocationStrategy } : {}), bidPercentage: 60, spotFleetRoleArn: refs.spotFleetRoleArn };
  };
  const environment = (name: string, computeResources: ComputeResourcesProps, serviceRoleArn?: string): BatchComputeEnvironmentProps => ({
    name: `ce-updates-${name}`,
    type: 'MANAGED',
    state: 'ENABLED',
    ...(serviceRoleArn ? { serviceRoleArn } : {}),
    tags: { purpose: 'update-measurement' },
    computeResources,
  });
  return {
    ec2: environment('ec2', ec2('BEST_FIT_PROGRESSIVE')),
    spot: environment('spot', spot('SPOT_CAPACITY_OPTIMIZED')),
    // The construct's default for SPOT: SPOT_PRICE_CAPACITY_OPTIMIZED.
    spot_price: environment('spot-price', spot(undefined)),
    ec2_own_role: environment('ec2-own-role', ec2('BEST_FIT_PROGRESSIVE'), refs.serviceRoleArn),
    ec2_best_fit: environment('ec2-best-fit', ec2('BEST_FIT')),
    spot_own_role: environment('spot-own-role', spot('SPOT_CAPACITY_OPTIMIZED'), refs.serviceRoleArn),
    fargate: environment('fargate', { type: 'FARGATE', maxVcpus: 16, subnetIds: network.subnets.slice(0, 2), securityGroupIds: [network.securityGroups[0]] }),
  };
}

/** One argument changed: the new props of each environment it applies to. */
type Edit = (ce: BatchComputeEnvironmentProps, key: EnvironmentKey, network: Network, refs: StackRefs) => BatchComputeEnvironmentProps;

/** What the plan does to one environment: `update`, `noop`, or `replace (<the attributes Terraform says force it>)`. */
type Outcome = string;

/** A change of one argument, and what the plan does to each environment it changes. */
interface Case {
  /** The argument, as the doc's table names it. */
  readonly argument: string;
  /** The change. */
  readonly edit: Edit;
  /** The plan's action on each environment changed; the others must stay untouched. */
  readonly expected: Partial<Record<EnvironmentKey, Outcome>>;
  /** The launch template the case changes instead of an environment argument. */
  readonly template?: Partial<BatchLaunchTemplateProps>;
}

/** The compute resources of `ce`, with `patch` over them. */
function resources(ce: BatchComputeEnvironmentProps, patch: Partial<ComputeResourcesProps>): BatchComputeEnvironmentProps {
  return { ...ce, computeResources: { ...ce.computeResources!, ...patch } };
}

/** The same outcome for each of `keys`. */
function each(keys: readonly EnvironmentKey[], outcome: Outcome): Partial<Record<EnvironmentKey, Outcome>> {
  return Object.fromEntries(keys.map((key) => [key, outcome]));
}

const replace = (...attributes: string[]): Outcome => `replace (${attributes.join(', ')})`;

/**
 * An infrastructure update: in place for the updatable environments (service-linked role,
 * BEST_FIT_PROGRESSIVE or SPOT_CAPACITY_OPTIMIZED), replaced, forced by `attribute`, for the
 * others, SPOT_PRICE_CAPACITY_OPTIMIZED on the service-linked role among them.
 */
function infrastructureUpdate(attribute: string): Partial<Record<EnvironmentKey, Outcome>> {
  return { ec2: 'update', spot: 'update', spot_price: replace(attribute), ec2_own_role: replace(attribute), ec2_best_fit: replace(attribute), spot_own_role: replace(attribute) };
}

const NOT_UPDATABLE = ['spot_price', 'ec2_own_role', 'ec2_best_fit', 'spot_own_role'] as const;

const CASES: readonly Case[] = [
  { argument: 'max_vcpus', edit: (ce) => resources(ce, { maxVcpus: 32 }), expected: each(ENVIRONMENTS, 'update') },
  { argument: 'min_vcpus', edit: (ce) => resources(ce, { minVcpus: 2 }), expected: each(EC2_AND_SPOT, 'update') },
  { argument: 'desired_vcpus', edit: (ce) => resources(ce, { desiredVcpus: 4 }), expected: each(EC2_AND_SPOT, 'noop') },
  { argument: 'state', edit: (ce) => ({ ...ce, state: 'DISABLED' }), expected: each(ENVIRONMENTS, 'update') },
  { argument: 'update_policy', edit: (ce) => ({ ...ce, updatePolicy: { terminateJobsOnUpdate: false, jobExecutionTimeoutMinutes: 30 } }), expected: each(EC2_AND_SPOT, 'update') },
  { argument: 'tags', edit: (ce) => ({ ...ce, tags: { ...ce.tags, owner: 'platform' } }), expected: each(ENVIRONMENTS, 'update') },
  { argument: 'compute_resources.tags', edit: (ce) => resources(ce, { tags: { team: 'batch', owner: 'platform' } }), expected: infrastructureUpdate('compute_resources[0].tags') },
  { argument: 'instance_types', edit: (ce) => resources(ce, { instanceTypes: ['c5', 'm5'] }), expected: infrastructureUpdate('compute_resources[0].instance_type') },
  { argument: 'instance_role', edit: (ce, _key, _network, refs) => resources(ce, { instanceRoleArn: refs.instanceProfileArns[1] }), expected: infrastructureUpdate('compute_resources[0].instance_role') },
  { argument: 'ec2_key_pair', edit: (ce, _key, network) => resources(ce, { ec2KeyPair: network.keyPair }), expected: infrastructureUpdate('compute_resources[0].ec2_key_pair') },
  {
    argument: 'bid_percentage',
    edit: (ce) => resources(ce, { bidPercentage: 80 }),
    expected: { spot: 'update', spot_price: replace('compute_resources[0].bid_percentage'), spot_own_role: replace('compute_resources[0].bid_percentage') },
  },
  {
    argument: 'allocation_strategy',
    edit: (ce, key) => resources(ce, { allocationStrategy: ALLOCATION_CHANGES[key] }),
    // In place only from one listed strategy to the other, and those two belong to different types: every change Batch allows replaces.
    expected: each(EC2_AND_SPOT, replace('compute_resources[0].allocation_strategy')),
  },
  { argument: 'ec2_configuration image_type', edit: (ce) => resources(ce, { ec2Configuration: [{ imageType: 'ECS_AL2023' }] }), expected: infrastructureUpdate('compute_resources[0].ec2_configuration[0].image_type') },
  {
    argument: 'a second ec2_configuration entry',
    edit: (ce) => resources(ce, { ec2Configuration: [...ce.computeResources!.ec2Configuration!, { imageType: 'ECS_AL2_NVIDIA' }] }),
    expected: each(EC2_AND_SPOT, replace('compute_resources[0].ec2_configuration')),
  },
  {
    argument: 'launch template version: the template changed (its new latest_version is unknown while planning)',
    edit: (ce) => ce,
    template: { blockDevices: [{ ...TEMPLATE.blockDevices[0]!, volumeSize: 50 }] },
    // The provider's CustomizeDiff forces no replacement for a value it cannot know yet: every environment plans an update.
    expected: each(EC2_AND_SPOT, 'update'),
  },
  {
    argument: 'launch template version: another number',
    edit: (ce) => resources(ce, { launchTemplate: { ...ce.computeResources!.launchTemplate!, version: '2' } }),
    expected: infrastructureUpdate('compute_resources[0].launch_template[0].version'),
  },
  {
    argument: 'another launch_template_id',
    edit: (ce, _key, _network, refs) => resources(ce, { launchTemplate: { id: refs.templates[1].template.id, version: Token.asString(refs.templates[1].template.latestVersion) } }),
    expected: infrastructureUpdate('compute_resources[0].launch_template[0].launch_template_id'),
  },
  {
    argument: 'launch_template removed',
    edit: (ce) => {
      const { launchTemplate: _removed, ...rest } = ce.computeResources!;
      return { ...ce, computeResources: rest };
    },
    expected: {
      ...each(['ec2', 'spot'], replace('compute_resources[0].launch_template')),
      ...each(NOT_UPDATABLE, replace('compute_resources[0].launch_template', 'compute_resources[0].launch_template[0].launch_template_id')),
    },
  },
  { argument: 'subnets', edit: (ce, _key, network) => resources(ce, { subnetIds: network.subnets }), expected: { ...infrastructureUpdate('compute_resources[0].subnets'), fargate: 'update' } },
  {
    argument: 'security groups',
    edit: (ce, _key, network) => resources(ce, { securityGroupIds: [network.securityGroups[1]] }),
    expected: { ...infrastructureUpdate('compute_resources[0].security_group_ids'), fargate: 'update' },
  },
  { argument: 'placement_group', edit: (ce, _key, network) => resources(ce, { placementGroup: network.placementGroup }), expected: each(EC2_AND_SPOT, replace('compute_resources[0].placement_group')) },
  { argument: 'compute_environment_name', edit: (ce) => ({ ...ce, name: `${ce.name}-v2` }), expected: each(ENVIRONMENTS, replace('compute_environment_name_prefix')) },
  {
    argument: 'service_role left out (an own role to "service_linked")',
    edit: ({ serviceRoleArn: _left, ...ce }) => ce,
    expected: { ec2_own_role: 'noop', spot_own_role: 'noop' },
  },
];

/** The allocation strategy each environment changes to: the other strategy of its type. */
const ALLOCATION_CHANGES: Readonly<Record<EnvironmentKey, string>> = {
  ec2: 'BEST_FIT',
  spot: 'SPOT_PRICE_CAPACITY_OPTIMIZED',
  spot_price: 'SPOT_CAPACITY_OPTIMIZED',
  ec2_own_role: 'BEST_FIT',
  ec2_best_fit: 'BEST_FIT_PROGRESSIVE',
  spot_own_role: 'SPOT_PRICE_CAPACITY_OPTIMIZED',
  fargate: '',
};

const assume = (service: string): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** The stack's Terraform JSON with `change` made, each environment's resource address, and the changed template's. */
function synth(endpoint: string, network: Network, change?: Case): { json: string; addresses: Map<string, EnvironmentKey>; templateAddress: string } {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'compute-environment-updates');
  new AwsProvider(stack, 'aws', { region: REGION, ...localAwsProviderSettings({ batch: endpoint, ec2: endpoint, iam: endpoint, sts: endpoint }) });
  const role = (id: string, service: string): IamRole => new IamRole(stack, id, { name: `ce-updates-${id.replace(/_/g, '-')}`, assumeRolePolicy: assume(service) });
  const instanceRole = role('instance_role', 'ec2.amazonaws.com');
  const profile = (id: string): string => new IamInstanceProfile(stack, id, { name: `ce-updates-${id.replace(/_/g, '-')}`, role: instanceRole.name }).arn;
  const refs: StackRefs = {
    serviceRoleArn: role('service_role', 'batch.amazonaws.com').arn,
    instanceProfileArns: [profile('instance_profile_a'), profile('instance_profile_b')],
    spotFleetRoleArn: role('spot_fleet_role', 'spotfleet.amazonaws.com').arn,
    templates: [
      new BatchLaunchTemplate(stack, 'template_a', { ...TEMPLATE, ...change?.template }),
      new BatchLaunchTemplate(stack, 'template_b', { ...TEMPLATE, name: 'ce-updates-b' }),
    ],
  };
  const environments = baseEnvironments(network, refs);
  const addresses = new Map<string, EnvironmentKey>();
  for (const key of ENVIRONMENTS) {
    const props = change && key in change.expected ? change.edit(environments[key], key, network, refs) : environments[key];
    const ce = new BatchComputeEnvironment(stack, key, props);
    addresses.set(`aws_batch_compute_environment.${ce.environment.friendlyUniqueId}`, key);
  }
  return { json: Testing.synth(stack, true), addresses, templateAddress: `aws_launch_template.${refs.templates[0].template.friendlyUniqueId}` };
}

/** What a plan does to each environment it changes, and to anything else. */
interface Measured {
  readonly environments: Partial<Record<EnvironmentKey, Outcome>>;
  readonly others: readonly string[];
}

/**
 * A plan is mostly the provider starting (twice: plan, then show -json) with one core busy: two
 * copies of the applied stack folder let two plans run at once (measured: the cases' plans in 263 s
 * one at a time).
 */
const PLANS_AT_ONCE = 2;

/** Runs `work` for each item, each workspace planning one at a time; the promise of each item's result. */
function onWorkspaces<T, R>(items: readonly T[], workspaces: readonly StackWorkspace[], work: (item: T, workspace: StackWorkspace) => Promise<R>): Map<T, Promise<R>> {
  const free = [...workspaces];
  const waiting: ((workspace: StackWorkspace) => void)[] = [];
  const release = (workspace: StackWorkspace): void => {
    const next = waiting.shift();
    if (next) next(workspace);
    else free.push(workspace);
  };
  const run = async (item: T): Promise<R> => {
    const workspace = free.pop() ?? await new Promise<StackWorkspace>((resolve) => waiting.push(resolve));
    try {
      return await work(item, workspace);
    } finally {
      release(workspace);
    }
  };
  return new Map(items.map((item) => {
    const result = run(item);
    // Its test awaits it, maybe later: a failure is reported there, not as an unhandled rejection.
    result.catch(() => undefined);
    return [item, result];
  }));
}

describe('compute environments on hashicorp/aws 5.100.0: what a one-argument change updates in place and what it replaces', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compute-environment-updates-'));
  let localAws: LocalAws;
  let network: Network;
  let measurements: Map<Case | undefined, Promise<Measured>>;

  /** What the plan of `change` (none: the applied stack) does to each environment, and to anything else it touches. */
  const plan = async (change: Case | undefined, workspace: StackWorkspace): Promise<Measured> => {
    const { json, addresses, templateAddress } = synth(localAws.endpoint, network, change);
    fs.writeFileSync(path.join(workspace.directory, 'cdk.tf.json'), json);
    const result = await workspace.plan({ out: 'change.tfplan', showJson: true });
    const changes = plannedChanges(parseTerraformPlan(JSON.stringify(result.json), 'change.tfplan'));
    const environments: Partial<Record<EnvironmentKey, Outcome>> = {};
    const others: string[] = [];
    for (const c of changes) {
      const key = addresses.get(c.address);
      const outcome = c.kind === 'replace' ? replace(...c.forcedBy) : c.kind;
      if (key) {
        if (c.kind !== 'noop' || (change && key in change.expected)) environments[key] = outcome;
      } else if (c.kind !== 'noop') {
        others.push(`${c.address === templateAddress ? 'the changed template' : c.address}: ${outcome}`);
      }
    }
    return { environments, others };
  };

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    const overlay = await bootstrapLocalAws(localAws.endpoint, {
      environment: 'ce-updates', region: REGION, stateBucket: 'ce-updates-state', stateRegion: REGION, vpcCidr: '10.40.0.0/16', privateSubnetCount: 3, notificationBuckets: [],
    });
    const ec2 = new EC2Client({ endpoint: localAws.endpoint, region: REGION, credentials });
    const group = async (name: string): Promise<string> => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: overlay.network.vpc_id }))).GroupId!;
    await ec2.send(new CreateKeyPairCommand({ KeyName: 'ce-updates' }));
    // moto 5.2.1 has no EC2 placement groups (CreatePlacementGroup answers 500); neither Batch in moto nor the provider's plan looks the name up.
    network = { subnets: overlay.network.private_subnet_ids, securityGroups: [await group('ce-updates-a'), await group('ce-updates-b')], placementGroup: 'ce-updates', keyPair: 'ce-updates' };
    ec2.destroy();

    const env = terraformEnvironment(PROJECT_ROOT);
    const applied = new StackWorkspace({ name: 'compute-environment-updates', directory: path.join(work, 'stack-1'), env });
    fs.mkdirSync(applied.directory);
    fs.writeFileSync(path.join(applied.directory, 'cdk.tf.json'), synth(localAws.endpoint, network).json);
    await applied.init();
    await applied.plan({ out: 'base.tfplan' });
    await applied.apply('base.tfplan');
    const copies = Array.from({ length: PLANS_AT_ONCE - 1 }, (_, index) => {
      const directory = path.join(work, `stack-${index + 2}`);
      fs.cpSync(applied.directory, directory, { recursive: true, verbatimSymlinks: true });
      return new StackWorkspace({ name: `compute-environment-updates (copy ${index + 1})`, directory, env });
    });
    measurements = onWorkspaces([undefined, ...CASES], [applied, ...copies], plan);
  });
  afterAll(async () => {
    // Plans still running (their tests not reached) finish before the local AWS stops.
    await Promise.allSettled(measurements?.values() ?? []);
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('the applied stack planned again changes nothing: what the local AWS returns is what was applied', async () => {
    expect(await measurements.get(undefined)).toEqual({ environments: {}, others: [] });
  });

  test.each(CASES.map((c) => [c.argument, c] as const))('%s', async (_argument, change) => {
    const measured = await measurements.get(change)!;
    expect(measured.environments).toEqual(change.expected);
    expect(measured.others).toEqual(change.template ? ['the changed template: update'] : []);
  });
});
