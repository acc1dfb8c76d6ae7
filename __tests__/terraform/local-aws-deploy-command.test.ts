import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { type LocalAwsCheckout, startLocalAwsCheckout } from './local-aws-checkout';
import { warningsIn } from './local-aws-terminal';
import { WALKTHROUGH_COMMANDS } from './walkthrough-commands';

jest.setTimeout(15 * 60_000);

/**
 * The documented per-stack command against the local AWS, in a copy of this checkout: interactive
 * approval works in a terminal, plain npx cdktf works with what `npm run -s env` prints, and modes
 * switch without `rm -rf cdktf.out`. (Its refusals: local-aws-refusals.test.ts.)
 */
describe('npm run deploy and npx cdktf, one stack at a time, against the local AWS', () => {
  let checkout: LocalAwsCheckout;
  const shell = (command: string, extra: NodeJS.ProcessEnv = {}) => checkout.shell(command, extra);
  const terminal = (command: string) => checkout.terminal(command);

  beforeAll(async () => {
    checkout = await startLocalAwsCheckout('deploy-command');
  });
  afterAll(() => checkout?.close());

  test('the per-stack command deploys in a terminal after its approval prompt, without a warning', async () => {
    const run = await terminal(WALKTHROUGH_COMMANDS.deploy[2]!);
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(1);
    expect(run.output).toContain('Apply complete!');
    expect(warningsIn(run.output)).toEqual([]);
  });

  test('plain npx cdktf, with what npm run -s env prints, finds nothing to change', async () => {
    const run = await terminal(`${WALKTHROUGH_COMMANDS.plainCdktfEnvironment} && npx cdktf diff dev-sqs`);
    expect(run.status).toBe(0);
    expect(run.output).toContain('No changes.');
  });

  test('offline, then local again: no backend question, no rm -rf, no Python for the offline plan', async () => {
    const bin = path.join(checkout.work, 'bin-without-python');
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
