import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../deployment/synth-target';

/** The CDK CLI packages a project may declare: CDK for Terraform's, or CDK Terrain's (docs/cdk-terrain.md). */
export const CDK_CLI_PACKAGES = ['cdktf-cli', 'cdktn-cli'] as const;

/**
 * The script of the CDK CLI the project's package.json declares (its package's `bin`), to run with
 * node: node_modules/cdktf-cli/bundle/bin/cdktf, or node_modules/cdktn-cli/bin/cdktn after the switch
 * to CDK Terrain. Throws UsageError when neither is declared or the declared one is not installed.
 */
export function cdkCliEntry(projectRoot: string): string {
  const manifest = readJson(path.join(projectRoot, 'package.json')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const declared = CDK_CLI_PACKAGES.find((name) => manifest.dependencies?.[name] ?? manifest.devDependencies?.[name]);
  if (!declared)
    throw new UsageError(
      `${path.join(projectRoot, 'package.json')} declares no CDK CLI; allowed: ${CDK_CLI_PACKAGES.join(', ')}`,
    );
  const packageDir = path.join(projectRoot, 'node_modules', declared);
  const packageFile = path.join(packageDir, 'package.json');
  if (!fs.existsSync(packageFile)) throw new UsageError(`${declared} is not installed in ${projectRoot}: run npm ci`);
  const { bin } = readJson(packageFile) as { bin?: string | Record<string, string> };
  const script = typeof bin === 'string' ? bin : Object.values(bin ?? {})[0];
  if (!script) throw new UsageError(`${packageFile} names no command (bin)`);
  return path.join(packageDir, script);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
