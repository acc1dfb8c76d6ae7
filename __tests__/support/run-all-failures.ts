import type { RunAllReport } from '../../lib/orchestration/run-all';
import { errorMessage } from '../../lib/orchestration/run-report';

/** Every stack of a run-all that failed or was skipped, with Terraform's own message: `[]` when all succeeded. */
export function failures(report: RunAllReport): string[] {
  return [...report.outcomes].flatMap(([name, o]) =>
    o.status === 'failed'
      ? [`${name}: ${errorMessage(o.error)}`]
      : o.status === 'skipped'
        ? [`${name}: skipped (${o.reason})`]
        : [],
  );
}
