import { BatchComputeEnvironment as EnvironmentResource } from '@cdktf/provider-aws/lib/batch-compute-environment';
import type { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { allocationStrategyOf, isInfrastructureUpdatable } from './compute-environment-updatable';

/** Where the instances come from: On-Demand or Spot EC2 instances, or Fargate. */
export type ComputeResourceType = 'EC2' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';

/** A launch template made elsewhere, and its pinned numeric version. */
export interface LaunchTemplateVersion {
  /** Template id. */
  readonly id: string;
  /** A numeric version known while planning (a literal, or an upstream stack's output); never $Latest or $Default. */
  readonly version: string;
}

/** A launch template of the same stack, pinned at its latest version. */
export interface LatestLaunchTemplateVersion {
  /** The template; its latest_version is unknown while planning a change of it. */
  readonly template: LaunchTemplate;
}

/** The capacity of a managed compute environment. */
export interface ComputeResourcesProps {
  /** EC2, SPOT, FARGATE or FARGATE_SPOT. */
  readonly type: ComputeResourceType;
  /**
   * How instances are chosen.
   * @default BEST_FIT_PROGRESSIVE for EC2, SPOT_PRICE_CAPACITY_OPTIMIZED for SPOT, none for Fargate
   */
  readonly allocationStrategy?: string;
  /** Maximum Spot price, as a percentage of On-Demand (SPOT only). @default On-Demand price */
  readonly bidPercentage?: number;
  /** vCPUs kept running when idle (EC2 and SPOT). */
  readonly minVcpus?: number;
  /** vCPU ceiling. */
  readonly maxVcpus: number;
  /** Initial vCPUs; Batch manages it afterwards, so changes are ignored. @default minVcpus */
  readonly desiredVcpus?: number;
  /** Instance types or families (EC2 and SPOT). */
  readonly instanceTypes?: readonly string[];
  /** Instance profile of the instances (EC2 and SPOT). */
  readonly instanceRoleArn?: string;
  /** Spot Fleet role (SPOT only). */
  readonly spotFleetRoleArn?: string;
  /** Subnets of the instances or tasks. */
  readonly subnetIds: readonly string[];
  /** Security groups of the instances or tasks. */
  readonly securityGroupIds: readonly string[];
  /** Launch template and its pinned numeric version (EC2 and SPOT). */
  readonly launchTemplate?: LaunchTemplateVersion | LatestLaunchTemplateVersion;
  /** AMI families Batch picks from (EC2 and SPOT). */
  readonly ec2Configuration?: readonly { readonly imageType: string; readonly imageIdOverride?: string }[];
  /** SSH key pair. */
  readonly ec2KeyPair?: string;
  /** Placement group. */
  readonly placementGroup?: string;
  /** Tags of the instances; a change replaces the environment, so global tags stay out of them. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What happens to running jobs when an infrastructure update replaces the instances (EC2 and SPOT). */
export interface UpdatePolicyProps {
  /** Terminate running jobs instead of letting them finish. */
  readonly terminateJobsOnUpdate: boolean;
  /** Minutes jobs get to finish before the update goes on. */
  readonly jobExecutionTimeoutMinutes: number;
}

/** A Batch compute environment. */
export interface BatchComputeEnvironmentProps {
  /** The name, or the prefix of a generated unique name unless `fixedName` is set. */
  readonly name: string;
  /** Use `name` as the exact name; a replacement then has to delete the environment first. @default false */
  readonly fixedName?: boolean;
  /** MANAGED or UNMANAGED. */
  readonly type: 'MANAGED' | 'UNMANAGED';
  /** ENABLED or DISABLED. */
  readonly state: 'ENABLED' | 'DISABLED';
  /** Batch service role. @default the service-linked role AWSServiceRoleForBatch */
  readonly serviceRoleArn?: string;
  /** Capacity, for MANAGED environments. */
  readonly computeResources?: ComputeResourcesProps;
  /** Treatment of running jobs during infrastructure updates (EC2 and SPOT). */
  readonly updatePolicy?: UpdatePolicyProps;
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

const FARGATE_TYPES: readonly ComputeResourceType[] = ['FARGATE', 'FARGATE_SPOT'];

/**
 * A Batch compute environment that leaves desired vCPUs to Batch. Unless its name is fixed it
 * gets a generated name and is created before it is destroyed, so a change that replaces it
 * never fails on the queues that use it: the new environment exists before they are pointed at it.
 * An environment the provider cannot update in place is replaced by a new version of its own
 * launch template, in the plan that makes the version.
 */
export class BatchComputeEnvironment extends Construct {
  /** The environment. */
  public readonly environment: EnvironmentResource;

  public constructor(scope: Construct, id: string, props: BatchComputeEnvironmentProps) {
    super(scope, id);
    const cr = props.computeResources;
    this.node.addValidation({ validate: () => validateComputeEnvironment(props) });
    this.environment = new EnvironmentResource(this, 'Resource', {
      ...(props.fixedName
        ? { computeEnvironmentName: props.name }
        : { computeEnvironmentNamePrefix: `${props.name}-` }),
      type: props.type,
      state: props.state,
      ...(props.serviceRoleArn ? { serviceRole: props.serviceRoleArn } : {}),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
      ...(cr ? { computeResources: renderComputeResources(cr) } : {}),
      ...(props.updatePolicy
        ? {
            updatePolicy: {
              terminateJobsOnUpdate: props.updatePolicy.terminateJobsOnUpdate,
              jobExecutionTimeoutMinutes: props.updatePolicy.jobExecutionTimeoutMinutes,
            },
          }
        : {}),
      lifecycle: {
        // Batch scales desired vCPUs itself; without this every plan would try to reset it.
        ...(cr ? { ignoreChanges: ['compute_resources[0].desired_vcpus'] } : {}),
        ...(props.fixedName ? {} : { createBeforeDestroy: true }),
        ...replacedByNewVersion(props),
      },
    });
  }
}

/**
 * replace_triggered_by on the template's latest_version, for an environment the provider cannot
 * update in place. hashicorp/aws 5.100.0 forces a replacement for a changed version it knows, but
 * plans an update for one unknown while planning (a new version of the template); at apply, once
 * the number is known, Terraform stops with "Provider produced inconsistent final plan ... changed
 * the planned action from Update to DeleteThenCreate", after the template's new version is made
 * (measured by __tests__/terraform/compute-environment-updates.test.ts;
 * hashicorp/terraform-provider-aws#37440, fixed in 6.8.0 by #43337). The trigger fires only when
 * the template makes a new version.
 */
function replacedByNewVersion(props: BatchComputeEnvironmentProps): { replaceTriggeredBy?: string[] } {
  const launchTemplate = props.computeResources?.launchTemplate;
  if (!launchTemplate || !('template' in launchTemplate) || isInfrastructureUpdatable(props)) return {};
  const template = launchTemplate.template;
  return { replaceTriggeredBy: [`${template.terraformResourceType}.${template.friendlyUniqueId}.latest_version`] };
}

function renderLaunchTemplate(launchTemplate: LaunchTemplateVersion | LatestLaunchTemplateVersion): {
  launchTemplateId: string;
  version: string;
} {
  if ('template' in launchTemplate)
    return {
      launchTemplateId: launchTemplate.template.id,
      version: Token.asString(launchTemplate.template.latestVersion),
    };
  return { launchTemplateId: launchTemplate.id, version: launchTemplate.version };
}

function renderComputeResources(
  cr: ComputeResourcesProps,
): NonNullable<ConstructorParameters<typeof EnvironmentResource>[2]['computeResources']> {
  const allocationStrategy = allocationStrategyOf(cr);
  return {
    type: cr.type,
    maxVcpus: cr.maxVcpus,
    subnets: [...cr.subnetIds],
    securityGroupIds: [...cr.securityGroupIds],
    ...(allocationStrategy ? { allocationStrategy } : {}),
    ...(cr.bidPercentage !== undefined ? { bidPercentage: cr.bidPercentage } : {}),
    ...(cr.minVcpus !== undefined ? { minVcpus: cr.minVcpus } : {}),
    ...(cr.desiredVcpus !== undefined ? { desiredVcpus: cr.desiredVcpus } : {}),
    ...(cr.instanceTypes ? { instanceType: [...cr.instanceTypes] } : {}),
    ...(cr.instanceRoleArn ? { instanceRole: cr.instanceRoleArn } : {}),
    ...(cr.spotFleetRoleArn ? { spotIamFleetRole: cr.spotFleetRoleArn } : {}),
    ...(cr.launchTemplate ? { launchTemplate: renderLaunchTemplate(cr.launchTemplate) } : {}),
    ...(cr.ec2Configuration
      ? {
          ec2Configuration: cr.ec2Configuration.map((c) => ({
            imageType: c.imageType,
            ...(c.imageIdOverride ? { imageIdOverride: c.imageIdOverride } : {}),
          })),
        }
      : {}),
    ...(cr.ec2KeyPair ? { ec2KeyPair: cr.ec2KeyPair } : {}),
    ...(cr.placementGroup ? { placementGroup: cr.placementGroup } : {}),
    ...(cr.tags ? { tags: { ...cr.tags } } : {}),
  };
}

/** Combinations AWS Batch rejects only when the environment is created. */
function validateComputeEnvironment(props: BatchComputeEnvironmentProps): string[] {
  const errors: string[] = [];
  const cr = props.computeResources;
  if (props.type === 'MANAGED' && !cr) errors.push('a MANAGED compute environment needs computeResources');
  if (props.type === 'UNMANAGED' && cr) errors.push('an UNMANAGED compute environment takes no computeResources');
  if (!cr) return errors;
  const fargate = FARGATE_TYPES.includes(cr.type);
  if (cr.type !== 'SPOT' && (cr.bidPercentage !== undefined || cr.spotFleetRoleArn !== undefined))
    errors.push(`bidPercentage and spotFleetRoleArn apply to SPOT only, not ${cr.type}`);
  if (cr.minVcpus !== undefined && cr.minVcpus > cr.maxVcpus)
    errors.push(`minVcpus (${cr.minVcpus}) exceeds maxVcpus (${cr.maxVcpus})`);
  if (fargate && (cr.instanceTypes || cr.launchTemplate || cr.instanceRoleArn || props.updatePolicy))
    errors.push('Fargate environments take no instance types, launch template, instance role or update policy');
  const version = cr.launchTemplate && 'version' in cr.launchTemplate ? cr.launchTemplate.version : undefined;
  if (version !== undefined && !Token.isUnresolved(version) && !/^[1-9]\d*$/.test(version))
    errors.push(
      `launch template version "${version}": a numeric version, never $Latest or $Default, ` +
        'which Batch freezes when the environment is created',
    );
  return errors;
}
