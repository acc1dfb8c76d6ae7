import * as fs from 'fs';
import * as path from 'path';
import type { StackHook } from '../../lib/configuration/schemas/hook-schema';
import type { StackMetadata } from '../../lib/deployment/platform-stack';

/** One stack of a hand-written synth output. */
export interface SynthOutputStack {
  /** Its `//.platform` metadata. */
  readonly platform: StackMetadata;
  /** The rest of its cdk.tf.json. */
  readonly config?: Record<string, unknown>;
  /** Stacks it depends on, as the manifest records them. */
  readonly dependencies?: readonly string[];
}

/** Writes a synth output folder as the app does: manifest.json and stacks/<name>/cdk.tf.json. */
export function writeSynthOutput(outdir: string, stacks: Readonly<Record<string, SynthOutputStack>>): void {
  const manifest: Record<string, unknown> = {};
  for (const [name, stack] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(outdir, 'stacks', name), { recursive: true });
    fs.writeFileSync(
      path.join(outdir, 'stacks', name, 'cdk.tf.json'),
      JSON.stringify({ '//': { platform: stack.platform }, ...stack.config }),
    );
    manifest[name] = {
      name,
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      dependencies: stack.dependencies ?? [],
    };
  }
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
}

/** A hook running a shell script, with the defaults the schema fills in (an error hook matches any failure). */
export function shellHook(
  name: string,
  when: StackHook['when'],
  script: string,
  extra: Partial<StackHook> = {},
): StackHook {
  return {
    name,
    when,
    commands: ['plan', 'apply'],
    execute: ['sh', '-c', script],
    working_dir: 'stack',
    run_on_error: false,
    timeout_seconds: 60,
    offline: false,
    ...(when === 'error' ? { on_errors: ['.*'] } : {}),
    ...extra,
  };
}
