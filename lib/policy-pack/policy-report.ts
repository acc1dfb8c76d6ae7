import type { IConstruct } from 'constructs';
import { evaluateStack, type InvalidSuppression, type StackVerdict, type Violation } from './policy-pack';
import { readSynthesizedStacks } from './synthesized-output';

/** Collects the pack's verdict on every stack of an app, and says it for a human. */
export class PolicyReport {
  private static readonly reports = new WeakMap<IConstruct, PolicyReport>();

  /** The report of the app `scope` belongs to. */
  public static of(scope: IConstruct): PolicyReport {
    const root = scope.node.root;
    let report = PolicyReport.reports.get(root);
    if (!report) {
      report = new PolicyReport();
      PolicyReport.reports.set(root, report);
    }
    return report;
  }

  private readonly stackVerdicts: StackVerdict[] = [];
  private readonly otherProblems: string[] = [];
  private readonly enrolled = new Map<string, (type: string) => boolean>();

  /** Puts a stack under the pack; `isTaggable` says which of its resource types take tags. */
  public enrol(stack: string, isTaggable: (type: string) => boolean): void {
    this.enrolled.set(stack, isTaggable);
  }

  /** Checks every enrolled stack as the synth wrote it into `outdir` (its manifest.json and cdk.tf.json files). */
  public checkOutput(outdir: string): void {
    const names = [...this.enrolled.keys()].sort();
    for (const stack of readSynthesizedStacks(outdir, names))
      this.add(evaluateStack(stack, { isTaggable: this.enrolled.get(stack.name)! }));
  }

  /** Records the verdict on one stack. */
  public add(verdict: StackVerdict): void {
    this.stackVerdicts.push(verdict);
  }

  /** Records a problem that belongs to no stack, such as a suppression naming a module that does not exist. */
  public addProblem(problem: string): void {
    this.otherProblems.push(problem);
  }

  /** The verdicts, in stack name order. */
  public get verdicts(): readonly StackVerdict[] {
    return [...this.stackVerdicts].sort((a, b) => a.stack.localeCompare(b.stack));
  }

  /** Every violation, by stack. */
  public get violations(): readonly Violation[] {
    return this.verdicts.flatMap((v) => v.violations);
  }

  /** Whether synth must fail: a violation, or a suppression that cannot apply. */
  public get failed(): boolean {
    return (
      this.otherProblems.length > 0 ||
      this.verdicts.some((v) => v.violations.length > 0 || v.invalidSuppressions.length > 0)
    );
  }

  /** Lines naming each violation and each bad suppression. */
  public problemLines(): string[] {
    return [
      ...this.otherProblems,
      ...this.verdicts.flatMap((v) => [
        ...v.violations.map(formatViolation),
        ...v.invalidSuppressions.map(formatInvalidSuppression),
      ]),
    ];
  }

  /** What a successful run prints: the rules run, the suppressions in force and those no longer needed. */
  public summary(): string {
    const verdicts = this.verdicts;
    const rules = new Set(verdicts.flatMap((v) => v.rulesRun));
    const resources = verdicts.reduce((sum, v) => sum + v.resourceCount, 0);
    const suppressed = verdicts.flatMap((v) => v.suppressed);
    const unused = verdicts.flatMap((v) => v.unusedSuppressions.map((s) => ({ stack: v.stack, s })));
    const suppressedCount = suppressed.length > 0 ? `, ${suppressed.length} suppressed` : '';
    const lines = [
      `Policy pack: ${rules.size} rules over ${verdicts.length} stacks (${resources} resources): ` +
        `no violations${suppressedCount}.`,
    ];
    if (suppressed.length > 0) {
      lines.push(`Suppressed findings (${suppressed.length}):`);
      for (const v of suppressed)
        lines.push(
          `  ${v.stack} ${v.address} ${v.rule.id} ${v.finding.attribute}: ` +
            `accepted because ${v.suppression.reason} (${v.suppression.source})`,
        );
    }
    if (unused.length > 0) {
      lines.push(`Suppressions no longer needed (${unused.length}): the resource complies; remove them:`);
      for (const { stack, s } of unused) lines.push(`  ${stack} ${s.resource} ${s.rule} (${s.source})`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Raised when the pack fails a synth: printed as plain lines, never as a stack trace. */
export class PolicyViolationError extends Error {
  /** One line per violation or bad suppression. */
  public readonly problems: readonly string[];

  public constructor(report: PolicyReport) {
    const problems = report.problemLines();
    const rules = [...new Map(report.violations.map((v) => [v.rule.id, v.rule])).values()];
    const why = rules.map((rule) => `  ${rule.id} ${rule.name}: ${rule.reason} [${rule.sources.join('; ')}]`);
    super([...problems, ...(why.length > 0 ? ['Why these rules:', ...why] : [])].join('\n'));
    this.name = 'PolicyViolationError';
    this.problems = problems;
  }
}

/** `<construct path> (<address>) <rule id> <rule name>: <attribute>: found X; allowed: Y`. */
export function formatViolation(v: Violation): string {
  return (
    `${v.constructPath} (${v.address}) ${v.rule.id} ${v.rule.name}: ` +
    `${v.finding.attribute}: found ${v.finding.found}; allowed: ${v.finding.allowed}`
  );
}

function formatInvalidSuppression(i: InvalidSuppression): string {
  const { rule, resource, source } = i.suppression;
  return `${i.stack} suppression of ${rule} on ${resource} (${source}): ${i.problem}`;
}
