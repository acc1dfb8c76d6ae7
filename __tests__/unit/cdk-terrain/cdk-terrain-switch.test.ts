import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import {
  CDK_TERRAIN,
  cdkTerrainNodeProblem,
  type PackageManifest,
  switchToCdkTerrain,
} from '../../../lib/cdk-terrain/cdk-terrain-switch';
import { PROJECT_ROOT } from '../../support/config-fixture';

// Another project's package.json: the CLI among the dev dependencies, constructs as a range, overrides of its own.
const OTHER_PROJECT: PackageManifest = {
  name: 'other-platform',
  engines: { node: '>=18' },
  dependencies: { constructs: '^10.4.2', cdktf: '0.21.0', '@cdktf/provider-aws': '20.1.0', zod: '4.6.7' },
  devDependencies: { typescript: '5.9.3', 'cdktf-cli': '0.21.0' },
  overrides: { 'some-package': '1.0.0' },
  allowScripts: { esbuild: false },
};

describe('switching package.json to CDK Terrain', () => {
  test('aliases cdktf to cdktn, swaps the CLI in place, pins constructs, lets the provider bindings take it', () => {
    const switched = switchToCdkTerrain(OTHER_PROJECT);
    expect(switched).toEqual({
      name: 'other-platform',
      engines: { node: '^22.19.0 || >=24' },
      dependencies: {
        '@cdktf/provider-aws': '20.1.0',
        cdktf: 'npm:cdktn@0.24.0',
        constructs: '10.7.2',
        zod: '4.6.7',
      },
      devDependencies: { 'cdktn-cli': '0.24.0', typescript: '5.9.3' },
      overrides: { 'some-package': '1.0.0', '@cdktf/provider-aws': { cdktf: '$cdktf' } },
      allowScripts: { esbuild: false },
    });
    // The input is left as it was.
    expect(OTHER_PROJECT.dependencies!.cdktf).toBe('0.21.0');
  });

  test('the versions are the ones that fit together: cdktn-cli on cdktn, constructs in the range cdktn accepts', () => {
    expect(CDK_TERRAIN.cli).toBe(CDK_TERRAIN.release);
    expect(semver.satisfies(CDK_TERRAIN.constructs, '>=10.6.0 <10.8.0')).toBe(true);
    expect(semver.subset(CDK_TERRAIN.engines, CDK_TERRAIN.node)).toBe(true);
  });

  test("this project's package.json switches, and one already switched is refused", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageManifest;
    const switched = switchToCdkTerrain(manifest);
    expect(switched.dependencies).toMatchObject({ cdktf: 'npm:cdktn@0.24.0', 'cdktn-cli': '0.24.0' });
    expect(() => switchToCdkTerrain(switched)).toThrow(
      'package.json already uses CDK Terrain (cdktf is "npm:cdktn@0.24.0"); to switch back, see docs/cdk-terrain.md',
    );
    expect(() => switchToCdkTerrain({ dependencies: { cdktf: '0.21.0' } })).toThrow(
      'package.json declares no cdktf-cli; allowed: a project on cdktf and cdktf-cli',
    );
  });
});

describe('the Node.js the CDK Terrain CLI needs', () => {
  test('22.19 or later; anything older is told what to install and how to run the lane meanwhile', () => {
    expect(cdkTerrainNodeProblem('v22.19.0')).toBeUndefined();
    expect(cdkTerrainNodeProblem('v24.1.0')).toBeUndefined();
    expect(cdkTerrainNodeProblem('v22.18.1')).toContain('needs Node.js 22.19 or later; this is v22.18.1');
    expect(cdkTerrainNodeProblem('v20.20.2')).toBe(
      'cdktn-cli 0.24.0 needs Node.js 22.19 or later; this is v20.20.2. Install Node.js 22 LTS ' +
        '(https://nodejs.org, or `nvm install 22`), or run the lane on the Node.js CI uses: ' +
        'PATH="$(.ci/node-path):$PATH" npm run cdktn:check',
    );
  });
});
