import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';
import { folderDigest } from '../../support/folder-digest';

/** Runs the app as cdktf runs it. */
function runApp(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'run-app.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr };
}

describe('the app as cdktf runs it', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'app-process-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('writes every stack of every environment to cdktf.out/stacks/<stack>/cdk.tf.json, with its metadata', () => {
    const outdir = path.join(work, 'first');
    expect(runApp({ SYNTH_MODE: 'offline', CDKTF_OUTDIR: outdir }).status).toBe(0);
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
    expect(stacks).toEqual(
      ['dev', 'prod', 'staging'].flatMap((env) =>
        ['batch', 'iam', 'security-group', 'sqs', 'step-function'].map((m) => `${env}-${m}`),
      ),
    );
    const batch = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod-batch', 'cdk.tf.json'), 'utf8'));
    expect(batch['//'].platform).toEqual({ environment: 'prod', module: 'batch', synth_mode: 'offline' });
    expect(
      JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks['prod-batch'].dependencies.sort(),
    ).toEqual(['prod-iam', 'prod-security-group', 'prod-sqs']);
  });

  test('the same input synthesizes byte-identical Terraform JSON', () => {
    const [a, b] = ['same-a', 'same-b'].map((name) => path.join(work, name));
    expect(runApp({ SYNTH_MODE: 'real', CDKTF_OUTDIR: a }).status).toBe(0);
    expect(runApp({ SYNTH_MODE: 'real', CDKTF_OUTDIR: b }).status).toBe(0);
    const first = folderDigest(a);
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(16);
    expect(folderDigest(b)).toEqual(first);
  });

  test(
    'bad configuration: exit 1, one message with file and JSON path, no stack trace, the previous output ' +
      'untouched',
    () => {
      const outdir = path.join(work, 'kept');
      expect(runApp({ SYNTH_MODE: 'offline', CDKTF_OUTDIR: outdir }).status).toBe(0);
      const before = folderDigest(outdir);
      const fixture = ConfigFixture.copy();
      try {
        fixture.editJson('batch-json/job-queue.json', (d) => {
          d.priority = 'high';
        });
        const result = runApp({ SYNTH_MODE: 'offline', CDKTF_OUTDIR: outdir, PLATFORM_CONFIG_ROOT: fixture.root });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(
          new RegExp(
            '^Configuration error \\(nothing was written\\):\n.*batch-json/job-queue\\.json:\\d+:\\d+ ' +
              '\\$\\.priority: found "high"; allowed: a number\n$',
          ),
        );
        expect(result.stderr).not.toMatch(/\n\s+at /);
      } finally {
        fixture.dispose();
      }
      expect(folderDigest(outdir)).toEqual(before);
      expect(fs.readdirSync(work).filter((f) => f.includes('.staging-') || f.includes('.retired-'))).toEqual([]);
    },
  );

  test('a wrong synth mode: exit 1, one line', () => {
    const result = runApp({ SYNTH_MODE: 'cloud', CDKTF_OUTDIR: path.join(work, 'never') });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: SYNTH_MODE is "cloud"; allowed: real, offline, local\n');
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  });
});
