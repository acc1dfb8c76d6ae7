import * as fs from 'fs';
import * as path from 'path';
import { type JsonObject, type SynthesizedStack, synthesizedStackFromJson } from './synthesized-stack';

/** A cdktf output folder that cannot be read: no manifest, or a stack file missing or not JSON. */
export class SynthesizedOutputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SynthesizedOutputError';
  }
}

/** The stacks of a cdktf output folder, through its manifest.json; only `names` when given. */
export function readSynthesizedStacks(outdir: string, names?: readonly string[]): SynthesizedStack[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile))
    throw new SynthesizedOutputError(
      `${manifestFile}: no such file; allowed: a cdktf output folder (run a synth first)`,
    );
  const manifest = readJson(manifestFile) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const stacks = manifest.stacks ?? {};
  const wanted = names ?? Object.keys(stacks).sort();
  return wanted.map((name) => {
    const relative = stacks[name]?.synthesizedStackPath;
    if (relative === undefined)
      throw new SynthesizedOutputError(
        `${manifestFile}: no stack "${name}"; allowed: ${Object.keys(stacks).sort().join(', ')}`,
      );
    return synthesizedStackFromJson(name, readJson(path.join(outdir, relative)) as JsonObject);
  });
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SynthesizedOutputError(`${file}: cannot be read; allowed: a file written by cdktf synth`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SynthesizedOutputError(`${file}: not JSON; allowed: a file written by cdktf synth`);
  }
}
