/** One thing wrong with the configuration, located precisely enough to fix it without a debugger. */
export interface ConfigProblem {
  /** File the bad value came from, relative to the working directory. */
  readonly file: string;
  /** JSON path of the bad value inside that file, such as `$.compute_resources.max_vcpus`. */
  readonly jsonPath: string;
  /** 1-based line of the value in the file, when the file could be parsed that far. */
  readonly line?: number;
  /** 1-based column of the value in the file. */
  readonly column?: number;
  /** The value that was found, rendered for a human. */
  readonly found: string;
  /** What would have been accepted. */
  readonly allowed: string;
}

/** Raised for configuration a user must fix: rendered as plain lines, never as a stack trace. */
export class ConfigError extends Error {
  public readonly problems: readonly ConfigProblem[];

  public constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** `file:line:col $.path: found X; allowed: Y`, the form editors and CI annotations understand. */
export function formatProblem(problem: ConfigProblem): string {
  const location = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${location} ${problem.jsonPath}: found ${problem.found}; allowed: ${problem.allowed}`;
}

/** Renders any JSON value briefly: strings quoted, objects and arrays abbreviated past 80 characters. */
export function renderFound(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
