import { affectedStacksDiagram } from './affected-stacks-diagram';
import { renderPlanDetails } from './plan-details';
import { destructiveChanges, type PlanReview, type StackReview, stackChanges } from './plan-review';
import type { ChangeCounts } from './planned-change';
import type { GateResult } from './policy-gate';

/** The hidden first line that finds the comment again, so each run updates one comment. */
export const PLAN_COMMENT_MARKER = '<!-- platform-plan-review -->';

/** GitHub refuses an issue or pull-request comment longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** How to write the comment. */
export interface PlanCommentOptions {
  /** The policy gate's verdict, shown under the destroys. */
  readonly gate?: GateResult;
  /** The policy file, named where the gate tells how to allow a destroy. */
  readonly policyFile?: string;
  /** The comment stays strictly shorter than this (default: GitHub's limit, 65,536). */
  readonly maxLength?: number;
  /** A line under the heading: the commit, the synth mode, a link to the run. */
  readonly context?: string;
  /** Where the full plans are, for what the comment leaves out (default: "the plans artifact of this run"). */
  readonly artifactHint?: string;
}

/** At most this many rows in each list before the comment is cut further. */
const ROW_LIMITS = [Infinity, 100, 20, 0] as const;

/**
 * The pull-request comment: totals, a loud warning on any destroy or replacement, the policy gate,
 * a table per environment, drift apart, a picture of the affected stacks, then each stack's plan
 * collapsed, trimmed so that the whole comment stays under `maxLength` characters.
 */
export function renderPlanComment(review: PlanReview, options: PlanCommentOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const artifactHint = options.artifactHint ?? 'the plans artifact of this run';
  for (const [level, rows] of ROW_LIMITS.entries()) {
    const head = headSections(review, options, rows, level < 2).join('\n');
    const tail = footer(review, artifactHint);
    const withDetails = [
      ...review.stacks.filter((s) => s.status === 'planned' && (stackChanges(s) || s.drift.length > 0)),
    ];
    const budget = maxLength - 1 - head.length - tail.length - '\n### Plans\n\n'.length - 2;
    if (budget < 0) continue;
    const details = renderPlanDetails(withDetails, budget, detailsSummary, artifactHint).filter((d) => d !== '');
    const omitted = withDetails.length - details.length;
    const plans =
      withDetails.length === 0 ? '' : `\n### Plans\n\n${details.join('\n')}${omittedNote(omitted, artifactHint)}`;
    const comment = `${head}\n${plans}${tail}`;
    if (comment.length < maxLength) return comment;
  }
  // Only a review of thousands of stacks gets here: the totals alone, which always fit.
  return (
    `${PLAN_COMMENT_MARKER}\n## Terraform plan\n\n${totalsLine(review)}\n\n${warning(review)}\n\n` +
    `The review is too long for a comment: see ${artifactHint}.\n`
  );
}

function omittedNote(omitted: number, artifactHint: string): string {
  return omitted > 0 ? `\n_${omitted} more ${omitted === 1 ? 'plan is' : 'plans are'} in ${artifactHint}._\n` : '';
}

function headSections(review: PlanReview, options: PlanCommentOptions, rows: number, withDiagram: boolean): string[] {
  const out = [PLAN_COMMENT_MARKER, '## Terraform plan', ''];
  if (options.context) out.push(options.context, '');
  out.push(totalsLine(review), '');
  if (review.stacks.every((s) => s.status === 'unaffected'))
    out.push(
      'No stack is affected by this change: ' +
        "its synthesized Terraform JSON is the same as the base's, so there is nothing to plan.",
      '',
    );
  out.push(warning(review), '');
  const provisional = review.stacks.filter((s) => s.status === 'planned' && s.provisional !== undefined);
  if (provisional.length > 0) {
    const reasons = [...new Set(provisional.map((s) => s.provisional!))];
    const every = provisional.length === review.stacks.filter((s) => s.status === 'planned').length;
    const which = every
      ? 'Every plan is'
      : `${provisional.length} ${provisional.length === 1 ? 'plan is' : 'plans are'}`;
    out.push(
      '> [!WARNING]',
      `> **${which} provisional** (marked ⚠️): ${reasons.join('; ')}. The real plan may differ.`,
      '',
    );
  }
  const missing = review.stacks.filter((s) => s.status === 'missing');
  if (missing.length > 0)
    out.push(
      '> [!CAUTION]',
      `> **No plan for ${list(missing.map((s) => code(s.name)))}**: ` +
        `${missing.length === 1 ? 'its plan' : 'their plans'} failed or did not run; see the workflow log.`,
      '',
    );
  if (review.removedStacks.length > 0)
    out.push(
      '> [!WARNING]',
      `> **Stacks removed by this change: ${list(review.removedStacks.map(code))}.** ` +
        "Removing a stack's code destroys nothing: destroy its resources first " +
        '(`npm run all -- destroy --include <stack>`), or they stay in AWS unmanaged.',
      '',
    );
  out.push(...destroysSection(review, rows));
  if (options.gate) out.push(...gateSection(options.gate, options.policyFile ?? 'plan-policy.json', rows));
  out.push(...stackTables(review));
  out.push(...driftSection(review, rows));
  const diagram = withDiagram ? affectedStacksDiagram(review) : undefined;
  if (diagram) out.push('### Affected stacks', '', '```mermaid', diagram, '```', '');
  return out;
}

function totalsLine(review: PlanReview): string {
  const planned = review.stacks.filter((s) => s.status === 'planned');
  const t = review.totals;
  const parts = [
    `**${planned.length} of ${review.stacks.length} stacks planned**`,
    `${t.create} to create`,
    `${t.update} to update`,
    t.replace > 0 ? `**${t.replace} to replace**` : '0 to replace',
    t.destroy > 0 ? `**${t.destroy} to destroy**` : '0 to destroy',
  ];
  if (t.move > 0) parts.push(`${t.move} to move`);
  if (t.import > 0) parts.push(`${t.import} to import`);
  if (t.forget > 0) parts.push(`${t.forget} to forget`);
  const drifted = planned.filter((s) => s.drift.length > 0).length;
  if (drifted > 0) parts.push(`changed outside Terraform in ${drifted} ${drifted === 1 ? 'stack' : 'stacks'}`);
  return parts.join(' · ');
}

function warning(review: PlanReview): string {
  const { destroy, replace } = review.totals;
  if (destroy + replace === 0) return '> [!NOTE]\n> Nothing is destroyed or replaced.';
  const what = [
    destroy > 0 ? `destroys ${plural(destroy, 'resource')}` : '',
    replace > 0 ? `replaces ${plural(replace, 'resource')} (${replacementOrder(review)})` : '',
  ]
    .filter((p) => p !== '')
    .join(' and ');
  return `> [!CAUTION]\n> **This change ${what}.** Every one is listed below with what forces it.`;
}

/** In which order the replacements happen: destroyed first, or created first (create_before_destroy). */
function replacementOrder(review: PlanReview): string {
  const replaced = destructiveChanges(review).filter(({ change }) => change.kind === 'replace');
  const createdFirst = replaced.filter(({ change }) => change.createsFirst).length;
  const destroyedFirst = replaced.length - createdFirst;
  if (createdFirst === 0) return 'destroyed, then created again';
  if (destroyedFirst === 0) return 'created, then destroyed';
  return `${destroyedFirst} destroyed, then created again; ${createdFirst} created, then destroyed`;
}

function destroysSection(review: PlanReview, rows: number): string[] {
  const destructive = destructiveChanges(review);
  if (destructive.length === 0) return [];
  const out = ['### Destroyed and replaced', '', '| stack | resource | action | why |', '| --- | --- | --- | --- |'];
  for (const { stack, change } of destructive.slice(0, rows)) {
    const why =
      change.kind === 'replace' && change.forcedBy.length > 0
        ? `${list(change.forcedBy.map(code))} ${change.forcedBy.length === 1 ? 'forces' : 'force'} replacement`
        : escapeCell(change.reason ?? `${change.kind} planned`);
    const action = change.createsFirst ? '**replace** (created, then destroyed)' : `**${change.kind}**`;
    out.push(`| ${code(stack)} | ${code(change.address)} | ${action} | ${why} |`);
  }
  if (destructive.length > rows) out.push(`| | _and ${destructive.length - rows} more_ | | |`);
  return [...out, ''];
}

function gateSection(gate: GateResult, policyFile: string, rows: number): string[] {
  const out = ['### Policy gate', ''];
  if (gate.passed)
    out.push(
      `✅ **Passed**: no protected resource is destroyed or replaced without an allowance in ${code(policyFile)}.`,
    );
  else {
    out.push(
      `⛔ **Failed**: ${plural(gate.violations.length, 'protected resource')} ` +
        'would be destroyed or replaced without an allowance:',
      '',
    );
    for (const v of gate.violations.slice(0, rows))
      out.push(`- ${code(v.stack)}: ${code(v.change.address)} (${v.change.kind})`);
    if (gate.violations.length > rows) out.push(`- _and ${gate.violations.length - rows} more_`);
    out.push(
      '',
      'To allow one, add `{"stack": "<stack>", "address": "<address>", "reason": "<why it is safe>"}` ' +
        `to \`allowed_destroys\` in ${code(policyFile)}.`,
    );
  }
  if (gate.allowed.length > 0) {
    out.push('', 'Allowed by the policy:', '');
    for (const a of gate.allowed.slice(0, rows))
      out.push(`- ${code(a.stack)}: ${code(a.change.address)} (${a.change.kind}): ${escapeCell(a.allowance!.reason)}`);
    if (gate.allowed.length > rows) out.push(`- _and ${gate.allowed.length - rows} more_`);
  }
  if (gate.unusedAllowances.length > 0)
    out.push(
      '',
      'Unused allowances (nothing in these plans matches them; remove them): ' +
        `${list(gate.unusedAllowances.map((u) => code(`${u.stack} ${u.address}`)))}.`,
    );
  return [...out, ''];
}

const COLUMNS: readonly (keyof ChangeCounts)[] = ['create', 'update', 'replace', 'destroy', 'move', 'import', 'noop'];

function stackTables(review: PlanReview): string[] {
  const out: string[] = [];
  const withForget = review.totals.forget > 0;
  const columns = withForget ? [...COLUMNS.slice(0, 6), 'forget' as const, 'noop' as const] : COLUMNS;
  for (const environment of review.environments) {
    const stacks = review.stacks.filter((s) => s.environment === environment);
    if (!stacks.some((s) => s.status === 'planned' || s.status === 'missing')) continue;
    out.push(
      `### ${escapeCell(environment)}`,
      '',
      `| stack | ${columns.map((c) => (c === 'noop' ? 'no-op' : c)).join(' | ')} | |`,
      `| --- | ${columns.map(() => '---:').join(' | ')} | --- |`,
    );
    for (const stack of stacks) {
      const cells =
        stack.status === 'planned'
          ? columns.map((c) =>
              stack.counts[c] === 0
                ? '·'
                : c === 'destroy' || c === 'replace'
                  ? `**${stack.counts[c]}**`
                  : String(stack.counts[c]),
            )
          : columns.map(() => '');
      out.push(`| ${warned(stack)}${code(stack.name)} | ${cells.join(' | ')} | ${stackNote(stack)} |`);
    }
    out.push('');
  }
  return out;
}

function warned(stack: StackReview): string {
  return stack.provisional !== undefined && stack.status === 'planned' ? '⚠️ ' : '';
}

function stackNote(stack: StackReview): string {
  switch (stack.status) {
    case 'missing':
      return '❌ no plan: failed or skipped';
    case 'unaffected':
      return 'not planned: unchanged';
    case 'not planned':
      return 'not planned';
    case 'planned': {
      const notes = [];
      if (stack.counts.destroy + stack.counts.replace > 0) notes.push('🔴 destroys');
      else if (stackChanges(stack)) notes.push('🟡 changes');
      else notes.push('🟢 no changes');
      if (stack.outputChanges > 0)
        notes.push(`${plural(stack.outputChanges, 'output')} ${stack.outputChanges === 1 ? 'changes' : 'change'}`);
      if (stack.drift.length > 0) notes.push('drift');
      if (stack.provisional !== undefined) notes.push('provisional');
      if (stack.affectedBecause !== undefined && stack.affectedBecause.startsWith('upstream'))
        notes.push(escapeCell(stack.affectedBecause));
      return notes.join(', ');
    }
  }
}

function driftSection(review: PlanReview, rows: number): string[] {
  const drifted = review.stacks.flatMap((s) => s.drift.map((d) => ({ stack: s.name, drift: d })));
  if (drifted.length === 0) return [];
  const out = [
    '### Changed outside Terraform',
    '',
    'Found while refreshing: AWS no longer matches the last apply.',
    '',
    '| stack | resource | attribute | in the state | in AWS | this plan |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  let shown = 0;
  for (const { stack, drift } of drifted) {
    const plan = drift.reverted ? 'puts it back' : 'keeps it';
    if (drift.kind === 'deleted') {
      if (shown++ < rows)
        out.push(
          `| ${code(stack)} | ${code(drift.address)} | | exists | **deleted** | ` +
            `${drift.reverted ? 'creates it again' : plan} |`,
        );
      continue;
    }
    for (const attribute of drift.attributes) {
      if (shown++ < rows)
        out.push(
          `| ${code(stack)} | ${code(drift.address)} | ${code(attribute.path)} | ` +
            `${code(attribute.before)} | ${code(attribute.after)} | ${plan} |`,
        );
    }
  }
  if (shown > rows) out.push(`| | _and ${shown - rows} more_ | | | | |`);
  return [...out, ''];
}

function footer(review: PlanReview, artifactHint: string): string {
  const unchanged = review.stacks.filter(
    (s) => s.status === 'planned' && !stackChanges(s) && s.drift.length === 0,
  ).length;
  const none = unchanged > 0 ? `${plural(unchanged, 'stack')} planned with no changes. ` : '';
  return `\n<sub>${none}Full plans (\`terraform show -json\`) in ${artifactHint}.</sub>\n`;
}

/** The `<summary>` of a stack's details block. */
function detailsSummary(stack: StackReview): string {
  const c = stack.counts;
  const parts = [
    c.create > 0 ? `${c.create} to create` : '',
    c.update > 0 ? `${c.update} to update` : '',
    c.replace > 0 ? `<b>${c.replace} to replace</b>` : '',
    c.destroy > 0 ? `<b>${c.destroy} to destroy</b>` : '',
    c.move > 0 ? `${c.move} to move` : '',
    c.import > 0 ? `${c.import} to import` : '',
    c.forget > 0 ? `${c.forget} to forget` : '',
    stack.outputChanges > 0
      ? `${plural(stack.outputChanges, 'output')} ${stack.outputChanges === 1 ? 'changes' : 'change'}`
      : '',
    stack.drift.length > 0 ? 'drift' : '',
  ].filter((p) => p !== '');
  const provisional = stack.provisional !== undefined ? ' ⚠️ provisional' : '';
  return `<code>${html(stack.name)}</code>${provisional}: ${parts.join(', ') || 'no changes'}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Inline code that survives any content: a longer backtick run than the text holds, pipes escaped for tables. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const padded = longest > 0 ? ` ${text} ` : text;
  return `${ticks}${padded.replace(/\|/g, '\\|')}${ticks}`;
}

function escapeCell(text: string): string {
  return html(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
