import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { blockOf, blocksOf, booleanOf, rendered } from '../../terraform-values';

/**
 * Every EBS volume an instance gets is encrypted. A launch template without an EBS mapping
 * leaves the root volume to the AMI's snapshot, unencrypted unless the account turned on EBS
 * encryption by default, which Terraform cannot see; so the root volume must be mapped.
 */
export const ebsEncrypted: ResourceRule = {
  id: 'EC2-4',
  name: 'ebs-encrypted',
  reason: "job data spills to the instances' volumes; an unencrypted volume or snapshot exposes it",
  sources: [
    'CKV_AWS_8 (the same check for launch configurations and instances; checkov has none for launch templates)',
    'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
  ],
  scope: 'resource',
  appliesTo: ofTypes('aws_launch_template', 'aws_instance', 'aws_ebs_volume'),
  check(resource) {
    const values = resource.values;
    const findings: PolicyFinding[] = [];
    const require = (attribute: string, value: unknown): void => {
      if (booleanOf(value) !== true) findings.push({ attribute, found: rendered(value), allowed: 'true' });
    };
    switch (resource.type) {
      case 'aws_launch_template': {
        const mappings = blocksOf(values.block_device_mappings);
        const ebs = mappings
          .map((mapping, i) => [i, blockOf(mapping.ebs)] as const)
          .filter(([, volume]) => volume !== undefined);
        if (ebs.length === 0)
          findings.push({
            attribute: 'block_device_mappings',
            found: 'no EBS volume',
            allowed: 'the root device mapped with ebs.encrypted = true',
          });
        for (const [i, volume] of ebs) require(`block_device_mappings[${i}].ebs.encrypted`, volume!.encrypted);
        break;
      }
      case 'aws_instance':
        require('root_block_device.encrypted', blockOf(values.root_block_device)?.encrypted);
        blocksOf(values.ebs_block_device).forEach((volume, i) =>
          require(`ebs_block_device[${i}].encrypted`, volume.encrypted),
        );
        break;
      case 'aws_ebs_volume':
        require('encrypted', values.encrypted);
        break;
    }
    return findings;
  },
};
