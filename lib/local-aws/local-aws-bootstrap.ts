import * as fs from 'fs';
import * as path from 'path';
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { EnvironmentConfig } from '../configuration/platform-config';
import { LOCAL_AWS_CREDENTIALS } from '../deployment/state-backend';
import { UsageError } from '../deployment/synth-target';

/** What an account holds before one environment's stacks are deployed to it. */
export interface LocalAwsBootstrapRequest {
  /** Environment name; tags the network so a second bootstrap finds it again. */
  readonly environment: string;
  /** Region of the environment's stacks, where the network is created. */
  readonly region: string;
  /** Bucket the stacks keep their Terraform state in. */
  readonly stateBucket: string;
  /** Region of the state bucket. */
  readonly stateRegion: string;
  /** IPv4 CIDR of the VPC, such as 10.10.0.0/16. */
  readonly vpcCidr: string;
  /** Private subnets to carve from the VPC, each in its own availability zone. */
  readonly privateSubnetCount: number;
  /** Buckets, in the environment's region, whose object notifications the sqs stack configures. */
  readonly notificationBuckets: readonly string[];
}

/**
 * The configuration layer main.ts merges last over an environment in local mode
 * (LOCAL_AWS_STATE_DIR/<environment>.json).
 */
export interface LocalAwsOverlay {
  /** Account the local AWS answers as. */
  readonly account_id: string;
  /** The network the bootstrap created. */
  readonly network: {
    /** Its VPC. */
    readonly vpc_id: string;
    /** Its private subnets, in availability zone order. */
    readonly private_subnet_ids: readonly string[];
  };
  /** Values for `{name}` placeholders. */
  readonly variables: {
    /** CIDR of the VPC. */
    readonly vpc_cidr: string;
  };
}

/** The VPC CIDR of an environment that sets no vpc_cidr variable. */
export const DEFAULT_LOCAL_VPC_CIDR = '10.0.0.0/16';

/** Tag that marks the VPC the bootstrap created for an environment. */
const ENVIRONMENT_TAG = 'local-aws:environment';

/** The bootstrap an environment's configuration asks for. */
export function bootstrapRequestFor(environment: EnvironmentConfig): LocalAwsBootstrapRequest {
  const { settings } = environment;
  return {
    environment: environment.name,
    region: settings.region,
    stateBucket: settings.state.bucket,
    stateRegion: settings.state.region,
    vpcCidr: settings.variables.vpc_cidr ?? DEFAULT_LOCAL_VPC_CIDR,
    privateSubnetCount: settings.network.private_subnet_ids.length,
    notificationBuckets: [
      ...new Set(
        Object.values(settings.sqs.pipelines).flatMap((pipeline) => (pipeline.source ? [pipeline.source.bucket] : [])),
      ),
    ].sort(),
  };
}

/**
 * Creates, in the local AWS at `endpoint`, what the account would already hold: the state bucket,
 * the environment's VPC with its private subnets, and the buckets the pipelines are notified of. Idempotent: what
 * exists is kept and reused.
 * Returns the overlay that points the environment's configuration at them.
 */
export async function bootstrapLocalAws(endpoint: string, request: LocalAwsBootstrapRequest): Promise<LocalAwsOverlay> {
  const credentials = {
    accessKeyId: LOCAL_AWS_CREDENTIALS.accessKey,
    secretAccessKey: LOCAL_AWS_CREDENTIALS.secretKey,
  };
  const subnetCidrs = carveSubnets(request.vpcCidr, request.privateSubnetCount);
  const s3 = new S3Client({ endpoint, region: request.stateRegion, credentials, forcePathStyle: true });
  const ec2 = new EC2Client({ endpoint, region: request.region, credentials });
  try {
    await ensureStateBucket(s3, request.stateBucket, request.stateRegion);
    if (request.notificationBuckets.length > 0) {
      const regional = new S3Client({ endpoint, region: request.region, credentials, forcePathStyle: true });
      try {
        for (const bucket of request.notificationBuckets) await ensureBucket(regional, bucket, request.region);
      } finally {
        regional.destroy();
      }
    }
    const vpc = await ensureVpc(ec2, request.environment, request.vpcCidr);
    const zones = await availabilityZones(ec2, request.region, subnetCidrs.length);
    const subnets: Subnet[] = [];
    for (const [index, cidr] of subnetCidrs.entries())
      subnets.push(await ensureSubnet(ec2, vpc, cidr, zones[index]!, `${request.environment}-private-${index + 1}`));
    return {
      account_id: vpc.OwnerId!,
      network: { vpc_id: vpc.VpcId!, private_subnet_ids: subnets.map((subnet) => subnet.SubnetId!) },
      variables: { vpc_cidr: request.vpcCidr },
    };
  } finally {
    s3.destroy();
    ec2.destroy();
  }
}

/** Writes `overlay` to `<dir>/<environment>.json`, where main.ts reads it; returns the file. */
export function writeOverlay(dir: string, environment: string, overlay: LocalAwsOverlay): string {
  const file = path.join(dir, `${environment}.json`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(overlay, null, 2)}\n`);
  return file;
}

/** A bucket in `region`, created unless it exists. */
async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  try {
    // us-east-1 takes no LocationConstraint (S3 CreateBucket reference).
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.name === 'BucketAlreadyOwnedByYou')) throw error;
  }
}

/** The state bucket as Terragrunt's remote_state creates it: versioned, encrypted by default. */
async function ensureStateBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  await ensureBucket(s3, bucket, region);
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  // SSE-KMS with the AWS managed key: Terragrunt's default bucket_sse_algorithm (FetchEncryptionAlgorithm).
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
    }),
  );
}

/** The environment's VPC: the one tagged for it, or a new one. */
async function ensureVpc(ec2: EC2Client, environment: string, cidr: string): Promise<Vpc> {
  const found = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: `tag:${ENVIRONMENT_TAG}`, Values: [environment] }] }),
  );
  const existing = found.Vpcs?.[0];
  if (existing) {
    if (existing.CidrBlock !== cidr)
      throw new UsageError(
        `the local AWS already has a VPC for ${environment} (${existing.VpcId}) with CIDR ${existing.CidrBlock}, not ` +
          `${cidr}; restart the local AWS to start afresh`,
      );
    return existing;
  }
  const created = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: cidr,
      TagSpecifications: [
        {
          ResourceType: 'vpc',
          Tags: [
            { Key: 'Name', Value: `${environment}-local-aws` },
            { Key: ENVIRONMENT_TAG, Value: environment },
          ],
        },
      ],
    }),
  );
  return created.Vpc!;
}

/** The subnet of `vpc` with `cidr`, created in `zone` when missing. */
async function ensureSubnet(ec2: EC2Client, vpc: Vpc, cidr: string, zone: string, name: string): Promise<Subnet> {
  const found = await ec2.send(
    new DescribeSubnetsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpc.VpcId!] },
        { Name: 'cidr-block', Values: [cidr] },
      ],
    }),
  );
  const existing = found.Subnets?.[0];
  if (existing) return existing;
  const created = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpc.VpcId!,
      CidrBlock: cidr,
      AvailabilityZone: zone,
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  return created.Subnet!;
}

/** The first `count` availability zones of `region`, by name. */
async function availabilityZones(ec2: EC2Client, region: string, count: number): Promise<string[]> {
  const answer = await ec2.send(
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
  );
  const zones = (answer.AvailabilityZones ?? []).map((zone) => zone.ZoneName!).sort();
  if (zones.length < count)
    throw new UsageError(
      `${count} private subnets need ${count} availability zones; the local AWS has ${zones.length} in ${region} ` +
        `(${zones.join(', ')})`,
    );
  return zones.slice(0, count);
}

/**
 * Splits `vpcCidr` into the fewest equal blocks that hold `count` subnets and returns the first
 * `count`. VPCs take /16 to /28, and so do subnets (Amazon VPC CIDR blocks).
 */
function carveSubnets(vpcCidr: string, count: number): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(vpcCidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255) || prefix < 16 || prefix > 28) {
    throw new UsageError(`vpc_cidr is "${vpcCidr}"; allowed: an IPv4 CIDR from /16 to /28, such as 10.0.0.0/16`);
  }
  const base = octets.reduce((address, octet) => address * 256 + octet, 0);
  const blockSize = 2 ** (32 - prefix);
  if (base % blockSize !== 0)
    throw new UsageError(
      `vpc_cidr is "${vpcCidr}"; allowed: a network address, such as ` +
        `${formatAddress(base - (base % blockSize))}/${prefix}`,
    );
  if (!Number.isInteger(count) || count < 1)
    throw new UsageError(`the private subnet count is ${count}; allowed: a whole number from 1`);
  const subnetPrefix = prefix + Math.ceil(Math.log2(count));
  if (subnetPrefix > 28) throw new UsageError(`${vpcCidr} cannot hold ${count} subnets of at least /28`);
  const subnetSize = 2 ** (32 - subnetPrefix);
  return Array.from({ length: count }, (_, index) => `${formatAddress(base + index * subnetSize)}/${subnetPrefix}`);
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
