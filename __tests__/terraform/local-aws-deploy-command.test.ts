import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfiguration } from '../../main';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { copyCheckout } from '../support/checkout-copy';
import { PROJECT_ROOT } from '../support/config-fixture';
import { runInShell, runInTerminal } from './local-aws-terminal';
import { WALKTHROUGH_COMMANDS } from './walkthrough-commands';

jest.setTimeout(15 * 60_000);

/**
 * The documented per-stack command against the local AWS, in a copy of this checkout: interactive
 * approval works in a terminal, plain npx cdktf works with what `npm run -s env` prints, and modes
 * switch without `rm -rf cdktf.out`. (Its refusals: local-aws-refusals.test.ts.)
 */
describe('npm run deploy and npx cdktf, one stack at a time, against the local AWS', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-command-'));
  const stateDir = path.join(work, 'local-aws');
  const checkout = copyCheckout(path.join(work, 'checkout'));
  let localAws: LocalAws;
  let env: NodeJS.ProcessEnv;
  const shell = (command: string, extra: NodeJS.ProcessEnv = {}) =>
    runInShell(command, { cwd: checkout, env: { ...env, ...extra } });
  const terminal = (command: string) => runInTerminal(command, { cwd: checkout, env });

  beforeAll(async () => {
    localAws = await startLocalAws({ logFile: path.join(work, 'server.log') });
    const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;
    writeOverlay(stateDir, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
    env = {
      ...process.env,
      LOCAL_AWS_ENDPOINT: localAws.endpoint,
      LOCAL_AWS_STATE_DIR: stateDir,
      SYNTH_MODE: 'local',
    };
  });
  afterAll(async () => {
    await localAws?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('the per-stack command deploys in a terminal after its approval prompt, without a warning', async () => {
    const run = await terminal(WALKTHROUGH_COMMANDS.deploy[2]!);
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(1);
    expect(run.output).toContain('Apply complete!');
    expect(run.output).not.toMatch(/warning|checkpoint|incomplete lock/i);
  });

  test('plain npx cdktf, with what npm run -s env prints, finds nothing to change', async () => {
    const run = await terminal(`${WALKTHROUGH_COMMANDS.plainCdktfEnvironment} && npx cdktf diff dev-sqs`);
    expect(run.status).toBe(0);
    expect(run.output).toContain('No changes.');
  });

  test('offline, then local again: no backend question, no rm -rf, no Python for the offline plan', async () => {
    const bin = path.join(work, 'bin-without-python');
    fs.mkdirSync(bin);
    for (const tool of ['node', 'npm', 'npx', 'terraform', 'bash', 'sh']) {
      const found = shell(`command -v ${tool}`).stdout.trim();
      fs.symlinkSync(found, path.join(bin, tool));
    }
    const offline = shell(`${WALKTHROUGH_COMMANDS.planOffline} --include dev-sqs dev-step-function`, { PATH: bin });
    expect(spawnSync('python3', ['--version'], { env: { PATH: bin } }).error).toMatchObject({ code: 'ENOENT' });
    expect(offline.stderr).not.toMatch(/Backend configuration changed|python/i);
    expect(offline.status).toBe(0);
    const local = await terminal(WALKTHROUGH_COMMANDS.deploy[2]!);
    expect(local.status).toBe(0);
    expect(local.approvals).toBe(0);
    expect(local.output).toContain('No changes.');
  });

  test('destroy in a terminal after its approval prompt', async () => {
    const run = await terminal('npm run cdktf -- destroy dev-sqs');
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(1);
    expect(run.output).toContain('Destroy complete!');
  });
});
