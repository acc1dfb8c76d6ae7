import { Testing } from 'cdktf';
import { buildEnvironmentStacks, loadConfiguration, type Module } from '../../main';
import type { EnvironmentConfig } from '../../lib/configuration/platform-config';
import type { SynthTarget } from '../../lib/deployment/synth-target';
import { PROJECT_ROOT } from './config-fixture';

/** The shipped configuration of one environment. */
export function shippedEnvironment(name = 'dev', root = PROJECT_ROOT): EnvironmentConfig {
  return loadConfiguration({ root, environments: [name] }).environments[0]!;
}

/** One environment's stacks synthesized in memory: the JSON text of each, by module. */
export function synthEnvironment(
  environment: EnvironmentConfig,
  target: SynthTarget = { mode: 'offline' },
): Record<Module, string> {
  const app = Testing.app({ stackTraces: false });
  const stacks = buildEnvironmentStacks(app, environment, target);
  return Object.fromEntries(Object.entries(stacks).map(([module, stack]) => [module, Testing.synth(stack)])) as Record<
    Module,
    string
  >;
}

/** The parsed Terraform JSON of one synthesized stack. */
export function parsed(json: string): any {
  return JSON.parse(json);
}
