import type { EnvironmentSettings } from '../configuration/schemas/environment-schema';

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

/**
 * The state location of `module` in an environment. The key template mirrors Terragrunt's
 * `path_relative_to_include()/terraform.tfstate`, so a stack can take over a unit's state; an
 * exact key under `state.keys` wins (a unit whose folder is not named like the module).
 */
export function stateLocationOf(settings: EnvironmentSettings, module: string): StateLocation {
  const values: Record<string, string> = {
    module,
    environment: settings.environment,
    account: settings.account,
    account_id: settings.account_id,
    region: settings.region,
    project: settings.project,
    prefix: settings.name_prefix,
  };
  const key =
    settings.state.keys?.[module] ??
    settings.state.key_template.replace(/\{([a-z_]+)\}/g, (_whole, name: string) => values[name]!);
  return {
    bucket: settings.state.bucket,
    key,
    region: settings.state.region,
    useLockfile: settings.state.use_lockfile,
    ...(settings.state.dynamodb_table ? { dynamodbTable: settings.state.dynamodb_table } : {}),
    ...(settings.state.role_arn ? { roleArn: settings.state.role_arn } : {}),
  };
}
