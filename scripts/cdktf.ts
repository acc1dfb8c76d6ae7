import { spawnSync } from 'child_process';
import * as path from 'path';
import { UsageError } from '../lib/deployment/synth-target';
import { hooksLeftOut } from '../lib/orchestration/hooks-left-out';
import { cdkCliEntry } from '../lib/terraform-cli/cdk-cli';
import { terraformEnvironment } from '../lib/terraform-cli/terraform-cli-config';

/**
 * `cdktf` with the project's Terraform environment: the CLI config written from
 * TF_PROVIDER_MIRROR (air-gapped machines), the shared plugin cache and CHECKPOINT_DISABLE.
 * Deploying or destroying an offline synth is refused here, before cdktf starts; the stacks
 * themselves refuse too (see lib/deployment/offline-apply-guard.ts). Hooks are run-all's: cdktf
 * runs none, and says which it left out.
 *
 *   npm run cdktf -- deploy dev-batch
 *   npm run cdktf -- diff prod-step-function
 */
const REFUSED_OFFLINE = new Set(['deploy', 'apply', 'destroy']);

function main(): number {
  const args = process.argv.slice(2);
  const command = args.find((a) => !a.startsWith('-'));
  if (command && REFUSED_OFFLINE.has(command) && process.env.SYNTH_MODE === 'offline') {
    const never = command === 'destroy' ? 'destroyed' : 'deployed';
    process.stderr.write(
      'error: SYNTH_MODE=offline stacks use mock outputs and a local backend: they can be planned ' +
        `(cdktf diff, npm run plan:offline), never ${never}. Unset SYNTH_MODE to deploy to AWS.\n`,
    );
    return 1;
  }
  const projectRoot = path.resolve(__dirname, '..');
  const env = terraformEnvironment(projectRoot);
  // Offline there is no registry to lock providers against: cdktf's extra `terraform providers lock` would fail.
  const extra =
    env.TF_PROVIDER_MIRROR &&
    command &&
    ['deploy', 'destroy', 'diff'].includes(command) &&
    !args.includes('--skip-provider-lock')
      ? ['--skip-provider-lock']
      : [];
  const cli = cdkCliEntry(projectRoot);
  const result = spawnSync(process.execPath, [cli, ...args, ...extra], { stdio: 'inherit', env, cwd: projectRoot });
  const notice = hooksLeftOut(path.join(projectRoot, 'cdktf.out'), args);
  if (notice) process.stderr.write(`${notice}\n`);
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
