import type { HookProcessResult } from './hook-process';

/** Where a hook ran, for its failure message. */
export interface HookFailureProps {
  /** The stack. */
  readonly stack: string;
  /** The hook's name. */
  readonly hook: string;
  /** before, after or error. */
  readonly when: string;
  /** The run-all command it ran around. */
  readonly command: string;
  /** How its program ended. */
  readonly result: HookProcessResult;
  /** Seconds it was allowed. */
  readonly timeoutSeconds: number;
}

/**
 * A hook that failed, which fails its stack: the hook, how it ended and its last lines; printed without a stack trace.
 */
export class HookFailedError extends Error {
  /** The hook's name. */
  public readonly hook: string;
  /** How its program ended. */
  public readonly result: HookProcessResult;

  public constructor(props: HookFailureProps) {
    const { result } = props;
    const how =
      result.startError !== undefined
        ? `could not start (${result.startError})`
        : result.timedOut
          ? `timed out after ${props.timeoutSeconds} s and was stopped`
          : result.endedBy !== undefined
            ? `was ended by ${result.endedBy}`
            : `failed with exit code ${result.exitCode}`;
    const consequence = props.when === 'before' ? `; terraform did not run for ${props.command}` : '';
    const tail =
      result.lastLines.length > 0
        ? `\nits last ${result.lastLines.length === 1 ? 'line' : `${result.lastLines.length} lines`}:\n` +
          result.lastLines.map((l) => `  | ${l}`).join('\n')
        : '';
    super(`${props.stack}: hook "${props.hook}" (${props.when} ${props.command}) ${how}${consequence}${tail}`);
    this.name = 'HookFailedError';
    this.hook = props.hook;
    this.result = result;
  }
}

/** A stack's command, or a hook, failed, and hooks run after it failed too: every failure, in order. */
export class StackRunFailures extends Error {
  /** The failures, first the one that stopped the command. */
  public readonly failures: readonly unknown[];

  public constructor(failures: readonly unknown[]) {
    super(failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n'));
    this.name = 'StackRunFailures';
    this.failures = failures;
  }
}
