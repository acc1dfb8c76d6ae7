import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OFFLINE_APPLY_REFUSAL } from '../../lib/deployment/offline-apply-guard';
import { runStackCommand } from '../../lib/orchestration/stack-command';
import { readSynthesizedStacks } from '../../lib/orchestration/synthesized-stacks';
import { runSynth } from '../../lib/synthesis/synth-process';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { runTerraform } from '../../lib/terraform-cli/terraform-process';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(180_000);

describe('an offline synth can be planned but never applied', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-guard-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  let stackDir: string;

  beforeAll(() => {
    runSynth({ projectRoot: PROJECT_ROOT, mode: 'offline', outdir, environments: ['dev'] });
    stackDir = path.join(outdir, 'stacks', 'dev-sqs');
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('terraform apply fails on the guard and creates nothing', async () => {
    const workspace = new StackWorkspace({ name: 'dev-sqs', directory: stackDir, env });
    await workspace.init();
    const apply = await runTerraform(['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false'], {
      cwd: stackDir,
      env,
    });
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr.replace(/\s+/g, ' ')).toContain(OFFLINE_APPLY_REFUSAL.replace(/\s+/g, ' ').slice(0, 60));
    expect(apply.stdout).not.toMatch(/Creation complete/);
    expect(await workspace.stateList()).toEqual([]);
  });

  test('cdktf deploy of an offline synth fails the same way', () => {
    const cli = path.join(PROJECT_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
    const result = spawnSync(
      process.execPath,
      [cli, 'deploy', 'dev-sqs', '--auto-approve', '--skip-provider-lock', '--output', outdir],
      {
        cwd: PROJECT_ROOT,
        env: { ...env, SYNTH_MODE: 'offline', PLATFORM_ENVIRONMENTS: 'dev', CI: '1', FORCE_COLOR: '0' },
        encoding: 'utf8',
      },
    );
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`.replace(/\s+/g, ' ')).toContain('synthesized OFFLINE');
  });

  test('run-all refuses before Terraform starts', async () => {
    const stack = readSynthesizedStacks(outdir).find((s) => s.name === 'dev-sqs')!;
    await expect(runStackCommand(stack, 'apply', { env })).rejects.toThrow('was synthesized offline');
    await expect(runStackCommand(stack, 'destroy', { env })).rejects.toThrow('never destroyed');
  });
});
