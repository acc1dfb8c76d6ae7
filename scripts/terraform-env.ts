import * as path from 'path';
import { UsageError } from '../lib/deployment/synth-target';
import { exportLines } from '../lib/orchestration/cdktf-environment';

/**
 * Prints the `export` lines plain `npx cdktf` needs in this project (what `npm run cdktf` sets by
 * itself): `eval "$(npm run -s env)"` in a shell, then `npx cdktf deploy dev-iam` works there.
 */
try {
  process.stdout.write(`${exportLines(path.resolve(__dirname, '..')).join('\n')}\n`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
}
