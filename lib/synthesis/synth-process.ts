import { spawnSync } from 'child_process';
import * as path from 'path';
import type { SynthMode } from '../deployment/synth-target';

/** What to synthesize and where. */
export interface SynthRequest {
  /** The project folder (holds scripts/run-app.js, config/ and batch-json/ by default). */
  readonly projectRoot: string;
  /** Synth mode. */
  readonly mode: SynthMode;
  /** Output folder. */
  readonly outdir: string;
  /** Environments; all when omitted. */
  readonly environments?: readonly string[];
  /** Folder with config/ and batch-json/, when not the project's. */
  readonly configRoot?: string;
  /** The local AWS (local mode). */
  readonly localEndpoint?: string;
  /** Folder of the local AWS overlays (local mode). */
  readonly localStateDir?: string;
  /** Environment of the app (default process.env), such as one saying the output lock is held for it. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Synthesis failed; the message is what the app printed (configuration errors included). */
export class SynthError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SynthError';
  }
}

/** Runs the app as cdktf would (`node scripts/run-app.js`) in a child process. */
export function runSynth(request: SynthRequest): void {
  const env: NodeJS.ProcessEnv = {
    ...(request.env ?? process.env),
    SYNTH_MODE: request.mode,
    CDKTF_OUTDIR: path.resolve(request.outdir),
    ...(request.environments && request.environments.length > 0
      ? { PLATFORM_ENVIRONMENTS: request.environments.join(',') }
      : {}),
    ...(request.configRoot ? { PLATFORM_CONFIG_ROOT: path.resolve(request.configRoot) } : {}),
    ...(request.localEndpoint ? { LOCAL_AWS_ENDPOINT: request.localEndpoint } : {}),
    ...(request.localStateDir ? { LOCAL_AWS_STATE_DIR: path.resolve(request.localStateDir) } : {}),
  };
  const result = spawnSync(process.execPath, [path.join(request.projectRoot, 'scripts', 'run-app.js')], {
    cwd: request.projectRoot,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new SynthError((result.stderr || result.stdout || `synth exited with ${result.status}`).trim());
}
