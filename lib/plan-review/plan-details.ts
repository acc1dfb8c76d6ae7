import { renderOutputChanges, renderResourceChange } from './plan-diff';
import type { StackReview } from './plan-review';
import type { ChangeKind, PlannedChange } from './planned-change';

/**
 * Each stack's full plan as a collapsed `<details>` block, and the trimming that keeps them all
 * within a budget of characters: every stack gets a fair share (water-filling: small plans whole,
 * what they leave over goes to the large ones); inside a stack, destroys and replacements are kept
 * first, then updates, creates and the rest; what is left out is counted and pointed to.
 */

/** The order resources are kept in when a plan must be cut: the ones a reviewer must see first. */
const KEEP_ORDER: Readonly<Record<ChangeKind, number>> = {
  destroy: 0,
  replace: 0,
  update: 1,
  create: 2,
  forget: 3,
  noop: 4,
};

/** Rendered changes, kept while their change lives: a comment is laid out several times when it must shrink. */
const renderedChanges = new WeakMap<PlannedChange, string>();

function renderedText(change: PlannedChange): string {
  let text = renderedChanges.get(change);
  if (text === undefined) {
    text = renderResourceChange(change);
    renderedChanges.set(change, text);
  }
  return text;
}

/** A block shorter than this is not worth cutting: it is left out whole instead. */
const SMALLEST_CUT = 240;

/** A stack's plan, ready to be laid out in a budget. */
interface StackPlanText {
  readonly stack: StackReview;
  /** The `<summary>` line. */
  readonly summary: string;
  /** Each resource's rendered change, in plan order. */
  readonly blocks: readonly { readonly change: PlannedChange; readonly text: string }[];
  /** The rendered output changes, or ''. */
  readonly outputs: string;
}

/**
 * Renders the details block of every planned stack that changes something or has drift, each in its share
 * of `budget`.
 */
export function renderPlanDetails(
  stacks: readonly StackReview[],
  budget: number,
  summaryOf: (stack: StackReview) => string,
  artifactHint: string,
): string[] {
  const texts: StackPlanText[] = stacks.map((stack) => ({
    stack,
    summary: summaryOf(stack),
    blocks: stack.changes
      .filter((c) => c.kind !== 'noop' || c.movedFrom !== undefined || c.importId !== undefined)
      .map((change) => ({ change, text: renderedText(change) })),
    outputs: renderOutputChanges(stack.outputs ?? {}),
  }));
  const full = texts.map((t) => detailsBlock(t, t.blocks, t.outputs !== '', artifactHint));
  const total = full.reduce((sum, text) => sum + text.length, 0);
  if (total <= budget) return full;
  const rendered = new Array<string>(texts.length).fill('');
  let remaining = budget;
  const bySize = texts.map((_, i) => i).sort((a, b) => full[a]!.length - full[b]!.length);
  bySize.forEach((index, position) => {
    const share = Math.floor(remaining / (bySize.length - position));
    const text = full[index]!.length <= share ? full[index]! : trimmedBlock(texts[index]!, share, artifactHint);
    rendered[index] = text;
    remaining -= text.length;
  });
  return rendered;
}

/** The stack's details within `limit` characters, or '' when not even a pointer to the plan fits. */
function trimmedBlock(text: StackPlanText, limit: number, artifactHint: string): string {
  const order = text.blocks
    .map((_, i) => i)
    .sort((a, b) => KEEP_ORDER[text.blocks[a]!.change.kind] - KEEP_ORDER[text.blocks[b]!.change.kind] || a - b);
  const kept = new Map<number, string>();
  // The frame: the details block with every block left out and the longest notes, plus the code fences.
  const fenceLength = fence(text.blocks.map((b) => b.text).join('\n') + text.outputs).length;
  const frame = detailsBlock(text, [], false, artifactHint, text.blocks.length, true).length + 2 * fenceLength + 8;
  if (frame > limit) return pointerWithin(text, limit, artifactHint);
  let room = limit - frame;
  let cut = false;
  for (const index of order) {
    const block = text.blocks[index]!.text;
    if (block.length + 2 <= room) {
      kept.set(index, block);
      room -= block.length + 2;
    } else if (!cut && room >= SMALLEST_CUT) {
      const shortened = cutLines(block, room - 2);
      kept.set(index, shortened);
      room -= shortened.length + 2;
      cut = true;
    }
  }
  const blocks = text.blocks.flatMap((b, i) => (kept.has(i) ? [{ change: b.change, text: kept.get(i)! }] : []));
  const withOutputs = text.outputs !== '' && text.outputs.length + 2 <= room;
  const block = detailsBlock(text, blocks, withOutputs, artifactHint, text.blocks.length - blocks.length, cut);
  return block.length <= limit ? block : pointerWithin(text, limit, artifactHint);
}

function pointerWithin(text: StackPlanText, limit: number, artifactHint: string): string {
  const pointer = pointerBlock(text, artifactHint);
  return pointer.length <= limit ? pointer : '';
}

function detailsBlock(
  text: StackPlanText,
  blocks: readonly { readonly change: PlannedChange; readonly text: string }[],
  withOutputs: boolean,
  artifactHint: string,
  leftOut = 0,
  cut = false,
): string {
  const parts = blocks.map((b) => b.text);
  if (withOutputs) parts.push(text.outputs);
  const body = parts.join('\n\n');
  const notes: string[] = [];
  if (leftOut > 0)
    notes.push(`${leftOut} of ${text.blocks.length} resource changes left out here (${leftOutSummary(text, blocks)}).`);
  if (cut) notes.push('One resource change is cut short (…).');
  if (!withOutputs && text.outputs !== '') notes.push('Output changes left out.');
  if (text.stack.drift.length > 0 && blocks.length === 0 && text.blocks.length === 0)
    notes.push('No resource changes; the drift is listed above.');
  const note = notes.length > 0 ? `\n_${notes.join(' ')} The whole plan: ${planPointer(text, artifactHint)}._\n` : '';
  const code = body === '' ? '' : `\n${fence(body)}diff\n${body}\n${fence(body)}\n`;
  return `<details><summary>${text.summary}</summary>\n${code}${note}\n</details>\n`;
}

function pointerBlock(text: StackPlanText, artifactHint: string): string {
  const pointer = planPointer(text, artifactHint);
  return `<details><summary>${text.summary}</summary>\n\nToo long for this comment: ${pointer}.\n</details>\n`;
}

function planPointer(text: StackPlanText, artifactHint: string): string {
  return `\`${text.stack.planFile ?? `${text.stack.name}.json`}\` in ${artifactHint}`;
}

/** "3 to create, 1 to update" for the blocks left out. */
function leftOutSummary(text: StackPlanText, kept: readonly { readonly change: PlannedChange }[]): string {
  const keptChanges = new Set(kept.map((k) => k.change));
  const counts = new Map<ChangeKind, number>();
  for (const b of text.blocks)
    if (!keptChanges.has(b.change)) counts.set(b.change.kind, (counts.get(b.change.kind) ?? 0) + 1);
  const words: Record<ChangeKind, string> = {
    create: 'to create',
    update: 'to update',
    replace: 'to replace',
    destroy: 'to destroy',
    forget: 'to forget',
    noop: 'moved or imported',
  };
  return [...counts].map(([kind, n]) => `${n} ${words[kind]}`).join(', ');
}

/** The first lines of a block that fit in `limit` characters, and a line saying how many were left out. */
function cutLines(block: string, limit: number): string {
  const lines = block.split('\n');
  const out: string[] = [];
  let length = 0;
  const tail = (left: number) => `  … ${left} more lines`;
  for (const line of lines) {
    const left = lines.length - out.length;
    if (length + line.length + 1 + tail(left).length + 1 > limit) return [...out, tail(left)].join('\n');
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

/** A code fence longer than any run of backticks in the text, so a value holding ``` cannot end the block. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
