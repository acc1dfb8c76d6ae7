import { UsageError } from '../deployment/synth-target';
import { TerraformCommandError } from '../terraform-cli/stack-workspace';
import { stateLockHint } from '../terraform-cli/state-lock';
import { HookFailedError, StackRunFailures } from './hook-failure';
import type { StackCommand, StackCommandResult } from './stack-command';
import type { TaskOutcome } from './stack-graph-runner';

/** One line of progress for a finished stack. */
export function progressLine(name: string, command: StackCommand, outcome: TaskOutcome<StackCommandResult>): string {
  if (outcome.status === 'skipped') return `${name}: skipped (${outcome.reason})`;
  const time = seconds(outcome.durationMs);
  if (outcome.status === 'failed') return `${name}: FAILED after ${time}\n${indent(errorMessage(outcome.error))}`;
  const { summary, provisional, initRan, mockedUpstreams } = outcome.result;
  const counts = summary
    ? ` +${summary.create} ~${summary.update} ±${summary.replace} -${summary.destroy}` +
      (summary.forget > 0 ? ` forget ${summary.forget}` : '')
    : '';
  const mocks = provisional
    ? ` (provisional: mock outputs` +
      `${mockedUpstreams && mockedUpstreams.length > 0 ? ` of ${mockedUpstreams.join(', ')}` : ''})`
    : '';
  return `${name}: ${pastTense(command)}${counts}${mocks}${initRan ? '' : ' [init skipped]'} in ${time}`;
}

/** The final table: stack, result, to add / change / replace / destroy / forget (removed blocks: left in AWS), time. */
export function resultTable(
  names: readonly string[],
  command: StackCommand,
  outcomes: ReadonlyMap<string, TaskOutcome<StackCommandResult>>,
): string {
  const header = ['STACK', 'RESULT', 'ADD', 'CHANGE', 'REPLACE', 'DESTROY', 'FORGET', 'TIME'];
  const rows = names.map((name) => {
    const outcome = outcomes.get(name)!;
    if (outcome.status !== 'succeeded')
      return [name, outcome.status, '', '', '', '', '', outcome.status === 'failed' ? seconds(outcome.durationMs) : ''];
    const s = outcome.result.summary;
    const result = `${pastTense(command)}${outcome.result.provisional ? ' (provisional)' : ''}`;
    return [
      name,
      result,
      ...(s ? [s.create, s.update, s.replace, s.destroy, s.forget].map(String) : ['', '', '', '', '']),
      seconds(outcome.durationMs),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** What to print for a failure: Terraform's own error, a usage message, a hook's, each of several, or the exception. */
export function errorMessage(error: unknown): string {
  if (error instanceof StackRunFailures) return error.failures.map(errorMessage).join('\n');
  if (error instanceof TerraformCommandError) {
    const hint = stateLockHint(error.stackName, `${error.result.stdout}\n${error.result.stderr}`);
    return hint ? `${error.message}\n${hint}` : error.message;
  }
  if (error instanceof UsageError || error instanceof HookFailedError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function pastTense(command: StackCommand): string {
  return { plan: 'planned', apply: 'applied', destroy: 'destroyed', validate: 'valid', output: 'read' }[command];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
