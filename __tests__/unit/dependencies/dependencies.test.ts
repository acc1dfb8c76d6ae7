import { builtinModules } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { buildSync, type Metafile } from 'esbuild';
import picomatch from 'picomatch';
import * as semver from 'semver';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../support/config-fixture';

/**
 * The dependency list earns its place: each package is used, documented in docs/dependencies.md, in
 * the right section, and the lock file holds nothing that would make `npm ci` warn (an engines range
 * narrower than package.json's, an install script nobody reviewed).
 */
interface PackageJson {
  readonly engines: { readonly node: string };
  readonly scripts: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly allowScripts: Record<string, boolean>;
}
interface LockEntry {
  readonly version: string;
  readonly engines?: { readonly node?: string } | readonly string[];
  readonly hasInstallScript?: boolean;
  readonly peerDependencies?: Record<string, string>;
}

const read = (file: string): string => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as PackageJson;
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
const installed = Object.entries(lock.packages)
  .filter(([location]) => location.startsWith('node_modules/'))
  .map(([location, entry]) => ({ name: location.replace(/^.*node_modules\//, ''), location, entry }));
const direct = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];

/** npm scripts that serve development only: the local AWS, the benchmark, the CDK Terrain lane. */
const DEVELOPMENT_SCRIPTS = new Set(['local-aws', 'bench', 'cdktn:check']);

/** The package a module specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(relative);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [relative] : [];
  });
}

describe('docs/dependencies.md', () => {
  const page = read('docs/dependencies.md');
  const listed = (heading: string): string[] => {
    const section = page.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
    return [...section.matchAll(/^- `([^`]+)` — \S/gm)].map((m) => m[1]!);
  };

  test('lists every dependency, each once, with what it is for', () => {
    expect(listed('Dependencies')).toEqual(Object.keys(pkg.dependencies));
  });

  test('lists every development dependency, each once, with what it is for', () => {
    expect(listed('Development dependencies')).toEqual(Object.keys(pkg.devDependencies));
  });
});

describe('package.json', () => {
  test('every dependency is imported, run by a script, or needed by one that is', () => {
    const files = ['main.ts', ...['lib', 'stacks', 'scripts', '__tests__', 'types'].flatMap(sourceFiles)];
    files.push(...fs.readdirSync(PROJECT_ROOT).filter((f) => /\.(js|mjs|cjs)$/.test(f)));
    const quoted = new Set<string>();
    for (const file of files)
      for (const m of read(file).matchAll(/['"`]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"`\s]*)?['"`]/g)) quoted.add(m[1]!);
    const scriptWords = new Set(Object.values(pkg.scripts).flatMap((s) => s.split(/[\s;&|]+/)));
    const tsconfigTypes = (JSON.parse(read('tsconfig.json')) as { compilerOptions: { types: string[] } })
      .compilerOptions.types;
    const peers = new Set(
      direct.flatMap((name) => Object.keys(lock.packages[`node_modules/${name}`]?.peerDependencies ?? {})),
    );
    const binsOf = (name: string): string[] => {
      const manifest = JSON.parse(read(`node_modules/${name}/package.json`)) as {
        bin?: string | Record<string, string>;
      };
      return typeof manifest.bin === 'string' ? [name.split('/').pop()!] : Object.keys(manifest.bin ?? {});
    };
    const unused = direct.filter((name) => {
      if (quoted.has(name) || peers.has(name)) return false;
      if (binsOf(name).some((bin) => scriptWords.has(bin)) || scriptWords.has(name)) return false;
      const typed = /^@types\/(.+)$/.exec(name)?.[1];
      return !(typed && (tsconfigTypes.includes(typed) || direct.includes(typed)));
    });
    expect(unused).toEqual([]);
  });

  test('what running the platform loads is in dependencies: development packages only behind a dynamic import', () => {
    const entryPoints = new Set(['main.ts']);
    for (const [name, script] of Object.entries(pkg.scripts)) {
      const file = /\bnode (?:--import tsx )?(scripts\/[\w-]+\.(?:ts|js))/.exec(script)?.[1];
      if (file && !DEVELOPMENT_SCRIPTS.has(name)) entryPoints.add(file);
    }
    const { metafile } = buildSync({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [...entryPoints],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const loaded = new Map<string, string>();
    const seen = new Set<string>();
    const visit = (input: string, from: string): void => {
      if (seen.has(input)) return;
      seen.add(input);
      for (const edge of (metafile as Metafile).inputs[input]?.imports ?? []) {
        if (edge.kind === 'dynamic-import') continue;
        if (!edge.external) visit(edge.path, from);
        else if (!builtins.has(edge.path)) loaded.set(packageOf(edge.path), `${from} (through ${input})`);
      }
    };
    for (const entry of entryPoints) visit(entry, entry);
    expect([...entryPoints]).toEqual(expect.arrayContaining(['main.ts', 'scripts/run-all.ts', 'scripts/cdktf.ts']));
    const development = [...loaded]
      .filter(([name]) => !(name in pkg.dependencies))
      .map(([name, by]) => `${name}: ${by}`);
    expect(development).toEqual([]);
  });

  test('engines.node admits no Node.js version that a locked package refuses', () => {
    const narrower = installed.flatMap(({ name, entry }) => {
      const range = Array.isArray(entry.engines) ? undefined : (entry.engines as { node?: string } | undefined)?.node;
      if (!range || !semver.validRange(range) || semver.subset(pkg.engines.node, range)) return [];
      return [`${name}@${entry.version} needs node ${range}`];
    });
    // On failure: raise engines.node to what these need, and the README's prerequisite with it (docs/dependencies.md).
    expect(narrower).toEqual([]);
  });

  test('every locked package with an install script has been reviewed in allowScripts', () => {
    const unreviewed = installed
      .filter(({ entry }) => entry.hasInstallScript)
      .map(({ name }) => name)
      .filter((name) => !(name in pkg.allowScripts));
    // On failure: `npm install-scripts ls`, then approve or deny each, and say why in docs/dependencies.md.
    expect(unreviewed).toEqual([]);
    expect(Object.keys(pkg.allowScripts).filter((name) => !installed.some((p) => p.name === name))).toEqual([]);
  });

  test('the AWS SDK clients share one runtime: each @aws-sdk, @smithy and @aws-crypto package at one version', () => {
    const versions = new Map<string, Set<string>>();
    for (const { name, entry } of installed)
      if (/^@(aws-sdk|smithy|aws-crypto)\//.test(name))
        versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
    expect(versions.size).toBeGreaterThan(10);
    expect([...versions].filter(([, v]) => v.size > 1).map(([name, v]) => `${name}: ${[...v].join(', ')}`)).toEqual([]);
  });
});

describe('.github/dependabot.yml', () => {
  interface Update {
    'package-ecosystem': string;
    directory: string;
    groups?: Record<string, { patterns: string[] }>;
    ignore?: { 'dependency-name': string }[];
  }
  const { updates } = parse(read('.github/dependabot.yml')) as { updates: Update[] };
  const manifests = ['package.json', '.ci/node/package.json'];

  test('updates every package.json of the project, and the GitHub Actions', () => {
    expect(updates.map((u) => `${u['package-ecosystem']} ${u.directory}`).sort()).toEqual(
      ['github-actions /', ...manifests.map((m) => `npm /${path.dirname(m)}`.replace(/\/\.$/, '/'))].sort(),
    );
  });

  test('every group pattern and every ignored name matches a dependency of its package.json', () => {
    for (const update of updates.filter((u) => u['package-ecosystem'] === 'npm')) {
      const manifest = JSON.parse(read(path.join(update.directory.slice(1), 'package.json'))) as Partial<PackageJson>;
      const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
      const unmatched = [
        ...Object.values(update.groups ?? {}).flatMap((g) => g.patterns),
        ...(update.ignore ?? []).map((i) => i['dependency-name']),
      ].filter((pattern) => !names.some((name) => picomatch.isMatch(name, pattern)));
      expect(`${update.directory}: ${unmatched.join(', ')}`).toBe(`${update.directory}: `);
    }
  });
});
