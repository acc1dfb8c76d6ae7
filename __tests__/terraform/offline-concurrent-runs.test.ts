import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(10 * 60_000);

/** Starts `npm run all -- <args>` in the project; resolves with its exit code and output once it ends. */
function runAll(args: string): {
  started: number;
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn('bash', ['-c', `npm run -s all -- ${args}`], { cwd: PROJECT_ROOT, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    started: Date.now(),
    done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))),
  };
}

// Two runs in one checkout used to swap cdktf.out under each other: the first's Terraform then
// failed ("No configuration files") and its saved plans vanished.
describe('two run-alls in the same checkout at once', () => {
  test('the second waits for the first, saying so; both succeed; the first plans undisturbed', async () => {
    const plans = fs.mkdtempSync(path.join(os.tmpdir(), 'concurrent-plans-'));
    const first = runAll(`plan --offline --env dev --include dev-sqs --out-dir ${plans}`);
    // The first holds the lock once it has started synthesizing.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const second = runAll('validate --offline --env dev --include dev-iam');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.stderr).not.toMatch(/No configuration files|no such file/i);
    expect(a.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(plans, 'dev-sqs.json'), 'utf8')).planned_values).toBeDefined();
    expect(b.stderr).toMatch(
      /^waiting for npm run all -- plan \(pid \d+, since \d\d:\d\d:\d\d UTC\) to finish: it holds cdktf\.out$/m,
    );
    expect(b.status).toBe(0);
    fs.rmSync(plans, { recursive: true, force: true });
  });
});
