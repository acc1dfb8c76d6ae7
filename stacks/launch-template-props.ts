import type { LaunchTemplateWithUserData } from '../lib/configuration/platform-config';
import type { BatchLaunchTemplateProps } from '../lib/constructs/batch/batch-launch-template';

/**
 * A launch template of launch-template.json as the construct takes it: every argument, renamed from
 * the provider's snake_case to its camelCase, as written. The provider's nullable booleans take
 * "true" or "false"; a user data file is encoded to base64, as EC2 takes user data.
 */
export function launchTemplateProps(config: LaunchTemplateWithUserData): BatchLaunchTemplateProps {
  return {
    name: config.name,
    description: config.description,
    defaultVersion: config.default_version,
    updateDefaultVersion: config.update_default_version,
    blockDeviceMappings: config.block_device_mappings?.map((mapping) => ({
      deviceName: mapping.device_name,
      ebs: mapping.ebs && {
        deleteOnTermination: nullableBoolean(mapping.ebs.delete_on_termination),
        encrypted: nullableBoolean(mapping.ebs.encrypted),
        iops: mapping.ebs.iops,
        kmsKeyId: mapping.ebs.kms_key_id,
        snapshotId: mapping.ebs.snapshot_id,
        throughput: mapping.ebs.throughput,
        volumeInitializationRate: mapping.ebs.volume_initialization_rate,
        volumeSize: mapping.ebs.volume_size,
        volumeType: mapping.ebs.volume_type,
      },
      noDevice: mapping.no_device,
      virtualName: mapping.virtual_name,
    })),
    capacityReservationSpecification: config.capacity_reservation_specification && {
      capacityReservationPreference: config.capacity_reservation_specification.capacity_reservation_preference,
      capacityReservationTarget: config.capacity_reservation_specification.capacity_reservation_target && {
        capacityReservationId:
          config.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_id,
        capacityReservationResourceGroupArn:
          config.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_resource_group_arn,
      },
    },
    cpuOptions: config.cpu_options && {
      amdSevSnp: config.cpu_options.amd_sev_snp,
      coreCount: config.cpu_options.core_count,
      threadsPerCore: config.cpu_options.threads_per_core,
    },
    creditSpecification: config.credit_specification && { cpuCredits: config.credit_specification.cpu_credits },
    disableApiStop: config.disable_api_stop,
    disableApiTermination: config.disable_api_termination,
    ebsOptimized: nullableBoolean(config.ebs_optimized),
    elasticGpuSpecifications: config.elastic_gpu_specifications,
    elasticInferenceAccelerator: config.elastic_inference_accelerator,
    enclaveOptions: config.enclave_options,
    hibernationOptions: config.hibernation_options,
    iamInstanceProfile: config.iam_instance_profile,
    imageId: config.image_id,
    instanceInitiatedShutdownBehavior: config.instance_initiated_shutdown_behavior,
    instanceMarketOptions: config.instance_market_options && {
      marketType: config.instance_market_options.market_type,
      spotOptions: config.instance_market_options.spot_options && {
        blockDurationMinutes: config.instance_market_options.spot_options.block_duration_minutes,
        instanceInterruptionBehavior: config.instance_market_options.spot_options.instance_interruption_behavior,
        maxPrice: config.instance_market_options.spot_options.max_price,
        spotInstanceType: config.instance_market_options.spot_options.spot_instance_type,
        validUntil: config.instance_market_options.spot_options.valid_until,
      },
    },
    instanceRequirements: config.instance_requirements && instanceRequirements(config.instance_requirements),
    instanceType: config.instance_type,
    kernelId: config.kernel_id,
    keyName: config.key_name,
    licenseSpecification: config.license_specification?.map((license) => ({
      licenseConfigurationArn: license.license_configuration_arn,
    })),
    maintenanceOptions: config.maintenance_options && { autoRecovery: config.maintenance_options.auto_recovery },
    metadataOptions: config.metadata_options && {
      httpEndpoint: config.metadata_options.http_endpoint,
      httpProtocolIpv6: config.metadata_options.http_protocol_ipv6,
      httpPutResponseHopLimit: config.metadata_options.http_put_response_hop_limit,
      httpTokens: config.metadata_options.http_tokens,
      instanceMetadataTags: config.metadata_options.instance_metadata_tags,
    },
    monitoring: config.monitoring,
    networkInterfaces: config.network_interfaces?.map((nic) => ({
      associateCarrierIpAddress: nullableBoolean(nic.associate_carrier_ip_address),
      associatePublicIpAddress: nullableBoolean(nic.associate_public_ip_address),
      connectionTrackingSpecification: nic.connection_tracking_specification && {
        tcpEstablishedTimeout: nic.connection_tracking_specification.tcp_established_timeout,
        udpStreamTimeout: nic.connection_tracking_specification.udp_stream_timeout,
        udpTimeout: nic.connection_tracking_specification.udp_timeout,
      },
      deleteOnTermination: nullableBoolean(nic.delete_on_termination),
      description: nic.description,
      deviceIndex: nic.device_index,
      enaSrdSpecification: nic.ena_srd_specification && {
        enaSrdEnabled: nic.ena_srd_specification.ena_srd_enabled,
        enaSrdUdpSpecification: nic.ena_srd_specification.ena_srd_udp_specification && {
          enaSrdUdpEnabled: nic.ena_srd_specification.ena_srd_udp_specification.ena_srd_udp_enabled,
        },
      },
      interfaceType: nic.interface_type,
      ipv4AddressCount: nic.ipv4_address_count,
      ipv4Addresses: nic.ipv4_addresses,
      ipv4PrefixCount: nic.ipv4_prefix_count,
      ipv4Prefixes: nic.ipv4_prefixes,
      ipv6AddressCount: nic.ipv6_address_count,
      ipv6Addresses: nic.ipv6_addresses,
      ipv6PrefixCount: nic.ipv6_prefix_count,
      ipv6Prefixes: nic.ipv6_prefixes,
      networkCardIndex: nic.network_card_index,
      networkInterfaceId: nic.network_interface_id,
      primaryIpv6: nullableBoolean(nic.primary_ipv6),
      privateIpAddress: nic.private_ip_address,
      securityGroups: nic.security_groups,
      subnetId: nic.subnet_id,
    })),
    placement: config.placement && {
      affinity: config.placement.affinity,
      availabilityZone: config.placement.availability_zone,
      groupName: config.placement.group_name,
      hostId: config.placement.host_id,
      hostResourceGroupArn: config.placement.host_resource_group_arn,
      partitionNumber: config.placement.partition_number,
      spreadDomain: config.placement.spread_domain,
      tenancy: config.placement.tenancy,
    },
    privateDnsNameOptions: config.private_dns_name_options && {
      enableResourceNameDnsARecord: config.private_dns_name_options.enable_resource_name_dns_a_record,
      enableResourceNameDnsAaaaRecord: config.private_dns_name_options.enable_resource_name_dns_aaaa_record,
      hostnameType: config.private_dns_name_options.hostname_type,
    },
    ramDiskId: config.ram_disk_id,
    securityGroupNames: config.security_group_names,
    tagSpecifications:
      config.tag_specifications?.map((spec) => ({ resourceType: spec.resource_type, tags: spec.tags })) ??
      instanceTagSpecifications(config.instance_tags),
    tags: config.tags,
    userData: config.user_data ?? base64(config.userData),
    vpcSecurityGroupIds: config.vpc_security_group_ids,
  };
}

type InstanceRequirementsConfig = NonNullable<LaunchTemplateWithUserData['instance_requirements']>;

/** instance_requirements, renamed; its ranges are `{min, max}` in both. */
function instanceRequirements(
  requirements: InstanceRequirementsConfig,
): NonNullable<BatchLaunchTemplateProps['instanceRequirements']> {
  return {
    acceleratorCount: requirements.accelerator_count,
    acceleratorManufacturers: requirements.accelerator_manufacturers,
    acceleratorNames: requirements.accelerator_names,
    acceleratorTotalMemoryMib: requirements.accelerator_total_memory_mib,
    acceleratorTypes: requirements.accelerator_types,
    allowedInstanceTypes: requirements.allowed_instance_types,
    bareMetal: requirements.bare_metal,
    baselineEbsBandwidthMbps: requirements.baseline_ebs_bandwidth_mbps,
    burstablePerformance: requirements.burstable_performance,
    cpuManufacturers: requirements.cpu_manufacturers,
    excludedInstanceTypes: requirements.excluded_instance_types,
    instanceGenerations: requirements.instance_generations,
    localStorage: requirements.local_storage,
    localStorageTypes: requirements.local_storage_types,
    maxSpotPriceAsPercentageOfOptimalOnDemandPrice:
      requirements.max_spot_price_as_percentage_of_optimal_on_demand_price,
    memoryGibPerVcpu: requirements.memory_gib_per_vcpu,
    memoryMib: requirements.memory_mib,
    networkBandwidthGbps: requirements.network_bandwidth_gbps,
    networkInterfaceCount: requirements.network_interface_count,
    onDemandMaxPricePercentageOverLowestPrice: requirements.on_demand_max_price_percentage_over_lowest_price,
    requireHibernateSupport: requirements.require_hibernate_support,
    spotMaxPricePercentageOverLowestPrice: requirements.spot_max_price_percentage_over_lowest_price,
    totalLocalStorageGb: requirements.total_local_storage_gb,
    vcpuCount: requirements.vcpu_count,
  };
}

/** instance_tags, the platform's short form: the same tags for the instances and their volumes. */
function instanceTagSpecifications(
  tags: Readonly<Record<string, string>> | undefined,
): BatchLaunchTemplateProps['tagSpecifications'] {
  return tags && ['instance', 'volume'].map((resourceType) => ({ resourceType, tags: { ...tags } }));
}

/** A nullable boolean as the provider takes it: "true", "false", or not set. */
function nullableBoolean(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Clear-text user data as EC2 takes it. */
function base64(text: string | undefined): string | undefined {
  return text === undefined ? undefined : Buffer.from(text, 'utf8').toString('base64');
}
