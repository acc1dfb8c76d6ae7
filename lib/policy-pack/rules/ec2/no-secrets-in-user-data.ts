import { ofTypes, type ResourceRule } from '../../policy-rule';
import { findSecrets } from '../../../secrets/secret-patterns';
import { isExpression } from '../../terraform-values';

/** User data is readable by anyone who may describe the instance or template: no secrets in it. */
export const noSecretsInUserData: ResourceRule = {
  id: 'EC2-5',
  name: 'no-secrets-in-user-data',
  reason:
    'user data is readable by anyone allowed to describe the instance or template; ' +
    'secrets belong in Secrets Manager or SSM',
  sources: ['CKV_AWS_46'],
  scope: 'resource',
  appliesTo: ofTypes('aws_launch_template', 'aws_instance'),
  check(resource) {
    const values = resource.values;
    // Launch templates take base64; instances take either argument.
    const [attribute, text] =
      resource.type === 'aws_launch_template' || values.user_data_base64 !== undefined
        ? [
            resource.type === 'aws_launch_template' ? 'user_data' : 'user_data_base64',
            decoded(resource.type === 'aws_launch_template' ? values.user_data : values.user_data_base64),
          ]
        : ['user_data', values.user_data];
    if (text === undefined) return [];
    if (isExpression(text))
      return [
        {
          attribute,
          found: 'a Terraform expression, unknown until apply',
          allowed: 'user data written at synth, so the policy pack can read it',
        },
      ];
    return findSecrets(text as string).map((secret) => ({
      attribute,
      found: secret,
      allowed: 'no secrets: read them at boot from Secrets Manager or SSM Parameter Store',
    }));
  },
};

/** Base64 user data as text; an expression stays as it is, to be reported. */
function decoded(value: unknown): unknown {
  if (typeof value !== 'string' || isExpression(value)) return value;
  return Buffer.from(value, 'base64').toString('utf8');
}
