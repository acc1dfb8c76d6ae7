import type {
  AcceleratorManufacturer,
  AcceleratorName,
  AcceleratorType,
  AmdSevSnpSpecification,
  BareMetal,
  BurstablePerformance,
  CapacityReservationPreference,
  CpuManufacturer,
  HostnameType,
  InstanceGeneration,
  InstanceInterruptionBehavior,
  LaunchTemplateAutoRecoveryState,
  LaunchTemplateHttpTokensState,
  LaunchTemplateInstanceMetadataEndpointState,
  LaunchTemplateInstanceMetadataProtocolIpv6,
  LaunchTemplateInstanceMetadataTagsState,
  LocalStorage,
  LocalStorageType,
  MarketType,
  ResourceType,
  ShutdownBehavior,
  SpotInstanceType,
  Tenancy,
  VolumeType,
} from '@aws-sdk/client-ec2';
import * as z from 'zod';
import { arn, Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

/*
 * launch-template.json takes every argument of aws_launch_template in hashicorp/aws 5.100.0, named
 * and nested as the provider nests them: a block the provider allows once is an object, a repeatable
 * block an array. Value rules are the provider's validators (`terraform validate` of 5.100.0),
 * narrowed where AWS accepts less; enums are checked against the AWS SDK's at compile time. The
 * drift test (__tests__/terraform/batch-json-provider-arguments.test.ts) compares the keys with
 * the provider's schema. The provider's nullable booleans (strings "true"/"false") are booleans here.
 */

/** Values of an enum the provider validates, each one AWS's (the `satisfies` clause is the check). */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

const enabledOrDisabled = oneOf([
  'enabled',
  'disabled',
] as const satisfies readonly (LaunchTemplateInstanceMetadataEndpointState &
  LaunchTemplateInstanceMetadataProtocolIpv6 &
  LaunchTemplateInstanceMetadataTagsState &
  AmdSevSnpSpecification)[]);
const includedRequiredExcluded = oneOf(['included', 'required', 'excluded'] as const satisfies readonly (BareMetal &
  BurstablePerformance &
  LocalStorage)[]);

/** An AWS ARN of any service (the provider's verify.ValidARN). */
const AnyArn = arn();
const Ipv4Address = z.ipv4({ error: 'an IPv4 address such as "10.0.1.10"' });
const Ipv6Address = z.ipv6({ error: 'an IPv6 address such as "2001:db8::10"' });
const Ipv4Cidr = z.cidrv4({ error: 'an IPv4 CIDR block such as "10.0.2.0/28"' });
const Ipv6Cidr = z.cidrv6({ error: 'an IPv6 CIDR block such as "2001:db8:1::/80"' });
const securityGroupIds = z.array(z.string().min(1));

/** Reports `path` of `value` when both `a` and `b` are given. */
function notBoth(ctx: z.RefinementCtx, value: Record<string, unknown>, a: string, b: string, at: PropertyKey[]): void {
  if (value[a] !== undefined && value[b] !== undefined)
    ctx.addIssue({ code: 'custom', path: [...at, b], input: value[b], message: `${a} or ${b}, not both` });
}

/** A `{min, max}` range of instance requirements; each bound as the provider checks it. */
function range(bound: z.ZodNumber) {
  return z.strictObject({ min: bound.optional(), max: bound.optional() }).refine(minNotAboveMax, MIN_NOT_ABOVE_MAX);
}

/** A range whose min the provider requires (vcpu_count, memory_mib). */
function rangeFrom(bound: z.ZodNumber) {
  return z.strictObject({ min: bound, max: bound.optional() }).refine(minNotAboveMax, MIN_NOT_ABOVE_MAX);
}

const minNotAboveMax = (r: { min?: number; max?: number }): boolean =>
  r.min === undefined || r.max === undefined || r.min <= r.max;
const MIN_NOT_ABOVE_MAX = { message: 'a max of at least min', path: ['max'] };
const atLeastOne = z.number().int().min(1);
const positive = z.number().positive();

/** An EBS volume of a block device mapping (EC2 LaunchTemplateEbsBlockDeviceRequest). */
const EbsVolume = z.strictObject({
  delete_on_termination: z.boolean().optional(),
  encrypted: z.boolean().optional(),
  /** io1 and io2 take 100-256000; gp3 3000 and up. */
  iops: z.number().int().min(100).max(256_000).optional(),
  kms_key_id: arn('kms', '(key|alias)/.+').optional(),
  snapshot_id: z
    .string()
    .regex(/^snap-[0-9a-f]+$/, 'a snapshot id such as "snap-0123456789abcdef0"')
    .optional(),
  /** gp3 only; hashicorp/aws 5.100.0 refuses more than 1000 MiB/s. */
  throughput: z.number().int().min(125).max(1000).optional(),
  /** MiB/s at which a volume made from a snapshot is initialized (provider: 100-300). */
  volume_initialization_rate: z.number().int().min(100).max(300).optional(),
  /** GiB; io2 Block Express volumes reach 64 TiB. */
  volume_size: z.number().int().min(1).max(65_536).optional(),
  volume_type: oneOf([
    'gp2',
    'gp3',
    'io1',
    'io2',
    'sc1',
    'st1',
    'standard',
  ] as const satisfies readonly VolumeType[]).optional(),
});

const BlockDeviceMapping = z.strictObject({
  device_name: z
    .string()
    .regex(/^\/dev\/[a-z0-9]+$/, 'a device name such as "/dev/xvda"')
    .optional(),
  ebs: EbsVolume.optional(),
  /** "" leaves the AMI's device out. */
  no_device: z.string().optional(),
  virtual_name: z
    .string()
    .regex(/^ephemeral\d+$/, 'an instance store volume such as "ephemeral0"')
    .optional(),
});

const CapacityReservationSpecification = z
  .strictObject({
    capacity_reservation_preference: oneOf([
      'capacity-reservations-only',
      'open',
      'none',
    ] as const satisfies readonly CapacityReservationPreference[]).optional(),
    capacity_reservation_target: z
      .strictObject({
        capacity_reservation_id: z
          .string()
          .regex(/^cr-[0-9a-f]+$/, 'a reservation id such as "cr-0123…"')
          .optional(),
        capacity_reservation_resource_group_arn: AnyArn.optional(),
      })
      .superRefine(
        (target, ctx) => notBoth(ctx, target, 'capacity_reservation_id', 'capacity_reservation_resource_group_arn', []),
        WHEN_FIELDS_VALID,
      )
      .optional(),
  })
  .superRefine(
    (spec, ctx) => notBoth(ctx, spec, 'capacity_reservation_preference', 'capacity_reservation_target', []),
    WHEN_FIELDS_VALID,
  );

const InstanceMarketOptions = z.strictObject({
  market_type: oneOf(['spot', 'capacity-block'] as const satisfies readonly MarketType[]).optional(),
  spot_options: z
    .strictObject({
      block_duration_minutes: z
        .number()
        .int()
        .refine((m) => m % 60 === 0, 'a multiple of 60 minutes')
        .optional(),
      instance_interruption_behavior: oneOf([
        'hibernate',
        'stop',
        'terminate',
      ] as const satisfies readonly InstanceInterruptionBehavior[]).optional(),
      max_price: z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'a price in US dollars per hour such as "0.25"')
        .optional(),
      spot_instance_type: oneOf(['one-time', 'persistent'] as const satisfies readonly SpotInstanceType[]).optional(),
      valid_until: z.iso
        .datetime({ offset: true, error: 'an RFC 3339 time such as "2030-01-01T00:00:00Z"' })
        .optional(),
    })
    .optional(),
});

const InstanceRequirements = z
  .strictObject({
    /** max 0 excludes instances with accelerators. */
    accelerator_count: z
      .strictObject({ min: z.number().int().min(1).optional(), max: z.number().int().min(0).optional() })
      .refine(minNotAboveMax, MIN_NOT_ABOVE_MAX)
      .optional(),
    accelerator_manufacturers: z
      .array(
        oneOf([
          'amazon-web-services',
          'amd',
          'nvidia',
          'xilinx',
          'habana',
        ] as const satisfies readonly AcceleratorManufacturer[]),
      )
      .optional(),
    accelerator_names: z
      .array(
        oneOf([
          'a100',
          'inferentia',
          'k520',
          'k80',
          'm60',
          'radeon-pro-v520',
          't4',
          'vu9p',
          'v100',
          'a10g',
          'h100',
          't4g',
        ] as const satisfies readonly AcceleratorName[]),
      )
      .optional(),
    accelerator_total_memory_mib: range(atLeastOne).optional(),
    accelerator_types: z
      .array(oneOf(['gpu', 'fpga', 'inference'] as const satisfies readonly AcceleratorType[]))
      .optional(),
    /** Instance types or wildcards ("c5.*"), at most 400. */
    allowed_instance_types: z.array(z.string().min(1)).max(400).optional(),
    bare_metal: includedRequiredExcluded.optional(),
    baseline_ebs_bandwidth_mbps: range(atLeastOne).optional(),
    burstable_performance: includedRequiredExcluded.optional(),
    cpu_manufacturers: z
      .array(oneOf(['intel', 'amd', 'amazon-web-services', 'apple'] as const satisfies readonly CpuManufacturer[]))
      .optional(),
    excluded_instance_types: z.array(z.string().min(1)).max(400).optional(),
    instance_generations: z
      .array(oneOf(['current', 'previous'] as const satisfies readonly InstanceGeneration[]))
      .optional(),
    local_storage: includedRequiredExcluded.optional(),
    local_storage_types: z.array(oneOf(['hdd', 'ssd'] as const satisfies readonly LocalStorageType[])).optional(),
    max_spot_price_as_percentage_of_optimal_on_demand_price: atLeastOne.optional(),
    memory_gib_per_vcpu: range(positive).optional(),
    memory_mib: rangeFrom(atLeastOne),
    network_bandwidth_gbps: range(positive).optional(),
    network_interface_count: range(atLeastOne).optional(),
    on_demand_max_price_percentage_over_lowest_price: atLeastOne.optional(),
    require_hibernate_support: z.boolean().optional(),
    spot_max_price_percentage_over_lowest_price: atLeastOne.optional(),
    total_local_storage_gb: range(positive).optional(),
    vcpu_count: rangeFrom(atLeastOne),
  })
  .superRefine((ir, ctx) => {
    notBoth(ctx, ir, 'allowed_instance_types', 'excluded_instance_types', []);
    notBoth(
      ctx,
      ir,
      'spot_max_price_percentage_over_lowest_price',
      'max_spot_price_as_percentage_of_optimal_on_demand_price',
      [],
    );
  }, WHEN_FIELDS_VALID);

const MetadataOptions = z.strictObject({
  http_endpoint: enabledOrDisabled.optional(),
  http_protocol_ipv6: enabledOrDisabled.optional(),
  /** 1 keeps containers from reaching the instance's credentials (policy rule EC2-2). */
  http_put_response_hop_limit: z.number().int().min(1).max(64).optional(),
  http_tokens: oneOf(['required', 'optional'] as const satisfies readonly LaunchTemplateHttpTokensState[]).optional(),
  instance_metadata_tags: enabledOrDisabled.optional(),
});

const NetworkInterface = z
  .strictObject({
    associate_carrier_ip_address: z.boolean().optional(),
    /** Batch instances stay private (policy rule EC2-3). */
    associate_public_ip_address: z.boolean().optional(),
    connection_tracking_specification: z
      .strictObject({
        tcp_established_timeout: z.number().int().min(60).max(432_000).optional(),
        udp_stream_timeout: z.number().int().min(60).max(180).optional(),
        udp_timeout: z.number().int().min(30).max(60).optional(),
      })
      .optional(),
    delete_on_termination: z.boolean().optional(),
    description: z.string().max(255).optional(),
    device_index: z.number().int().min(0).optional(),
    ena_srd_specification: z
      .strictObject({
        ena_srd_enabled: z.boolean().optional(),
        ena_srd_udp_specification: z.strictObject({ ena_srd_udp_enabled: z.boolean().optional() }).optional(),
      })
      .optional(),
    interface_type: z.enum(['efa', 'efa-only', 'interface']).optional(),
    ipv4_address_count: z.number().int().min(0).optional(),
    ipv4_addresses: z.array(Ipv4Address).optional(),
    ipv4_prefix_count: z.number().int().min(0).optional(),
    ipv4_prefixes: z.array(Ipv4Cidr).optional(),
    ipv6_address_count: z.number().int().min(0).optional(),
    ipv6_addresses: z.array(Ipv6Address).optional(),
    ipv6_prefix_count: z.number().int().min(0).optional(),
    ipv6_prefixes: z.array(Ipv6Cidr).optional(),
    network_card_index: z.number().int().min(0).optional(),
    network_interface_id: z
      .string()
      .regex(/^eni-[0-9a-f]+$/, 'an interface id such as "eni-0123…"')
      .optional(),
    primary_ipv6: z.boolean().optional(),
    private_ip_address: Ipv4Address.optional(),
    security_groups: securityGroupIds.optional(),
    /** Batch launches into the compute environment's subnets and ignores this one. */
    subnet_id: z
      .string()
      .regex(/^subnet-[0-9a-f]+$/, 'a subnet id such as "subnet-0123…"')
      .optional(),
  })
  .superRefine((nic, ctx) => {
    // EC2 takes either the addresses or how many of them to assign (CreateLaunchTemplate).
    notBoth(ctx, nic, 'ipv4_addresses', 'ipv4_address_count', []);
    notBoth(ctx, nic, 'ipv6_addresses', 'ipv6_address_count', []);
    notBoth(ctx, nic, 'ipv4_prefixes', 'ipv4_prefix_count', []);
    notBoth(ctx, nic, 'ipv6_prefixes', 'ipv6_prefix_count', []);
  }, WHEN_FIELDS_VALID);

const Placement = z
  .strictObject({
    affinity: z.string().min(1).optional(),
    availability_zone: z.string().min(1).optional(),
    group_name: z.string().min(1).optional(),
    host_id: z
      .string()
      .regex(/^h-[0-9a-f]+$/, 'a dedicated host id such as "h-0123…"')
      .optional(),
    host_resource_group_arn: AnyArn.optional(),
    partition_number: z.number().int().min(1).optional(),
    spread_domain: z.string().min(1).optional(),
    tenancy: oneOf(['default', 'dedicated', 'host'] as const satisfies readonly Tenancy[]).optional(),
  })
  .superRefine(
    (placement, ctx) => notBoth(ctx, placement, 'host_id', 'host_resource_group_arn', []),
    WHEN_FIELDS_VALID,
  );

/** Resources CreateLaunchTemplate can tag at launch (LaunchTemplateTagSpecificationRequest). */
const TagSpecification = z.strictObject({
  resource_type: oneOf([
    'instance',
    'volume',
    'network-interface',
    'spot-instances-request',
  ] as const satisfies readonly ResourceType[]).optional(),
  tags: Tags.optional(),
});

/** Standard base64 with padding, as Terraform's base64encode() writes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** EC2 takes at most 16 KB of user data before base64 (EC2 user guide, "Run commands at launch"). */
const MAX_USER_DATA_BYTES = 16 * 1024;

/** True when user data is a MIME multi-part archive, the only format AWS Batch merges with its own. */
export function isMimeMultipart(userData: string): boolean {
  return /^Content-Type:\s*multipart\/mixed/im.test(userData);
}

const UserData = z.string().superRefine((encoded, ctx) => {
  const fail = (message: string): void => ctx.addIssue({ code: 'custom', input: encoded, message });
  if (!BASE64.test(encoded))
    return fail('base64-encoded user data, as EC2 takes it (Terraform: base64encode(file("user_data.sh")))');
  const decoded = Buffer.from(encoded, 'base64');
  if (decoded.length > MAX_USER_DATA_BYTES) return fail('at most 16 KB of user data before base64 (the EC2 limit)');
  if (!isMimeMultipart(decoded.toString('utf8')))
    fail(
      'base64 of MIME multi-part user data (Content-Type: multipart/mixed): ' +
        'AWS Batch rejects any other format in launch templates',
    );
});

const LaunchTemplateName = z
  .string()
  .regex(/^[A-Za-z0-9()./_-]{3,128}$/, 'a launch template name: 3-128 letters, digits or ().-/_');

/** launch-template.json: one template, every argument of aws_launch_template, in the provider's names. */
export const LaunchTemplateSchema = z
  .strictObject({
    /** Terraform name of the resource; derived from the file name when omitted. */
    terraform_name: TerraformName.optional(),
    name: LaunchTemplateName,
    name_prefix: z
      .never({
        error:
          'a fixed name in name: compute environments refer to a launch template by its name ' +
          '(for a template made from a prefix, its full name keeps it as it is)',
      })
      .optional(),
    description: z.string().max(255).optional(),
    /** The version new instances get; without it every new version becomes the default (update_default_version). */
    default_version: z.number().int().min(1).optional(),
    update_default_version: z.boolean().optional(),
    block_device_mappings: z.array(BlockDeviceMapping).optional(),
    capacity_reservation_specification: CapacityReservationSpecification.optional(),
    cpu_options: z
      .strictObject({
        amd_sev_snp: enabledOrDisabled.optional(),
        core_count: z.number().int().min(1).optional(),
        threads_per_core: z.number().int().min(1).optional(),
      })
      .optional(),
    credit_specification: z.strictObject({ cpu_credits: z.enum(['standard', 'unlimited']).optional() }).optional(),
    disable_api_stop: z.boolean().optional(),
    /** AWS Batch ignores it: Batch controls the instances' lifecycle. */
    disable_api_termination: z.boolean().optional(),
    ebs_optimized: z.boolean().optional(),
    /** Elastic Graphics, retired by AWS in 2024; kept so that an existing template keeps its value. */
    elastic_gpu_specifications: z.array(z.strictObject({ type: z.string().min(1) })).optional(),
    /** Elastic Inference, retired by AWS in 2024; kept so that an existing template keeps its value. */
    elastic_inference_accelerator: z.strictObject({ type: z.string().min(1) }).optional(),
    enclave_options: z.strictObject({ enabled: z.boolean().optional() }).optional(),
    hibernation_options: z.strictObject({ configured: z.boolean() }).optional(),
    /** AWS Batch ignores it: instances get the compute environment's instance role. */
    iam_instance_profile: z
      .strictObject({ arn: arn('iam', 'instance-profile/.+').optional(), name: z.string().min(1).optional() })
      .superRefine((profile, ctx) => notBoth(ctx, profile, 'name', 'arn', []), WHEN_FIELDS_VALID)
      .optional(),
    /** The AMI, unless the compute environment names one (ec2_configuration image_id_override), which wins. */
    image_id: z
      .string()
      .regex(/^ami-[0-9a-f]+$/, 'an AMI id such as "ami-0123456789abcdef0"')
      .optional(),
    instance_initiated_shutdown_behavior: oneOf([
      'stop',
      'terminate',
    ] as const satisfies readonly ShutdownBehavior[]).optional(),
    /** AWS Batch ignores it: Batch decides between On-Demand and Spot from the compute environment. */
    instance_market_options: InstanceMarketOptions.optional(),
    instance_requirements: InstanceRequirements.optional(),
    /** AWS Batch ignores it: instance types come from the compute environment's instance_types. */
    instance_type: z
      .string()
      .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'an instance type such as "c5.xlarge"')
      .optional(),
    kernel_id: z
      .string()
      .regex(/^aki-[0-9a-f]+$/, 'a kernel id such as "aki-0123…"')
      .optional(),
    /** The compute environment's ec2_key_pair wins when both are set. */
    key_name: z.string().min(1).max(255).optional(),
    license_specification: z.array(z.strictObject({ license_configuration_arn: AnyArn })).optional(),
    maintenance_options: z
      .strictObject({
        auto_recovery: oneOf([
          'default',
          'disabled',
        ] as const satisfies readonly LaunchTemplateAutoRecoveryState[]).optional(),
      })
      .optional(),
    metadata_options: MetadataOptions.optional(),
    monitoring: z.strictObject({ enabled: z.boolean().optional() }).optional(),
    network_interfaces: z.array(NetworkInterface).optional(),
    placement: Placement.optional(),
    private_dns_name_options: z
      .strictObject({
        enable_resource_name_dns_a_record: z.boolean().optional(),
        enable_resource_name_dns_aaaa_record: z.boolean().optional(),
        hostname_type: oneOf(['ip-name', 'resource-name'] as const satisfies readonly HostnameType[]).optional(),
      })
      .optional(),
    ram_disk_id: z
      .string()
      .regex(/^ari-[0-9a-f]+$/, 'a RAM disk id such as "ari-0123…"')
      .optional(),
    /** Security groups by name (EC2-Classic and default VPC); the compute environment's groups win. */
    security_group_names: z.array(z.string().min(1)).optional(),
    tag_specifications: z.array(TagSpecification).optional(),
    /** Tags of the launch template itself. */
    tags: Tags.optional(),
    /** Base64 of MIME multi-part user data. */
    user_data: UserData.optional(),
    /** File under config/ with the user data in clear text, MIME multi-part; the stack encodes it. */
    user_data_file: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, 'a path relative to config/, such as "batch_user_data.sh"')
      .optional(),
    /** The compute environment's security groups win (AWS Batch user guide, "Launch template support"). */
    vpc_security_group_ids: securityGroupIds.optional(),
    /** Tags the launched instances and volumes get: tag_specifications for both, written short. */
    instance_tags: Tags.optional(),
  })
  .superRefine((lt, ctx) => {
    notBoth(ctx, lt, 'user_data', 'user_data_file', []);
    notBoth(ctx, lt, 'vpc_security_group_ids', 'security_group_names', []);
    notBoth(ctx, lt, 'instance_type', 'instance_requirements', []);
    notBoth(ctx, lt, 'tag_specifications', 'instance_tags', []);
    notBoth(ctx, lt, 'update_default_version', 'default_version', []);
    // EC2 takes security groups on the template or on its network interfaces, not both (CreateLaunchTemplate).
    const templateGroups = lt.vpc_security_group_ids !== undefined ? 'vpc_security_group_ids' : 'security_group_names';
    const withGroups = (lt.network_interfaces ?? []).findIndex((nic) => nic.security_groups !== undefined);
    if (lt[templateGroups] !== undefined && withGroups >= 0)
      ctx.addIssue({
        code: 'custom',
        path: [templateGroups],
        input: lt[templateGroups],
        message:
          `no template security groups beside network_interfaces[${withGroups}].security_groups: ` +
          'EC2 takes them on the interfaces only',
      });
  }, WHEN_FIELDS_VALID);

/** A validated launch template. */
export type LaunchTemplateConfig = z.infer<typeof LaunchTemplateSchema>;
