import * as semver from 'semver';
import { UsageError } from '../deployment/synth-target';

/** The parts of a package.json the switch reads and writes. */
export interface PackageManifest {
  /** The package's name. */
  readonly name?: string;
  /** Runtime ranges, of which `node`. */
  readonly engines?: Readonly<Record<string, string>>;
  /** What running the project needs. */
  readonly dependencies?: Readonly<Record<string, string>>;
  /** What developing it needs. */
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** npm's overrides of dependencies' dependencies. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Every other field, kept as it is. */
  readonly [field: string]: unknown;
}

/**
 * CDK Terrain, the community fork of CDK for Terraform (archived by HashiCorp on 2025-12-10): the
 * release the switch installs and what it needs.
 */
export const CDK_TERRAIN = {
  /** cdktn, installed under cdktf's name (an npm alias), so `import ... from 'cdktf'` stays. */
  release: '0.24.0',
  /** cdktn-cli, whose `cdktn` command replaces `cdktf`. */
  cli: '0.24.0',
  /** constructs: cdktn 0.24.0 takes >=10.6.0 <10.8.0 (cdktf took 10.8). */
  constructs: '10.7.2',
  /** The Node.js cdktn-cli 0.24.0 declares; it crashes on Node 20 (undici's markAsUncloneable). */
  node: '>=22.19.0',
  /** engines.node after the switch: what cdktn-cli and the rest of the locked packages accept (no Node 23). */
  engines: '^22.19.0 || >=24',
} as const;

/**
 * package.json on CDK Terrain: cdktf becomes an alias of cdktn, cdktf-cli gives way to cdktn-cli (in
 * the same section), constructs moves into cdktn's range, engines.node to what cdktn-cli needs, and an
 * override lets @cdktf/provider-aws, whose peer range is cdktf ^0.21, take the aliased cdktn (without
 * it npm refuses the install with ERESOLVE). Everything else is kept; the input is not changed.
 */
export function switchToCdkTerrain(manifest: PackageManifest): PackageManifest {
  const cdktf = manifest.dependencies?.cdktf ?? manifest.devDependencies?.cdktf;
  if (cdktf?.startsWith('npm:cdktn@'))
    throw new UsageError(
      `package.json already uses CDK Terrain (cdktf is "${cdktf}"); to switch back, see docs/cdk-terrain.md`,
    );
  const cliSection = (['dependencies', 'devDependencies'] as const).find((s) => manifest[s]?.['cdktf-cli']);
  if (!cdktf || !cliSection)
    throw new UsageError(
      `package.json declares no ${cdktf ? 'cdktf-cli' : 'cdktf'}; allowed: a project on cdktf and cdktf-cli`,
    );
  const rewrite = (section: 'dependencies' | 'devDependencies'): Record<string, string> | undefined => {
    const entries = manifest[section];
    if (!entries) return undefined;
    const out: Record<string, string> = { ...entries };
    if ('cdktf' in out) out.cdktf = `npm:cdktn@${CDK_TERRAIN.release}`;
    if ('constructs' in out) out.constructs = CDK_TERRAIN.constructs;
    if (section === cliSection) {
      delete out['cdktf-cli'];
      out['cdktn-cli'] = CDK_TERRAIN.cli;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  };
  const dependencies = rewrite('dependencies');
  const devDependencies = rewrite('devDependencies');
  return {
    ...manifest,
    engines: { ...manifest.engines, node: CDK_TERRAIN.engines },
    ...(dependencies ? { dependencies } : {}),
    ...(devDependencies ? { devDependencies } : {}),
    overrides: { ...manifest.overrides, '@cdktf/provider-aws': { cdktf: '$cdktf' } },
  };
}

/** Why this Node.js cannot run cdktn-cli, and what to do; undefined when it can. */
export function cdkTerrainNodeProblem(nodeVersion: string): string | undefined {
  if (semver.satisfies(nodeVersion, CDK_TERRAIN.node)) return undefined;
  return (
    `cdktn-cli ${CDK_TERRAIN.cli} needs Node.js 22.19 or later; this is ${nodeVersion}. Install Node.js 22 LTS ` +
    '(https://nodejs.org, or `nvm install 22`), or run the lane on the Node.js CI uses: ' +
    'PATH="$(.ci/node-path):$PATH" npm run cdktn:check'
  );
}
