import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyCheckout } from '../support/checkout-copy';
import { exportLocalFor, WALKTHROUGH_COMMANDS } from './walkthrough-commands';
import { runInShell, runInTerminal, warningsIn } from './local-aws-terminal';

jest.setTimeout(60 * 60_000);

/**
 * A new user's first hour, on a fresh copy of the project, with only what the documentation says:
 * README's Quick start (with no Python on the PATH), then docs/local-aws.md's walkthrough: against
 * the local AWS the per-stack command on each dev stack, one at a time, in a terminal, approving
 * each plan; a re-deploy of the environment showing no changes; an offline plan again; plain npx
 * cdktf on the local AWS again; and destroy. The commands come from walkthrough-commands.ts, which
 * a unit test checks against those pages. Each step is one test, in order; a failed step fails the
 * ones after it.
 */
describe('README and docs/local-aws.md, followed on a fresh copy', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-walkthrough-'));
  const copy = path.join(work, 'project');
  let localAws: ChildProcess | undefined;
  /** What the user's shell has exported so far. */
  let exported = '';
  const environment = (): NodeJS.ProcessEnv => ({ ...process.env, CI: 'true' });
  const shell = (command: string, env = environment()) => runInShell(`${exported}${command}`, { cwd: copy, env });
  const terminal = (command: string) =>
    runInTerminal(`${exported}${command}`, { cwd: copy, env: process.env, timeoutMs: 20 * 60_000 });

  beforeAll(() => {
    copyCheckout(copy, false);
  });
  afterAll(() => {
    // npm, node and the Python server under it: the whole process group, as Ctrl-C in a terminal.
    if (localAws?.pid !== undefined) process.kill(-localAws.pid, 'SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('Quick start, with Node and Terraform only (no Python on the PATH)', () => {
    const bin = path.join(work, 'bin-without-python');
    fs.mkdirSync(bin);
    for (const tool of ['node', 'npm', 'npx', 'terraform', 'bash', 'sh']) {
      const found = runInShell(`command -v ${tool}`, { cwd: work, env: process.env }).stdout.trim();
      fs.symlinkSync(found, path.join(bin, tool));
    }
    const env = { ...environment(), PATH: bin };
    expect(spawnSync('python3', ['--version'], { env: { PATH: bin } }).error).toMatchObject({ code: 'ENOENT' });
    const result = shell(WALKTHROUGH_COMMANDS.quickStart, env);
    expect(result.stderr).not.toMatch(/Incomplete lock file|checkpoint/i);
    expect(result.status).toBe(0);
    const plans = fs.readdirSync(path.join(copy, 'cdktf.out', 'plans'));
    expect(plans.filter((file) => file.endsWith('.tfplan'))).toHaveLength(15);
  });

  test('the local AWS starts and prints the line to export', async () => {
    localAws = spawn('bash', ['-c', WALKTHROUGH_COMMANDS.startLocalAws], {
      cwd: copy,
      env: environment(),
      detached: true,
    });
    const line = await new Promise<string>((resolve, reject) => {
      let output = '';
      localAws!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^\s*(export LOCAL_AWS_ENDPOINT=\S+ SYNTH_MODE=local)$/m.exec(output);
        if (match) resolve(match[1]!);
      });
      localAws!.on('close', (code) => reject(new Error(`the local AWS ended (${code}): ${output}`)));
    });
    expect(line).toBe(exportLocalFor(/LOCAL_AWS_ENDPOINT=(\S+)/.exec(line)![1]!));
    exported = `${line}\n`;
  });

  test.each(WALKTHROUGH_COMMANDS.deploy.map((command) => [command]))(
    '%s: deployed after its approval prompt',
    async (command) => {
      const run = await terminal(command);
      expect(run.status).toBe(0);
      expect(run.approvals).toBe(1);
      expect(run.output).toContain('Apply complete!');
      expect(warningsIn(run.output)).toEqual([]);
    },
  );

  test('a re-deploy of the environment, in order: no changes', async () => {
    const run = await terminal(WALKTHROUGH_COMMANDS.deployEnvironment);
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(0);
    expect(run.output.split('No changes.').length - 1).toBeGreaterThanOrEqual(5);
  });

  test('back to an offline plan: no backend question, nothing to remove first', () => {
    const result = shell(WALKTHROUGH_COMMANDS.planOffline);
    expect(result.stderr).not.toMatch(/Backend configuration changed/);
    expect(result.status).toBe(0);
  });

  test('to the local AWS again, with plain npx cdktf: no changes', async () => {
    const run = await terminal(`${WALKTHROUGH_COMMANDS.plainCdktfEnvironment}\n${WALKTHROUGH_COMMANDS.plainCdktf}`);
    expect(run.status).toBe(0);
    expect(run.output).toContain('No changes.');
  });

  test('destroy, dependents first, after each approval prompt', async () => {
    const run = await terminal(WALKTHROUGH_COMMANDS.destroyEnvironment);
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(5);
    expect(run.output.indexOf('dev-step-function')).toBeLessThan(run.output.lastIndexOf('dev-iam'));
    // cdktf redraws a stack's last lines as others progress: each stack's message, once or more.
    expect(run.output.split('Destroy complete!').length - 1).toBeGreaterThanOrEqual(5);
  });
});
