import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfiguration } from '../../main';
import { stateLocationOf } from '../../lib/deployment/state-location';
import { PROJECT_ROOT } from '../support/config-fixture';
import { type LocalAwsCheckout, startLocalAwsCheckout } from './local-aws-checkout';
import { lastLine } from './local-aws-terminal';

jest.setTimeout(15 * 60_000);

/**
 * What the per-stack command and run-all refuse against the local AWS, in a copy of this checkout:
 * each refusal is one line before anything runs, and a stuck state lock is released with the
 * command the failure names. (Deploys themselves: local-aws-deploy-command.test.ts.)
 */
describe('npm run deploy and run-all refuse what cannot work, in one line', () => {
  let checkout: LocalAwsCheckout;
  const shell = (command: string, extra: NodeJS.ProcessEnv = {}) => checkout.shell(command, extra);
  const credentials = { accessKeyId: 'local-aws', secretAccessKey: 'local-aws' };
  const buckets = async () => {
    const endpoint = checkout.localAws.endpoint;
    const s3 = new S3Client({ endpoint, region: 'eu-west-1', credentials, forcePathStyle: true });
    const names = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort();
    s3.destroy();
    return names;
  };

  beforeAll(async () => {
    checkout = await startLocalAwsCheckout('deploy-refusals');
  });
  afterAll(() => checkout?.close());

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

  test('a deploy or destroy with no terminal to approve in: one line before Terraform runs, not a stack trace', () => {
    for (const [command, verb] of [
      ['npm run -s deploy -- dev-iam', 'deploy'],
      ['npm run -s cdktf -- destroy dev-sqs', 'destroy'],
    ] as const) {
      const result = shell(`${command} < /dev/null`, { CI: 'true' });
      expect(result.status).toBe(1);
      expect(lastLine(result.stderr)).toMatch(
        new RegExp(
          `^error: cdktf ${verb} asks for approval in a terminal, and standard input is not one .*--auto-approve`,
        ),
      );
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/Raw mode|Terraform will perform|Acquiring state lock/);
    }
  });

  test('a lock an interrupted run left: the failure names the command that releases it, which does', async () => {
    const id = '1b0ac9c4-8d3f-4e0b-a5b1-6a1e2b3c4d5e';
    const dev = loadConfiguration({ root: PROJECT_ROOT, environments: ['dev'] }).environments[0]!;
    const stack = stateLocationOf(dev.settings, 'sqs');
    const s3 = new S3Client({
      endpoint: checkout.localAws.endpoint,
      region: stack.region,
      credentials,
      forcePathStyle: true,
    });
    const info = { ID: id, Operation: 'OperationTypeApply', Info: '', Who: 'someone@laptop', Version: '1.11.4' };
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `${stack.key}.tflock`,
        Body: JSON.stringify({ ...info, Created: '2026-12-01T10:00:00Z', Path: `${stack.bucket}/${stack.key}` }),
      }),
    );
    s3.destroy();
    const locked = shell(
      'npm run -s all -- plan --local --include dev-sqs --env dev --no-save-plans --lock-timeout 0s',
    );
    expect(locked.status).toBe(1);
    expect(locked.stderr).toContain(
      `dev-sqs: its state is locked (ID ${id}, by someone@laptop since 2026-12-01 10:00:00 +0000 UTC). ` +
        `If that run is gone (interrupted), release it: npm run force-unlock -- dev-sqs ${id}`,
    );
    const unlock = shell(`npm run -s force-unlock -- dev-sqs ${id}`);
    expect(unlock.stdout).toBe(`dev-sqs: lock ${id} released\n`);
    expect(shell('npm run -s all -- plan --local --include dev-sqs --env dev --no-save-plans').status).toBe(0);
  });
});
