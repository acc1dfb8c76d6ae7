import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';
import { folderDigest } from '../../support/folder-digest';

/** Runs a node entry point from the project folder. */
function run(
  args: readonly string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the policy pack as users run it', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-process-'));
  const outdir = path.join(work, 'cdktf.out');
  const synth = (env: Record<string, string> = {}): ReturnType<typeof run> =>
    run([path.join('scripts', 'run-app.js')], {
      SYNTH_MODE: 'offline',
      PLATFORM_ENVIRONMENTS: 'dev',
      CDKTF_OUTDIR: outdir,
      ...env,
    });
  const policy = (...args: string[]): ReturnType<typeof run> =>
    run(['--import', 'tsx', path.join('scripts', 'policy.ts'), ...args]);
  beforeAll(() => expect(synth().status).toBe(0));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a synth prints what the pack checked', () => {
    const result = synth({ CDKTF_OUTDIR: path.join(work, 'printed') });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Policy pack: 22 rules over 5 stacks \(\d+ resources\): no violations\.\n$/);
  });

  test('a violation: exit 1, the construct path and the rule, no stack trace, the previous output untouched', () => {
    const before = folderDigest(outdir);
    const fixture = ConfigFixture.copy();
    try {
      fixture.editJson('batch-json/batch-processing-job.json', (d) => {
        d.container_properties.privileged = true;
      });
      const result = synth({ PLATFORM_CONFIG_ROOT: fixture.root });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        [
          'Policy violation (nothing was written):',
          'dev-batch/batch_processing_job/Resource (aws_batch_job_definition.batch_processing_job) BATCH-2 ' +
            'container-not-privileged: container_properties.privileged: found true; allowed: false or not set',
          'Why these rules:',
          '  BATCH-2 container-not-privileged: a privileged container has root access to the host and every other ' +
            'job on it [CKV_AWS_210]',
          'Fix the resource, or accept one rule on one resource with a reason under policy.suppressions (README: ' +
            'Guardrails).',
          '',
        ].join('\n'),
      );
    } finally {
      fixture.dispose();
    }
    expect(folderDigest(outdir)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.includes('.staging-') || f.includes('.retired-'))).toEqual([]);
  });

  test('npm run policy checks any cdktf.out again: clean, then with a resource changed after the synth', () => {
    const clean = policy(outdir);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^Policy pack: 22 rules over 5 stacks/);

    const edited = path.join(work, 'edited');
    fs.cpSync(outdir, edited, { recursive: true });
    const file = path.join(edited, 'stacks', 'dev-sqs', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete json.resource.aws_sqs_queue.core_queue.sqs_managed_sse_enabled;
    fs.writeFileSync(file, JSON.stringify(json));
    const broken = policy(edited, '--include', 'dev-sqs');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(
      `Policy violation in ${edited}:\ndev-sqs/core_queue/Resource (aws_sqs_queue.core_queue) SQS-1 queue-encrypted: ` +
        `sqs_managed_sse_enabled: found nothing (not set); allowed: true, or a kms_master_key_id\n`,
    );
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  test('npm run policy on a folder that is no cdktf output: exit 1, one line', () => {
    const result = policy(path.join(work, 'nothing-here'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: ${path.join(work, 'nothing-here', 'manifest.json')}: no such file; allowed: a cdktf output folder (run ` +
        `a synth first)\n`,
    );
  });
});
