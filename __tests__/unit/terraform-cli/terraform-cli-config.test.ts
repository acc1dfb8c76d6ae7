import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terraformEnvironment } from '../../../lib/terraform-cli/terraform-cli-config';

describe('terraformEnvironment', () => {
  let root: string;
  let mirror: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-env-'));
    mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-mirror-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(mirror, { recursive: true, force: true });
  });

  test('writes its own CLI config from TF_PROVIDER_MIRROR, over a TF_CLI_CONFIG_FILE that does not exist', () => {
    const env = terraformEnvironment(root, {
      TF_PROVIDER_MIRROR: mirror,
      TF_CLI_CONFIG_FILE: '/nonexistent/terraform.rc',
    });
    expect(env.TF_CLI_CONFIG_FILE).toBe(path.join(root, '.tf-cache', 'terraform-mirror.tfrc'));
    const config = fs.readFileSync(env.TF_CLI_CONFIG_FILE!, 'utf8');
    expect(config).toContain(`path    = "${mirror}"`);
    expect(config).toContain(`plugin_cache_dir = "${path.join(root, '.tf-cache', 'plugins')}"`);
    expect(env).toMatchObject({ CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' });
  });

  test('Terraform and its providers run at GOGC 400 unless the caller set GOGC', () => {
    expect(terraformEnvironment(root, {}).GOGC).toBe('400');
    expect(terraformEnvironment(root, { GOGC: '100' }).GOGC).toBe('100');
  });

  test(
    'inits link what the plugin cache holds, unless the caller set the variable (Terraform reads any non-empty ' +
      'value as on, empty as off)',
    () => {
      expect(terraformEnvironment(root, {}).TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE).toBe('true');
      expect(
        terraformEnvironment(root, { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: '' })
          .TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE,
      ).toBe('');
    },
  );

  test('a mirror that is not a folder is a usage error that says what is allowed', () => {
    expect(() => terraformEnvironment(root, { TF_PROVIDER_MIRROR: path.join(mirror, 'missing') })).toThrow(
      /is not a folder; allowed: a provider mirror folder/,
    );
  });
});
