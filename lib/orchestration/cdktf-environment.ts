import { terraformEnvironment } from '../terraform-cli/terraform-cli-config';

/**
 * The environment cdktf-cli needs for this project, which `npm run cdktf` sets and `npm run -s env`
 * prints for plain `npx cdktf`: the project's Terraform environment (CLI config from
 * TF_PROVIDER_MIRROR, shared plugin cache, CHECKPOINT_DISABLE, which also silences cdktf's own
 * telemetry call), and CDKTF_IGNORE_MISSING_STACK_DEPENDENCIES (cdktf-cli reads its options from
 * CDKTF_* variables): one stack deploys on its own once its upstream stacks are deployed, and
 * `cdktf deploy 'dev-*'` runs the environment's stacks one at a time in manifest order, upstream
 * first. Terraform may ask for input: cdktf's approval prompt is Terraform's.
 */
export function cdktfEnvironment(projectRoot: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = terraformEnvironment(projectRoot, env);
  if (env.TF_IN_AUTOMATION === undefined) delete out.TF_IN_AUTOMATION;
  if (env.TF_INPUT === undefined) delete out.TF_INPUT;
  out.CDKTF_IGNORE_MISSING_STACK_DEPENDENCIES = env.CDKTF_IGNORE_MISSING_STACK_DEPENDENCIES ?? 'true';
  return out;
}

/** Shell `export` lines for what cdktfEnvironment adds to or changes in `env`, in name order. */
export function exportLines(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const wanted = cdktfEnvironment(projectRoot, env);
  return Object.keys(wanted)
    .filter((name) => wanted[name] !== env[name])
    .sort()
    .map((name) => `export ${name}='${wanted[name]!.replace(/'/g, `'\\''`)}'`);
}
