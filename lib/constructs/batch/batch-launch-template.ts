import { LaunchTemplate, type LaunchTemplateConfig } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';

/**
 * The aws_launch_template arguments a Batch launch template hands to the provider as they are:
 * all of them but the computed or meta ones, `namePrefix` (compute environments refer to a template
 * by its name) and `updateDefaultVersion` (the construct's default below).
 */
type ProviderArguments = Readonly<
  Pick<
    LaunchTemplateConfig,
    | 'blockDeviceMappings'
    | 'capacityReservationSpecification'
    | 'cpuOptions'
    | 'creditSpecification'
    | 'defaultVersion'
    | 'description'
    | 'disableApiStop'
    | 'disableApiTermination'
    | 'ebsOptimized'
    | 'elasticGpuSpecifications'
    | 'elasticInferenceAccelerator'
    | 'enclaveOptions'
    | 'hibernationOptions'
    | 'iamInstanceProfile'
    | 'imageId'
    | 'instanceInitiatedShutdownBehavior'
    | 'instanceMarketOptions'
    | 'instanceRequirements'
    | 'instanceType'
    | 'kernelId'
    | 'keyName'
    | 'licenseSpecification'
    | 'maintenanceOptions'
    | 'metadataOptions'
    | 'monitoring'
    | 'networkInterfaces'
    | 'placement'
    | 'privateDnsNameOptions'
    | 'ramDiskId'
    | 'securityGroupNames'
    | 'tagSpecifications'
    | 'tags'
    | 'userData'
    | 'vpcSecurityGroupIds'
  >
>;

/** The instance configuration of a Batch compute environment: every argument of aws_launch_template. */
export interface BatchLaunchTemplateProps extends ProviderArguments {
  /** Template name, fixed: compute environments refer to the template by it. */
  readonly name: string;
  /** Make every new version the default; true unless `defaultVersion` pins one. */
  readonly updateDefaultVersion?: boolean;
}

/** A launch template whose every change makes a new version, pinned by the compute environment. */
export class BatchLaunchTemplate extends Construct {
  /** The template. */
  public readonly template: LaunchTemplate;

  public constructor(scope: Construct, id: string, props: BatchLaunchTemplateProps) {
    super(scope, id);
    this.template = new LaunchTemplate(this, 'Resource', {
      ...props,
      // The provider refuses update_default_version beside default_version, even when false.
      updateDefaultVersion: props.defaultVersion === undefined ? (props.updateDefaultVersion ?? true) : undefined,
    });
  }
}
