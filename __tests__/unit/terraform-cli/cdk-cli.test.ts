import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../../lib/deployment/synth-target';
import { cdkCliEntry } from '../../../lib/terraform-cli/cdk-cli';
import { PROJECT_ROOT } from '../../support/config-fixture';

/** A project folder holding `manifest` as its package.json and the given packages' manifests under node_modules. */
function project(manifest: object, packages: Record<string, object> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cli-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
  for (const [name, packageManifest] of Object.entries(packages)) {
    fs.mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify(packageManifest));
  }
  return root;
}

describe('the CDK CLI the project runs', () => {
  const roots: string[] = [];
  const make = (...args: Parameters<typeof project>): string => {
    const root = project(...args);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  test("is cdktf-cli's bundled command in this project", () => {
    const entry = cdkCliEntry(PROJECT_ROOT);
    expect(path.relative(PROJECT_ROOT, entry)).toBe(path.join('node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'));
    expect(fs.existsSync(entry)).toBe(true);
  });

  test("is cdktn-cli's command once package.json declares CDK Terrain's CLI instead", () => {
    const root = make(
      { dependencies: { cdktf: 'npm:cdktn@0.24.0', 'cdktn-cli': '0.24.0' } },
      // cdktf-cli left behind in node_modules is not what package.json declares.
      { 'cdktn-cli': { name: 'cdktn-cli', bin: { cdktn: 'bin/cdktn' } }, 'cdktf-cli': { bin: { cdktf: 'x' } } },
    );
    expect(cdkCliEntry(root)).toBe(path.join(root, 'node_modules', 'cdktn-cli', 'bin', 'cdktn'));
  });

  test('says what to do when no CLI is declared, or the declared one is not installed', () => {
    const none = make({ dependencies: { cdktf: '0.21.0' } });
    expect(() => cdkCliEntry(none)).toThrow(UsageError);
    expect(() => cdkCliEntry(none)).toThrow('declares no CDK CLI; allowed: cdktf-cli, cdktn-cli');
    const missing = make({ devDependencies: { 'cdktf-cli': '0.21.0' } });
    expect(() => cdkCliEntry(missing)).toThrow(`cdktf-cli is not installed in ${missing}: run npm ci`);
  });
});
