import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfiguration } from '../../main';
import { stateLocationOf } from '../../lib/deployment/state-location';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../../lib/local-aws/local-aws-bootstrap';
import { type LocalAws, startLocalAws } from '../../lib/local-aws/local-aws-process';
import { PROJECT_ROOT } from '../support/config-fixture';
import { README_COMMANDS } from './local-aws-readme-commands';
import { lastLine, runInShell, runInTerminal } from './local-aws-terminal';

jest.setTimeout(15 * 60_000);

/**
 * The README's per-stack command against the local AWS, in this checkout: each refusal is one
 * line before anything runs, interactive approval works in a terminal, plain npx cdktf works with
 * what `npm run -s env` prints, modes switch without `rm -rf cdktf.out`, and a stuck state lock
 * is released with the command the failure names.
 */
describe('npm run deploy and npx cdktf, one stack at a time, against the local AWS', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-command-'));
  const stateDir = path.join(work, 'local-aws');
  const credentials = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };
  let localAws: LocalAws;
  let env: NodeJS.ProcessEnv;
  const shell = (command: string, extra: NodeJS.ProcessEnv = {}) =>
    runInShell(command, { cwd: PROJECT_ROOT, env: { ...env, ...extra } });
  const terminal = (command: string) => runInTerminal(command, { cwd: PROJECT_ROOT, env });
  const buckets = async () => {
    const s3 = new S3Client({ endpoint: localAws.endpoint, region: 'eu-west-1', credentials, forcePathStyle: true });
    const names = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort();
    s3.destroy();
    return names;
  };

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

  test('a stack name that does not exist: one line with the closest names, nothing created anywhere', async () => {
    const before = await buckets();
    const deploy = shell('npm run -s deploy -- dev-bacth');
    expect(deploy.status).toBe(1);
    expect(lastLine(deploy.stderr)).toBe('error: no stack is called dev-bacth; did you mean dev-batch?');
    const all = shell('npm run -s all -- plan --local --include dev-bacth --env dev staging');
    expect(all.status).toBe(1);
    expect(lastLine(all.stderr)).toBe('error: no stack is called dev-bacth; did you mean dev-batch?');
    // run-all bootstraps an environment's state bucket before it plans: not for a selection that names nothing.
    expect(await buckets()).toEqual(before);
  });

  test('a local AWS that does not answer: one line naming the endpoint and what to run', () => {
    const closed = 'http://127.0.0.1:9';
    for (const command of ['npm run -s deploy -- dev-sqs', 'npm run -s all -- plan --local --env dev']) {
      const result = shell(command, { LOCAL_AWS_ENDPOINT: closed });
      expect(result.status).toBe(1);
      expect(lastLine(result.stderr)).toBe(
        `error: the local AWS at ${closed} (LOCAL_AWS_ENDPOINT) does not answer (connection refused): start it ` +
          'with `npm run local-aws -- --env dev` in another terminal and export the LOCAL_AWS_ENDPOINT it prints',
      );
    }
  });

  test('a stack whose upstream stacks are not deployed: one line naming them, read from their states', () => {
    const result = shell('npm run -s deploy -- dev-batch');
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toBe(
      'error: dev-batch reads the outputs of dev-iam, dev-security-group, dev-sqs, which are not deployed yet ' +
        '(no state with outputs): deploy them first (npm run deploy -- dev-iam dev-security-group dev-sqs)',
    );
  });

  test('the per-stack command deploys in a terminal after its approval prompt, without a warning', async () => {
    const run = await terminal(README_COMMANDS.deploy[2]!);
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(1);
    expect(run.output).toContain('Apply complete!');
    expect(run.output).not.toMatch(/warning|checkpoint|incomplete lock/i);
  });

  test('plain npx cdktf, with what npm run -s env prints, finds nothing to change', async () => {
    const run = await terminal(`${README_COMMANDS.plainCdktfEnvironment} && npx cdktf diff dev-sqs`);
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
    const offline = shell(`${README_COMMANDS.planOffline} --include dev-sqs dev-step-function`, { PATH: bin });
    expect(spawnSync('python3', ['--version'], { env: { PATH: bin } }).error).toMatchObject({ code: 'ENOENT' });
    expect(offline.stderr).not.toMatch(/Backend configuration changed|python/i);
    expect(offline.status).toBe(0);
    const local = await terminal(README_COMMANDS.deploy[2]!);
    expect(local.status).toBe(0);
    expect(local.approvals).toBe(0);
    expect(local.output).toContain('No changes.');
  });

  test('a lock an interrupted run left: the failure names the command that releases it, which does', async () => {
    const id = '1b0ac9c4-8d3f-4e0b-a5b1-6a1e2b3c4d5e';
    const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;
    const stack = stateLocationOf(dev.settings, 'sqs');
    const s3 = new S3Client({ endpoint: localAws.endpoint, region: stack.region, credentials, forcePathStyle: true });
    const info = { ID: id, Operation: 'OperationTypeApply', Info: '', Who: 'someone@laptop', Version: '1.11.4' };
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `${stack.key}.tflock`,
        Body: JSON.stringify({ ...info, Created: '2026-12-01T10:00:00Z', Path: `${stack.bucket}/${stack.key}` }),
      }),
    );
    s3.destroy();
    const locked = shell('npm run -s all -- plan --local --include dev-sqs --env dev --no-save-plans');
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain(
      `dev-sqs: its state is locked (ID ${id}, by someone@laptop since 2026-12-01 10:00:00 +0000 UTC). ` +
        `If that run is gone (interrupted), release it: npm run force-unlock -- dev-sqs ${id}`,
    );
    const unlock = shell(`npm run -s force-unlock -- dev-sqs ${id}`);
    expect(unlock.stdout).toBe(`dev-sqs: lock ${id} released\n`);
    expect(shell('npm run -s all -- plan --local --include dev-sqs --env dev --no-save-plans').status).toBe(0);
  });

  test('destroy in a terminal after its approval prompt', async () => {
    const run = await terminal('npm run cdktf -- destroy dev-sqs');
    expect(run.status).toBe(0);
    expect(run.approvals).toBe(1);
    expect(run.output).toContain('Destroy complete!');
  });
});
