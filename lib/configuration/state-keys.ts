import type { EnvironmentSettings } from './schemas/environment-schema';

/**
 * The S3 key of a module's state in an environment. The key template mirrors Terragrunt's
 * `path_relative_to_include()/terraform.tfstate`, so a stack can take over a unit's state; an
 * exact key under `state.keys` wins (a unit whose folder is not named like the module).
 */
export function stateKeyOf(settings: EnvironmentSettings, module: string): string {
  const exact = settings.state.keys?.[module];
  if (exact !== undefined) return exact;
  const values: Record<string, string> = {
    module,
    environment: settings.environment,
    account: settings.account,
    account_id: settings.account_id,
    region: settings.region,
    project: settings.project,
    prefix: settings.name_prefix,
  };
  return settings.state.key_template.replace(/\{([a-z_]+)\}/g, (_whole, name: string) => values[name]!);
}
