import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../../lib/synthesis/synth-process';
import { StackWorkspace } from '../../lib/terraform-cli/stack-workspace';
import { terraformEnvironment } from '../../lib/terraform-cli/terraform-cli-config';
import { PROJECT_ROOT } from '../support/config-fixture';

jest.setTimeout(120_000);

/**
 * Every entry of the cached providers, with the identity and change time of each; the cache's
 * `.init-lock` folder, which inits running in other suites take and release, is not a provider.
 */
function providerEntries(cache: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const stat = fs.lstatSync(full);
      entries[path.relative(cache, full)] = `${stat.ino}:${stat.ctimeMs}`;
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(path.join(cache, 'registry.terraform.io'));
  return entries;
}

// A plan of one stack beside an init of another used to fail with "fork/exec
// .terraform/providers/...: no such file or directory": the init rewrote the cache entry the plan
// was starting the provider from.
describe('the shared plugin cache: an init of a freshly synthesized stack leaves it as it is', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cache-'));
  const env = terraformEnvironment(PROJECT_ROOT);
  const cache = path.join(PROJECT_ROOT, '.tf-cache', 'plugins');
  const workspace = (name: string) => new StackWorkspace({ name, directory: path.join(outdir, 'stacks', name), env });

  beforeAll(() => runSynth({ projectRoot: PROJECT_ROOT, mode: 'offline', outdir, environments: ['dev'] }));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the cache entries keep their identity and change time, and both stacks get the same lock file', async () => {
    expect(await workspace('dev-iam').init()).toBe(true);
    const before = providerEntries(cache);
    expect(Object.keys(before)).toContain(path.join('registry.terraform.io', 'hashicorp', 'aws', '5.100.0'));
    expect(await workspace('dev-sqs').init()).toBe(true);
    expect(providerEntries(cache)).toEqual(before);
    const lock = (name: string) => fs.readFileSync(path.join(outdir, 'stacks', name, '.terraform.lock.hcl'), 'utf8');
    expect(lock('dev-sqs')).toBe(lock('dev-iam'));
  });
});
