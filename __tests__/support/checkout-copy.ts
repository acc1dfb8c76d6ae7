import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from './config-fixture';

/**
 * Copies the files git would hand out (tracked ones and new ones not ignored) into `directory`, so
 * a suite runs the project's commands in a checkout of its own: its cdktf.out, Terraform working
 * data and checkout lock are not another suite's. The checkout's node_modules is linked in unless
 * `linkNodeModules` is false (a fresh clone, which installs its own).
 */
export function copyCheckout(directory: string, linkNodeModules = true): string {
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  })
    .stdout.split('\0')
    .filter((file) => file.length > 0 && fs.existsSync(path.join(PROJECT_ROOT, file)));
  fs.mkdirSync(directory, { recursive: true });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(directory, file));
  }
  if (linkNodeModules) fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(directory, 'node_modules'));
  return directory;
}
