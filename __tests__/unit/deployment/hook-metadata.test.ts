import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../../main';
import { readSynthesizedStacks } from '../../../lib/orchestration/synthesized-stacks';
import { compareSynthOutputs } from '../../../lib/plan-review/affected-stacks';
import { ConfigFixture } from '../../support/config-fixture';

/** Synthesizes dev offline from a configuration folder into `outdir`. */
function synth(root: string, outdir: string): void {
  synthesize({ SYNTH_MODE: 'offline', PLATFORM_CONFIG_ROOT: root, PLATFORM_ENVIRONMENTS: 'dev', CDKTF_OUTDIR: outdir });
}

describe("hooks travel to run-all in each stack's metadata", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hook-metadata-'));
  const fixture = ConfigFixture.copy();
  const shipped = ConfigFixture.copy();
  beforeAll(() => {
    fixture.editJson('config/defaults.json', (d) => {
      d.hooks = {
        tflint: { when: 'before', commands: ['plan', 'apply'], execute: ['tflint', '--chdir', '{stack_dir}'] },
        smoke: {
          when: 'after',
          commands: ['apply'],
          modules: ['batch'],
          execute: ['npm', 'run', 'smoke-test', '--', '--env', '{environment}'],
          run_on_error: true,
          timeout_seconds: 900,
        },
      };
    });
    synth(fixture.root, path.join(work, 'hooks'));
    synth(shipped.root, path.join(work, 'shipped'));
  });
  afterAll(() => {
    fixture.dispose();
    shipped.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('each stack carries the hooks of its module, in order, with every setting filled in', () => {
    const stacks = new Map(readSynthesizedStacks(path.join(work, 'hooks')).map((s) => [s.module, s]));
    const tflint = {
      name: 'tflint',
      when: 'before',
      commands: ['plan', 'apply'],
      execute: ['tflint', '--chdir', '{stack_dir}'],
      working_dir: 'stack',
      run_on_error: false,
      timeout_seconds: 300,
      offline: false,
    };
    expect(stacks.get('iam')!.hooks).toEqual([tflint]);
    expect(stacks.get('batch')!.hooks).toEqual([
      tflint,
      {
        name: 'smoke',
        when: 'after',
        commands: ['apply'],
        execute: ['npm', 'run', 'smoke-test', '--', '--env', 'dev'],
        working_dir: 'stack',
        run_on_error: true,
        timeout_seconds: 900,
        offline: false,
      },
    ]);
  });

  test('a stack without hooks has no hooks key: the shipped configuration synthesizes as before hooks', () => {
    for (const stack of readSynthesizedStacks(path.join(work, 'shipped'))) {
      expect(stack.hooks).toEqual([]);
      expect(
        Object.keys(JSON.parse(fs.readFileSync(path.join(stack.directory, 'cdk.tf.json'), 'utf8'))['//'].platform),
      ).toEqual(['environment', 'module', 'synth_mode']);
    }
  });

  test('hooks change no Terraform JSON: the plan review finds every stack unchanged, in comments only', () => {
    const comparison = compareSynthOutputs(path.join(work, 'shipped'), path.join(work, 'hooks'));
    expect(comparison.affected).toEqual([]);
    expect([...comparison.commentsOnly].sort()).toEqual([
      'dev-batch',
      'dev-iam',
      'dev-security-group',
      'dev-sqs',
      'dev-step-function',
    ]);
  });
});
