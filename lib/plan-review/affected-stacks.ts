import * as fs from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { ConfigError } from '../configuration/config-error';
import { formatJsonPath } from '../configuration/json-path';
import { JsonSource } from '../configuration/json-source';
import { problemsFromZod } from '../configuration/zod-problems';
import { readSynthesizedStacks, type SynthesizedStack } from '../orchestration/synthesized-stacks';

/** A stack to plan, and why. */
export interface AffectedStack {
  /** Stack name. */
  readonly stack: string;
  /** Why it is planned: its JSON changed, it is new, or an upstream stack changed. */
  readonly reason: string;
}

/** Which stacks a change affects: the comparison of the synth output of a base and a head. */
export interface AffectedStacks {
  /** The stacks to plan, in the head's manifest order. */
  readonly affected: readonly AffectedStack[];
  /** Stacks of the head whose Terraform JSON is the same as the base's, upstream included. */
  readonly unchanged: readonly string[];
  /** Stacks of the base that the head no longer has: removing a stack's code leaves its resources in AWS. */
  readonly removed: readonly string[];
  /** Unchanged stacks whose files differ in `//` comments only (empty when synth is byte-identical). */
  readonly commentsOnly: readonly string[];
}

/**
 * Compares two synth outputs: a stack is affected when its cdk.tf.json differs from the base's
 * (ignoring `//` comment keys, which Terraform ignores: cdktf's construct paths and metadata), when
 * the base has no such stack, or when a stack it depends on, directly or not, is affected.
 */
export function compareSynthOutputs(baseOutdir: string, headOutdir: string): AffectedStacks {
  const base = new Map(readSynthesizedStacks(baseOutdir).map((s) => [s.name, s]));
  const head = readSynthesizedStacks(headOutdir);
  const direct = new Map<string, string>();
  const commentsOnly: string[] = [];
  for (const stack of head) {
    const before = base.get(stack.name);
    const sameness = before ? compareStackFiles(stackFile(before), stackFile(stack)) : 'different';
    if (!before) direct.set(stack.name, 'new stack');
    else if (sameness === 'different') direct.set(stack.name, 'its Terraform JSON changed');
    else if (sameness === 'comments') commentsOnly.push(stack.name);
  }
  return {
    ...withDependents(head, direct),
    removed: [...base.keys()].filter((name) => !head.some((s) => s.name === name)),
    commentsOnly,
  };
}

/** Every stack of a synth output, for when the base cannot be compared (every stack is then planned). */
export function allStacksAffected(headOutdir: string, reason: string): AffectedStacks {
  const head = readSynthesizedStacks(headOutdir);
  return { affected: head.map((s) => ({ stack: s.name, reason })), unchanged: [], removed: [], commentsOnly: [] };
}

/** The directly changed stacks and, through the head's graph, every stack downstream of them. */
function withDependents(
  head: readonly SynthesizedStack[],
  direct: ReadonlyMap<string, string>,
): Pick<AffectedStacks, 'affected' | 'unchanged'> {
  const reasons = new Map(direct);
  let grew = true;
  while (grew) {
    grew = false;
    for (const stack of head) {
      if (reasons.has(stack.name)) continue;
      const upstream = stack.dependencies.filter((d) => reasons.has(d));
      if (upstream.length > 0) {
        reasons.set(stack.name, `upstream ${upstream.join(', ')} ${upstream.length === 1 ? 'is' : 'are'} affected`);
        grew = true;
      }
    }
  }
  return {
    affected: head.filter((s) => reasons.has(s.name)).map((s) => ({ stack: s.name, reason: reasons.get(s.name)! })),
    unchanged: head.filter((s) => !reasons.has(s.name)).map((s) => s.name),
  };
}

function stackFile(stack: SynthesizedStack): string {
  return path.join(stack.directory, 'cdk.tf.json');
}

/** Byte-identical, the same once `//` comments are left out, or different. */
function compareStackFiles(baseFile: string, headFile: string): 'identical' | 'comments' | 'different' {
  const [a, b] = [fs.readFileSync(baseFile), fs.readFileSync(headFile)];
  if (a.equals(b)) return 'identical';
  const same =
    JSON.stringify(withoutComments(JSON.parse(a.toString('utf8')))) ===
    JSON.stringify(withoutComments(JSON.parse(b.toString('utf8'))));
  return same ? 'comments' : 'different';
}

/**
 * Drops `//` keys where Terraform's JSON syntax reads them as comments and cdktf writes them: the
 * top level and each resource and data source body. A `//` key inside an attribute value (a map)
 * is data, and kept.
 */
function withoutComments(stack: Record<string, unknown>): unknown {
  const rest = withoutCommentKey(stack);
  for (const blockType of ['resource', 'data']) {
    const byType = rest[blockType] as Record<string, Record<string, Record<string, unknown>>> | undefined;
    if (!byType) continue;
    rest[blockType] = Object.fromEntries(
      Object.entries(byType).map(([type, byName]) => [
        type,
        Object.fromEntries(Object.entries(byName).map(([name, body]) => [name, withoutCommentKey(body)])),
      ]),
    );
  }
  return canonical(rest);
}

function withoutCommentKey(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== '//'));
}

/** Keys sorted at every level, so two equal documents stringify the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

const affectedStacksSchema = z.looseObject({
  affected: z.array(z.looseObject({ stack: z.string().min(1), reason: z.string() })),
  unchanged: z.array(z.string()),
  removed: z.array(z.string()),
  comments_only: z.array(z.string()).default([]),
});

/** Reads the JSON that `npm run affected -- --json <file>` writes. */
export function readAffectedStacks(file: string, displayRoot: string = process.cwd()): AffectedStacks {
  const source = JsonSource.read(file, displayRoot);
  const result = affectedStacksSchema.safeParse(source.value, { reportInput: true });
  if (result.success)
    return {
      affected: result.data.affected,
      unchanged: result.data.unchanged,
      removed: result.data.removed,
      commentsOnly: result.data.comments_only,
    };
  throw new ConfigError(
    problemsFromZod(result.error.issues, affectedStacksSchema, (jsonPath, found, allowed) => ({
      file: source.display,
      jsonPath: formatJsonPath(jsonPath),
      ...(source.locate(jsonPath) ?? {}),
      found,
      allowed,
    })),
  );
}
