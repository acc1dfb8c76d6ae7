import { spawn } from 'child_process';
import { StringDecoder } from 'string_decoder';

/** How to run one hook's program. */
export interface HookProcessOptions {
  /** Program and arguments; no shell. */
  readonly argv: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** Its whole environment. */
  readonly env: NodeJS.ProcessEnv;
  /** Milliseconds it may run before it is stopped. */
  readonly timeoutMs: number;
  /** Receives each line it prints, standard output and error alike, always whole. */
  readonly onLine: (line: string) => void;
  /** Stops it when aborted. */
  readonly signal?: AbortSignal;
}

/** How a hook's program ended. */
export interface HookProcessResult {
  /** Exit code; undefined when it did not start or a signal ended it. */
  readonly exitCode?: number;
  /** The signal that ended it. */
  readonly endedBy?: NodeJS.Signals;
  /** It ran past its timeout and was stopped. */
  readonly timedOut: boolean;
  /** Why it could not start, such as no such program. */
  readonly startError?: string;
  /** Its last lines, oldest first. */
  readonly lastLines: readonly string[];
}

/** Lines kept for the failure message. */
const TAIL_LINES = 20;
/**
 * A line longer than this is passed on in pieces, so a program that never prints a newline cannot hold its output back.
 */
const MAX_LINE = 4096;
/** After SIGTERM, how long a stopped hook gets before SIGKILL. */
const KILL_GRACE_MS = 3000;
/**
 * After the program exits, how long its output may still take to arrive (a background process it left may hold the
 * pipes open).
 */
const DRAIN_MS = 2000;

/** Process groups of the hooks running now, for Ctrl-C (see forwardInterrupts). */
const running = new Set<number>();

/**
 * Runs a hook's program in a process group of its own, so a timeout stops everything it started,
 * not only the program itself; its output is split into lines as it comes.
 */
export function runHookProcess(options: HookProcessOptions): Promise<HookProcessResult> {
  const lastLines: string[] = [];
  const emit = (line: string): void => {
    lastLines.push(line);
    if (lastLines.length > TAIL_LINES) lastLines.shift();
    options.onLine(line);
  };
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const child = spawn(options.argv[0]!, options.argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const streams = [lineSplitter(emit), lineSplitter(emit)];
    child.stdout.on('data', (chunk: Buffer) => streams[0]!.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => streams[1]!.write(chunk));
    const group = child.pid;
    const stop = (): void => {
      if (group === undefined) return;
      signalGroup(group, 'SIGTERM');
      timers.push(setTimeout(() => signalGroup(group, 'SIGKILL'), KILL_GRACE_MS));
    };
    if (group !== undefined) {
      running.add(group);
      forwardInterrupts();
    }
    timers.push(
      setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs),
    );
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = (result: Omit<HookProcessResult, 'timedOut' | 'lastLines'>): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener('abort', stop);
      if (group !== undefined) running.delete(group);
      child.stdout.destroy();
      child.stderr.destroy();
      streams.forEach((s) => s.end());
      resolve({ ...result, timedOut, lastLines });
    };
    child.on('error', (error) => finish({ startError: error.message }));
    child.on('exit', (code, signal) => {
      const ended = signal !== null ? { endedBy: signal } : { exitCode: code ?? 1 };
      timers.push(setTimeout(() => finish(ended), DRAIN_MS));
      child.on('close', () => finish(ended));
    });
  });
}

/** Splits a stream's bytes into lines (UTF-8 safe across chunks); `end` passes on a last line without a newline. */
function lineSplitter(emit: (line: string) => void): { write: (chunk: Buffer) => void; end: () => void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const flush = (final: boolean): void => {
    const lines = pending.split('\n');
    pending = final ? '' : lines.pop()!;
    for (const line of final && lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines)
      emit(line.replace(/\r$/, ''));
    while (pending.length > MAX_LINE) {
      emit(pending.slice(0, MAX_LINE));
      pending = pending.slice(MAX_LINE);
    }
  };
  return {
    write: (chunk) => {
      pending += decoder.write(chunk);
      flush(false);
    },
    end: () => {
      pending += decoder.end();
      if (pending !== '') flush(true);
    },
  };
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group has already exited.
  }
}

let forwarding = false;

/**
 * A hook's own process group does not get the terminal's Ctrl-C: while hooks run, SIGINT and
 * SIGTERM are passed on to them, then raised again so that run-all ends as it would without hooks.
 */
function forwardInterrupts(): void {
  if (forwarding) return;
  forwarding = true;
  const forward = (signal: NodeJS.Signals): void => {
    for (const group of running) signalGroup(group, signal);
    process.removeListener('SIGINT', forward);
    process.removeListener('SIGTERM', forward);
    forwarding = false;
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
}
