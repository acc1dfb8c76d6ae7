import { ofTypes, type PolicyFinding, type ResourceRule } from '../../policy-rule';
import { containerFindings, type ContainerView, ecsTasksOf } from '../../container-definitions';
import { blocksOf, booleanOf, rendered } from '../../terraform-values';

/** Batch instances and tasks run in private subnets and reach AWS through VPC endpoints: nothing gets a public IP. */
export const noPublicIp: ResourceRule = {
  id: 'EC2-3',
  name: 'no-public-ip',
  reason:
    'a public IP puts an instance or task on the internet; ' +
    'the platform reaches AWS through private subnets and VPC endpoints',
  sources: ['CKV_AWS_88'],
  scope: 'resource',
  appliesTo: ofTypes(
    'aws_launch_template',
    'aws_instance',
    'aws_batch_job_definition',
    'aws_subnet',
    'aws_ecs_service',
  ),
  check(resource) {
    const findings: PolicyFinding[] = [];
    const values = resource.values;
    const isTrue = (value: unknown): boolean => booleanOf(value) === true;
    switch (resource.type) {
      case 'aws_launch_template':
        blocksOf(values.network_interfaces).forEach((nic, i) => {
          if (isTrue(nic.associate_public_ip_address))
            findings.push({
              attribute: `network_interfaces[${i}].associate_public_ip_address`,
              found: rendered(nic.associate_public_ip_address),
              allowed: 'false or not set',
            });
        });
        break;
      case 'aws_instance':
        if (isTrue(values.associate_public_ip_address))
          findings.push({
            attribute: 'associate_public_ip_address',
            found: rendered(values.associate_public_ip_address),
            allowed: 'false or not set',
          });
        break;
      case 'aws_subnet':
        if (isTrue(values.map_public_ip_on_launch))
          findings.push({
            attribute: 'map_public_ip_on_launch',
            found: rendered(values.map_public_ip_on_launch),
            allowed: 'false or not set',
          });
        break;
      case 'aws_ecs_service':
        blocksOf(values.network_configuration).forEach((network) => {
          if (isTrue(network.assign_public_ip))
            findings.push({
              attribute: 'network_configuration.assign_public_ip',
              found: rendered(network.assign_public_ip),
              allowed: 'false or not set',
            });
        });
        break;
      case 'aws_batch_job_definition': {
        // A single container carries its networkConfiguration; an ecs_properties job carries it on its task.
        const publicIp = (view: ContainerView): PolicyFinding[] => {
          const network = view.properties.networkConfiguration as { assignPublicIp?: unknown } | undefined;
          return network?.assignPublicIp === 'ENABLED'
            ? [
                {
                  attribute: `${view.attribute}.networkConfiguration.assignPublicIp`,
                  found: '"ENABLED"',
                  allowed: '"DISABLED" or not set',
                },
              ]
            : [];
        };
        findings.push(...containerFindings(resource, publicIp), ...ecsTasksOf(resource).flatMap(publicIp));
        break;
      }
    }
    return findings;
  },
};
