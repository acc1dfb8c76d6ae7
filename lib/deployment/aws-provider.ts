import { AwsProvider, type AwsProviderConfig, type AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { EnvironmentSettings } from '../configuration/schemas/environment-schema';
import { LOCAL_AWS_CREDENTIALS } from './state-backend';
import type { SynthTarget } from './synth-target';

/** Services the stacks call; on the local AWS each is pointed at its endpoint. */
const LOCAL_SERVICES = [
  'batch',
  'cloudwatch',
  'ec2',
  'ecr',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  'pipes',
  's3',
  'scheduler',
  'secretsmanager',
  'sfn',
  'sns',
  'sqs',
  'ssm',
  'sts',
] as const;

/** Settings that keep the provider from asking AWS who the caller is: no AWS offline, no real account locally. */
const NO_ACCOUNT_LOOKUPS = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
} as const;

/** Provider settings for the local AWS: its dummy credentials, no account lookups, these services at its endpoint. */
export function localAwsProviderSettings(
  endpoints: AwsProviderEndpoints,
): Pick<
  AwsProviderConfig,
  | 'accessKey'
  | 'secretKey'
  | 'skipCredentialsValidation'
  | 'skipRequestingAccountId'
  | 'skipMetadataApiCheck'
  | 's3UsePathStyle'
  | 'endpoints'
> {
  return { ...LOCAL_AWS_CREDENTIALS, ...NO_ACCOUNT_LOOKUPS, s3UsePathStyle: true, endpoints: [endpoints] };
}

/**
 * The AWS provider of a stack. On AWS it assumes the account's deploy role and refuses any other
 * account; offline it never needs credentials; on the local AWS every service points at it.
 */
export function configureAwsProvider(
  scope: Construct,
  settings: EnvironmentSettings,
  target: SynthTarget,
): AwsProvider {
  const common = { region: settings.region, defaultTags: [{ tags: settings.tags }] };
  switch (target.mode) {
    case 'real':
      return new AwsProvider(scope, 'aws', {
        ...common,
        allowedAccountIds: [settings.account_id],
        ...(settings.deploy_role_arn
          ? { assumeRole: [{ roleArn: settings.deploy_role_arn, sessionName: `cdktf-${settings.environment}` }] }
          : {}),
      });
    case 'offline':
      return new AwsProvider(scope, 'aws', {
        ...common,
        accessKey: 'offline-plan',
        secretKey: 'offline-plan',
        ...NO_ACCOUNT_LOOKUPS,
      });
    case 'local': {
      const endpoints: AwsProviderEndpoints = Object.fromEntries(
        LOCAL_SERVICES.map((service) => [service, target.localEndpoint!]),
      );
      return new AwsProvider(scope, 'aws', { ...common, ...localAwsProviderSettings(endpoints) });
    }
  }
}
