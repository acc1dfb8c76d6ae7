import { ofTypes, type ResourceRule } from '../../policy-rule';
import { findSecrets } from '../../secret-patterns';
import { isExpression } from '../../terraform-values';

/** User data is readable by anyone who may describe the instance or template: no secrets in it. */
export const noSecretsInUserData: ResourceRule = {
  id: 'EC2-5',
  name: 'no-secrets-in-user-data',
  reason: 'user data is readable by anyone allowed to describe the instance or template; secrets belong in Secrets Manager or SSM',
  sources: ['CKV_AWS_46'],
  scope: 'resource',
  appliesTo: ofTypes('aws_launch_template', 'aws_instance'),
  check(resource) {
    const values = resource.values;
    const encoded = resource.type === 'aws_launch_template' ? values.user_data : values.user_data_base64;
    const plain = resource.type === 'aws_instance' ? values.user_data : undefined;
    const [attribute, text] = typeof encoded === 'string' && !isExpression(encoded)
      ? [resource.type === 'aws_launch_template' ? 'user_data' : 'user_data_base64', Buffer.from(encoded, 'base64').toString('utf8')]
      : ['user_data', typeof plain === 'string' ? plain : ''];
    return findSecrets(text).map((secret) => ({ attribute, found: secret, allowed: 'no secrets: read them at boot from Secrets Manager or SSM Parameter Store' }));
  },
};
