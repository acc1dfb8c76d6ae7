import { runAll, type RunAllReport } from '../../lib/orchestration/run-all';
import { PROJECT_ROOT } from './config-fixture';

/** Where an offline run-all of one configuration works. */
export interface OfflineRunProps {
  /** The configuration root (config/ and batch-json/); the project's own when left out. */
  readonly configRoot?: string;
  /** The synthesized stacks' folder. */
  readonly outdir: string;
  /**
   * The local AWS, asked once the run starts: only for the ValidateStateMachineDefinition call the
   * provider makes while planning a state machine.
   */
  readonly awsEndpoint: () => string;
}

/**
 * `validate` or `plan` over every stack of an offline synth, keep-going, two stacks at a time;
 * `synth` false reuses the last synth.
 */
export function offlineRun(
  props: OfflineRunProps,
): (command: 'validate' | 'plan', synth: boolean) => Promise<RunAllReport> {
  return (command, synth) =>
    runAll({
      projectRoot: PROJECT_ROOT,
      command,
      filter: { environments: [], include: [], exclude: [] },
      synth: synth ? { mode: 'offline', ...(props.configRoot ? { configRoot: props.configRoot } : {}) } : 'skip',
      outdir: props.outdir,
      parallelism: 2,
      failFast: false,
      awsEndpoint: props.awsEndpoint(),
      log: () => undefined,
    });
}
