/** A dependency graph: each name (a scheduled job, a container of a task) and the names it waits for. */
export type JobDependencies = Readonly<Record<string, readonly string[]>>;

/**
 * A cycle of the graph, as the jobs along it with the first repeated at the end
 * (`["load", "transform", "load"]`), or undefined when there is none. Dependencies on jobs the
 * graph does not hold are ignored. Deterministic: jobs and dependencies are visited in order.
 */
export function findCycle(graph: JobDependencies): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (job: string): string[] | undefined => {
    if (onPath.has(job)) return [...path.slice(path.indexOf(job)), job];
    if (done.has(job)) return undefined;
    path.push(job);
    onPath.add(job);
    for (const dependency of graph[job]!.filter((d) => d in graph)) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(job);
    done.add(job);
    return undefined;
  };
  for (const job of Object.keys(graph)) {
    const cycle = visit(job);
    if (cycle) return cycle;
  }
  return undefined;
}
