import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';

/** An encrypted EBS volume of the instances. */
export interface BlockDevice {
  /** Device name, such as /dev/xvda. */
  readonly deviceName: string;
  /** Size in GiB. */
  readonly volumeSize: number;
  /** gp3, gp2, io1... */
  readonly volumeType: string;
  /** Encryption at rest. */
  readonly encrypted: boolean;
  /** KMS key; the account's EBS default key when omitted. */
  readonly kmsKeyId?: string;
  /** Provisioned IOPS (gp3, io1, io2). */
  readonly iops?: number;
  /** Throughput in MiB/s (gp3). */
  readonly throughput?: number;
  /** Delete the volume with the instance. */
  readonly deleteOnTermination: boolean;
}

/** The instance configuration of a Batch compute environment. */
export interface BatchLaunchTemplateProps {
  /** Template name. */
  readonly name: string;
  /** What the template is for. */
  readonly description?: string;
  /** IMDS endpoint: enabled or disabled. */
  readonly httpEndpoint: string;
  /** IMDSv2: required or optional. */
  readonly httpTokens: string;
  /** IMDS response hop limit; 1 keeps containers from reaching the instance's credentials. */
  readonly httpPutResponseHopLimit: number;
  /** Instance tags in IMDS: enabled or disabled. */
  readonly instanceMetadataTags?: string;
  /** EBS volumes. */
  readonly blockDevices: readonly BlockDevice[];
  /** Detailed (1-minute) CloudWatch monitoring. */
  readonly monitoring: boolean;
  /** EBS-optimized instances. */
  readonly ebsOptimized?: boolean;
  /** MIME multi-part user data, in clear text. */
  readonly userData?: string;
  /** Tags of the instances and volumes launched. */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/** A launch template whose every change makes a new version, pinned by the compute environment. */
export class BatchLaunchTemplate extends Construct {
  /** The template. */
  public readonly template: LaunchTemplate;

  public constructor(scope: Construct, id: string, props: BatchLaunchTemplateProps) {
    super(scope, id);
    this.template = new LaunchTemplate(this, 'Resource', {
      name: props.name,
      ...(props.description ? { description: props.description } : {}),
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: props.httpEndpoint,
        httpTokens: props.httpTokens,
        httpPutResponseHopLimit: props.httpPutResponseHopLimit,
        ...(props.instanceMetadataTags ? { instanceMetadataTags: props.instanceMetadataTags } : {}),
      },
      blockDeviceMappings: props.blockDevices.map((device) => ({
        deviceName: device.deviceName,
        ebs: {
          volumeSize: device.volumeSize,
          volumeType: device.volumeType,
          encrypted: String(device.encrypted),
          deleteOnTermination: String(device.deleteOnTermination),
          ...(device.kmsKeyId ? { kmsKeyId: device.kmsKeyId } : {}),
          ...(device.iops !== undefined ? { iops: device.iops } : {}),
          ...(device.throughput !== undefined ? { throughput: device.throughput } : {}),
        },
      })),
      monitoring: { enabled: props.monitoring },
      ...(props.ebsOptimized !== undefined ? { ebsOptimized: String(props.ebsOptimized) } : {}),
      ...(props.userData ? { userData: Buffer.from(props.userData, 'utf8').toString('base64') } : {}),
      ...(props.instanceTags
        ? {
            tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
              resourceType,
              tags: { ...props.instanceTags },
            })),
          }
        : {}),
    });
  }
}
