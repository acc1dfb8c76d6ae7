import { ofTypes, type ResourceRule } from '../../policy-rule';
import { blockOf, rendered } from '../../terraform-values';

/** Instances must use IMDSv2 (session tokens): IMDSv1 answers any request that reaches it, such as a forged one. */
export const imdsv2Required: ResourceRule = {
  id: 'EC2-1',
  name: 'imdsv2-required',
  reason: "IMDSv1 hands the instance role's credentials to any request that reaches it; IMDSv2 needs a session token",
  sources: ['CKV_AWS_79'],
  scope: 'resource',
  appliesTo: ofTypes('aws_launch_template', 'aws_instance'),
  check(resource) {
    const options = blockOf(resource.values.metadata_options);
    // With the endpoint off there is no metadata service to protect.
    if (options?.http_endpoint === 'disabled') return [];
    if (options?.http_tokens === 'required') return [];
    return [
      {
        attribute: 'metadata_options.http_tokens',
        found: rendered(options?.http_tokens),
        allowed: '"required" (or http_endpoint "disabled")',
      },
    ];
  },
};
