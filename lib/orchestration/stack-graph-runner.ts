import { PGraph } from 'p-graph';

/** A node of the stack graph. */
export interface GraphNode {
  /** Stack name. */
  readonly name: string;
  /** Stacks that must finish first; those outside the run are ignored. */
  readonly dependencies: readonly string[];
}

/** How a stack's task ended. */
export type TaskOutcome<R> =
  | { readonly status: 'succeeded'; readonly result: R; readonly durationMs: number }
  | { readonly status: 'failed'; readonly error: unknown; readonly durationMs: number }
  | { readonly status: 'skipped'; readonly reason: string };

/** How to walk the graph. */
export interface GraphRunOptions {
  /** Tasks running at once. */
  readonly parallelism: number;
  /** Walk dependents first (destroy). */
  readonly reverse?: boolean;
  /** After a failure, start nothing new; running tasks finish (they may be applying). */
  readonly failFast: boolean;
  /** Called when a task starts. */
  readonly onStart?: (name: string) => void;
  /** Called when a task ends or is skipped. */
  readonly onOutcome?: (name: string, outcome: TaskOutcome<unknown>) => void;
}

/**
 * Runs `task` for every node, each after its dependencies (before them with `reverse`),
 * independent nodes in parallel. A failure skips everything that depends on the failed node and
 * nothing else, unless `failFast` stops the run.
 */
export async function runStackGraph<R>(
  nodes: readonly GraphNode[],
  task: (name: string) => Promise<R>,
  options: GraphRunOptions,
): Promise<Map<string, TaskOutcome<R>>> {
  const names = new Set(nodes.map((n) => n.name));
  const edges: [string, string][] = [];
  for (const node of nodes) {
    for (const dependency of node.dependencies.filter((d) => names.has(d)))
      edges.push(options.reverse ? [node.name, dependency] : [dependency, node.name]);
  }
  const outcomes = new Map<string, TaskOutcome<R>>();
  let stopped = false;
  const record = (name: string, outcome: TaskOutcome<R>): void => {
    outcomes.set(name, outcome);
    options.onOutcome?.(name, outcome);
  };
  const running = new Set<Promise<unknown>>();
  const graph = new PGraph(new Map(nodes.map((n) => [n.name, {}])), edges);
  const run = async (name: string): Promise<void> => {
    if (stopped) {
      record(name, { status: 'skipped', reason: 'stopped after a failure (fail-fast)' });
      return;
    }
    options.onStart?.(name);
    const started = performance.now();
    const attempt = task(name);
    running.add(attempt);
    try {
      record(name, { status: 'succeeded', result: await attempt, durationMs: performance.now() - started });
    } catch (error) {
      record(name, { status: 'failed', error, durationMs: performance.now() - started });
      if (options.failFast) stopped = true;
      throw error;
    } finally {
      running.delete(attempt);
    }
  };
  try {
    await graph.run({ run, concurrency: Math.max(1, options.parallelism), continue: true });
  } catch {
    // Failures are in `outcomes`; p-graph has already skipped the failed nodes' dependents.
  }
  await Promise.allSettled([...running]);
  for (const node of nodes) {
    if (!outcomes.has(node.name)) {
      const blocker = [
        ...(options.reverse
          ? nodes.filter((n) => n.dependencies.includes(node.name)).map((n) => n.name)
          : node.dependencies),
      ].find((d) => outcomes.get(d)?.status !== 'succeeded' && names.has(d));
      record(node.name, { status: 'skipped', reason: `${blocker ?? 'an earlier stack'} did not succeed` });
    }
  }
  return outcomes;
}
