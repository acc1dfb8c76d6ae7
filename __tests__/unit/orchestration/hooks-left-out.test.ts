import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { StackHook } from '../../../lib/configuration/schemas/hook-schema';
import { hooksLeftOut } from '../../../lib/orchestration/hooks-left-out';
import type { StackCommand } from '../../../lib/orchestration/stack-command';
import { writeSynthOutput } from '../../support/synth-output';

describe('npm run cdktf says which hooks it did not run', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hooks-left-out-'));
  beforeAll(() => {
    const hook = (name: string, when: StackHook['when'], commands: StackCommand[]): StackHook => ({
      name,
      when,
      commands,
      execute: ['true'],
      working_dir: 'stack',
      run_on_error: false,
      timeout_seconds: 300,
      offline: false,
    });
    writeSynthOutput(outdir, {
      'dev-batch': {
        platform: {
          environment: 'dev',
          module: 'batch',
          synth_mode: 'real',
          hooks: [hook('tflint', 'before', ['plan', 'apply']), hook('smoke', 'after', ['apply'])],
        },
      },
      'dev-sqs': { platform: { environment: 'dev', module: 'sqs', synth_mode: 'real' } },
    });
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('deploy stands for apply, diff for plan; only the named stacks count', () => {
    expect(hooksLeftOut(outdir, ['deploy', 'dev-batch', '--auto-approve'])).toBe(
      'note: cdktf deploy runs no hooks; these were not run: dev-batch: tflint (before), dev-batch: smoke (after). ' +
        'npm run all -- apply --include <stack> runs a stack between its hooks.',
    );
    expect(hooksLeftOut(outdir, ['diff', 'dev-*'])).toBe(
      'note: cdktf diff runs no hooks; these were not run: dev-batch: tflint (before). npm run all -- plan --include ' +
        '<stack> runs a stack between its hooks.',
    );
  });

  test('nothing to say for a stack without hooks, a command hooks do not wrap, or no synth output', () => {
    expect(hooksLeftOut(outdir, ['deploy', 'dev-sqs'])).toBeUndefined();
    expect(hooksLeftOut(outdir, ['synth'])).toBeUndefined();
    expect(hooksLeftOut(path.join(outdir, 'none'), ['deploy', 'dev-batch'])).toBeUndefined();
  });
});
