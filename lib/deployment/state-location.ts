import type { EnvironmentSettings } from '../configuration/schemas/environment-schema';
import { stateKeyOf } from '../configuration/state-keys';

/** Where one stack's state lives: Terragrunt's remote_state for one unit. */
export interface StateLocation {
  /** S3 bucket. */
  readonly bucket: string;
  /** Object key, from the key template. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
  /** DynamoDB lock table, when the team still locks with DynamoDB. */
  readonly dynamodbTable?: string;
  /** Role to assume to reach the bucket. */
  readonly roleArn?: string;
  /** S3-native locking. */
  readonly useLockfile: boolean;
}

/** The state location of `module` in an environment (its key: lib/configuration/state-keys.ts). */
export function stateLocationOf(settings: EnvironmentSettings, module: string): StateLocation {
  return {
    bucket: settings.state.bucket,
    key: stateKeyOf(settings, module),
    region: settings.state.region,
    useLockfile: settings.state.use_lockfile,
    ...(settings.state.dynamodb_table ? { dynamodbTable: settings.state.dynamodb_table } : {}),
    ...(settings.state.role_arn ? { roleArn: settings.state.role_arn } : {}),
  };
}
