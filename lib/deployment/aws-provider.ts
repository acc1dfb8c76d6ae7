import { AwsProvider, type AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { EnvironmentSettings } from '../configuration/schemas/environment-schema';
import { LOCAL_AWS_CREDENTIALS } from './state-backend';
import type { SynthTarget } from './synth-target';

/** Services the stacks call; on the local AWS each is pointed at its endpoint. */
const LOCAL_SERVICES = ['batch', 'cloudwatch', 'ec2', 'ecr', 'events', 'iam', 'kms', 'lambda', 'logs', 'pipes', 's3', 'scheduler', 'secretsmanager', 'sfn', 'sns', 'sqs', 'ssm', 'sts'] as const;

/**
 * The AWS provider of a stack. On AWS it assumes the account's deploy role and refuses any other
 * account; offline it never needs credentials; on the local AWS every service points at it.
 */
export function configureAwsProvider(scope: Construct, settings: EnvironmentSettings, target: SynthTarget): AwsProvider {
  const common = { region: settings.region, defaultTags: [{ tags: settings.tags }] };
  switch (target.mode) {
    case 'real':
      return new AwsProvider(scope, 'aws', {
        ...common,
        allowedAccountIds: [settings.account_id],
        ...(settings.deploy_role_arn ? { assumeRole: [{ roleArn: settings.deploy_role_arn, sessionName: `cdktf-${settings.environment}` }] } : {}),
      });
    case 'offline':
      return new AwsProvider(scope, 'aws', {
        ...common,
        accessKey: 'offline-plan',
        secretKey: 'offline-plan',
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: 'true',
      });
    case 'local': {
      const endpoints: AwsProviderEndpoints = Object.fromEntries(LOCAL_SERVICES.map((service) => [service, target.localEndpoint!]));
      return new AwsProvider(scope, 'aws', {
        ...common,
        ...LOCAL_AWS_CREDENTIALS,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: 'true',
        s3UsePathStyle: true,
        endpoints: [endpoints],
      });
    }
  }
}
