import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigFixture, PROJECT_ROOT } from '../../support/config-fixture';
import { asUnprivilegedUser, loadProblems, openToOthers } from './loading';

// Every file the loader reads (layers, batch-json, user data, folder listings) reports an I/O
// error as a configuration error naming the file: exit 1, never a stack trace.
describe('an I/O error is a configuration error naming the file', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
    openToOthers(fixture);
  });
  afterEach(() => fixture.dispose());

  const unreadable = (file: string, mode = 0o000): void => fs.chmodSync(fixture.path(file), mode);

  test('a layer file nobody may read, shared by dev and staging, is reported once', () => {
    unreadable('config/accounts/nonprod.json');
    expect(asUnprivilegedUser(() => loadProblems(fixture))).toEqual([
      {
        file: 'config/accounts/nonprod.json',
        jsonPath: '$',
        found: 'a path this user may not read (EACCES: permission denied)',
        allowed: 'a JSON file at this path',
      },
    ]);
  });

  test('a batch-json file nobody may read', () => {
    unreadable('batch-json/job-queue.json');
    expect(asUnprivilegedUser(() => loadProblems(fixture, ['dev']))).toEqual([
      expect.objectContaining({ file: 'batch-json/job-queue.json', found: expect.stringContaining('EACCES') }),
    ]);
  });

  test('a user data file nobody may read', () => {
    unreadable('config/batch_user_data.sh');
    expect(asUnprivilegedUser(() => loadProblems(fixture, ['dev']))).toEqual([
      expect.objectContaining({
        file: 'batch-json/launch-template.json',
        jsonPath: '$.user_data_file',
        found: expect.stringContaining('which cannot be read (config/batch_user_data.sh: a path this user may not'),
      }),
    ]);
  });

  test.each([
    ['the environments folder', 'config/environments'],
    ['the batch-json folder', 'batch-json'],
    ['the accounts folder', 'config/accounts'],
  ])('%s, which nobody may list', (_name, folder) => {
    unreadable(folder, 0o311);
    expect(asUnprivilegedUser(() => loadProblems(fixture, ['dev']))).toEqual([
      expect.objectContaining({ file: folder, jsonPath: '$', found: expect.stringContaining('EACCES') }),
    ]);
  });

  test('a user data path that leaves config/ is refused before anything is read', () => {
    fixture.editJson('batch-json/launch-template.json', (d) => {
      d.user_data_file = '../batch-json/job-queue.json';
    });
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        jsonPath: '$.user_data_file',
        found: '"../batch-json/job-queue.json", a path outside config/',
        allowed: 'the path of a file under config/',
      }),
    ]);
  });

  test('a symbolic link loop where a file should be', () => {
    fixture.remove('batch-json/job-queue.json');
    fs.symlinkSync('job-queue.json', fixture.path('batch-json/job-queue.json'));
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'batch-json/job-queue.json',
        found: 'a symbolic link loop (ELOOP): following the links leads back to where they start',
      }),
    ]);
  });

  test('a file listed and gone by the time it is read (a dangling link)', () => {
    fs.symlinkSync('renamed-job.json', fixture.path('batch-json/nightly-job.json'));
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({ file: 'batch-json/nightly-job.json', found: 'no such file' }),
    ]);
  });

  test('a file where a folder should be', () => {
    fixture.remove('config/regions').write('config/regions', 'eu-west-1\n');
    expect(loadProblems(fixture)).toEqual([
      { file: 'config/regions', jsonPath: '$', found: 'a file, not a folder', allowed: 'a folder of region layers' },
    ]);
  });

  test('a named pipe where a file should be is not read (it would block)', () => {
    fixture.remove('config/regions/eu-west-1.json');
    execFileSync('mkfifo', [fixture.path('config/regions/eu-west-1.json')]);
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'config/regions/eu-west-1.json',
        found: 'a named pipe, not a regular file',
      }),
    ]);
  });

  test('as the app runs: exit 1, the file and what happened, no stack trace', () => {
    unreadable('config/defaults.json');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'io-error-out-'));
    // The app locks the output folder (a sibling cdktf.out.lock) before it reads the configuration.
    fs.chmodSync(outdir, 0o777);
    const env = {
      ...process.env,
      SYNTH_MODE: 'offline',
      PLATFORM_CONFIG_ROOT: fixture.root,
      CDKTF_OUTDIR: path.join(outdir, 'cdktf.out'),
    };
    const node = nodeThatNobodyRuns(outdir);
    const runApp = (environments: string, asNobody: boolean) =>
      spawnSync(asNobody ? node : process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'run-app.js')], {
        cwd: PROJECT_ROOT,
        env: { ...env, PLATFORM_ENVIRONMENTS: environments },
        encoding: 'utf8',
        ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
      });
    try {
      const root = process.geteuid?.() === 0;
      // The app's bundle is built on its first run, which nobody could not write: a quick failing run builds it.
      if (root) runApp('no-such-environment', false);
      const result = runApp('dev', root);
      expect(result.stderr).toBe(
        'Configuration error (nothing was written):\n' +
          `${path.relative(PROJECT_ROOT, fixture.path('config/defaults.json'))} $: found a path this user may not ` +
          'read (EACCES: permission denied); allowed: a JSON file at this path\n',
      );
      expect(result.status).toBe(1);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

/**
 * A Node.js binary user nobody may run: this one, or a copy of it in `folder` when it lives where
 * nobody cannot reach (CI's Node 22 is installed under root's home).
 */
function nodeThatNobodyRuns(folder: string): string {
  const probe = spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 });
  if (process.geteuid?.() !== 0 || (probe.error === undefined && probe.status === 0)) return process.execPath;
  const copy = path.join(folder, 'node');
  fs.copyFileSync(process.execPath, copy);
  fs.chmodSync(copy, 0o755);
  return copy;
}
