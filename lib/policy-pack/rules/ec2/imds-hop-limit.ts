import { ofTypes, type ResourceRule } from '../../policy-rule';
import { blockOf, rendered } from '../../terraform-values';

/**
 * The metadata service must answer only the instance itself. ECS-optimized AL2023 AMIs default
 * to a hop limit of 2, which lets every bridge-networked container read the instance role's
 * credentials, so the limit must be set explicitly.
 */
export const imdsHopLimit: ResourceRule = {
  id: 'EC2-2',
  name: 'imds-hop-limit-1',
  reason:
    'a hop limit above 1 lets containers on the instance reach ' +
    "the metadata service and the instance role's credentials",
  sources: ['CKV_AWS_341'],
  scope: 'resource',
  appliesTo: ofTypes('aws_launch_template', 'aws_instance'),
  check(resource) {
    const options = blockOf(resource.values.metadata_options);
    if (options?.http_endpoint === 'disabled') return [];
    const limit = options?.http_put_response_hop_limit;
    if (limit === 1 || limit === '1') return [];
    return [
      {
        attribute: 'metadata_options.http_put_response_hop_limit',
        found: rendered(limit),
        allowed: '1, set explicitly (AMIs may default to 2)',
      },
    ];
  },
};
