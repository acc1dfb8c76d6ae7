import * as fs from 'fs';
import * as path from 'path';
import type { StackHook } from '../configuration/schemas/hook-schema';
import type { StackMetadata } from '../deployment/platform-stack';
import { UsageError } from '../deployment/synth-target';

/** A stack as synthesized into cdktf.out. */
export interface SynthesizedStack {
  /** Stack name, `<environment>-<module>`. */
  readonly name: string;
  /** Environment of the stack. */
  readonly environment: string;
  /** Module of the stack. */
  readonly module: string;
  /** The synth mode it was written for. */
  readonly synthMode: StackMetadata['synth_mode'];
  /** Folder holding its cdk.tf.json; Terraform's working directory. */
  readonly directory: string;
  /** Stacks whose outputs it reads. */
  readonly dependencies: readonly string[];
  /** What run-all runs around its Terraform commands, in order. */
  readonly hooks: readonly StackHook[];
}

interface Manifest {
  readonly stacks: Readonly<
    Record<
      string,
      {
        readonly name: string;
        readonly workingDirectory: string;
        readonly synthesizedStackPath: string;
        readonly dependencies: readonly string[];
      }
    >
  >;
}

/** Every stack of a synth output folder, with the dependencies cdktf recorded in its manifest. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile))
    throw new UsageError(
      `${manifestFile} does not exist: synthesize first (npm run synth, synth:offline or synth:local)`,
    );
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.values(manifest.stacks).map((entry) => {
    const stackFile = path.join(outdir, entry.synthesizedStackPath);
    const content = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { '//'?: { platform?: StackMetadata } };
    const metadata = content['//']?.platform;
    if (!metadata) throw new UsageError(`${stackFile} was not written by this project's app (no platform metadata)`);
    return {
      name: entry.name,
      environment: metadata.environment,
      module: metadata.module,
      synthMode: metadata.synth_mode,
      directory: path.join(outdir, entry.workingDirectory),
      dependencies: entry.dependencies,
      hooks: metadata.hooks ?? [],
    };
  });
}
