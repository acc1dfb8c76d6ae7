import type { PlatformStack } from '../deployment/platform-stack';
import { StackDependency } from '../deployment/stack-dependency';
import { UsageError } from '../deployment/synth-target';

/** One stack of the graph and the stacks whose outputs it reads. */
export interface StackGraphNode {
  /** Stack (or module) name. */
  readonly name: string;
  /** Upstream stacks, in declaration order. */
  readonly dependencies: readonly string[];
  /** The outputs read from each upstream, when known. */
  readonly reads?: Readonly<Record<string, readonly string[]>>;
}

/** The graph of modules STACK_GRAPH declares, or of one environment's stacks (`<environment>-<module>`). */
export function graphOfModules(
  modules: Readonly<Record<string, readonly string[]>>,
  environment?: string,
): StackGraphNode[] {
  const name = (module: string): string => (environment ? `${environment}-${module}` : module);
  return Object.entries(modules).map(([module, dependencies]) => ({
    name: name(module),
    dependencies: dependencies.map(name),
  }));
}

/**
 * The run order: levels of stacks, each level depending only on earlier ones, so a level's stacks
 * can run in parallel. Throws on an unknown dependency or a cycle.
 */
export function executionLevels(nodes: readonly StackGraphNode[]): string[][] {
  const names = new Set(nodes.map((n) => n.name));
  for (const node of nodes) {
    const unknown = node.dependencies.filter((d) => !names.has(d));
    if (unknown.length > 0)
      throw new UsageError(`${node.name} depends on ${unknown.join(', ')}, which is not in the graph`);
  }
  const levels: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < nodes.length) {
    const level = nodes
      .filter((n) => !placed.has(n.name) && n.dependencies.every((d) => placed.has(d)))
      .map((n) => n.name);
    if (level.length === 0) {
      const cycle = nodes.filter((n) => !placed.has(n.name)).map((n) => n.name);
      throw new UsageError(`the stack graph has a cycle among ${cycle.join(', ')}`);
    }
    level.forEach((name) => placed.add(name));
    levels.push(level);
  }
  return levels;
}

/** The graph as text: the run order by level, then what each stack reads from which upstream. */
export function renderText(nodes: readonly StackGraphNode[]): string {
  const lines = [
    'Run order (apply, plan, validate: level by level; the stacks of a level run in parallel; destroy: bottom up):',
  ];
  executionLevels(nodes).forEach((level, i) => lines.push(`  ${i + 1}. ${level.join(', ')}`));
  lines.push('', 'Dependencies (stack <- upstream stacks whose outputs it reads):');
  for (const node of nodes) {
    if (node.dependencies.length === 0) {
      lines.push(`  ${node.name} <- (none)`);
      continue;
    }
    if (!node.reads) {
      lines.push(`  ${node.name} <- ${node.dependencies.join(', ')}`);
      continue;
    }
    lines.push(`  ${node.name} <-`);
    for (const upstream of node.dependencies)
      lines.push(`    ${upstream}: ${(node.reads[upstream] ?? []).join(', ') || '(no outputs)'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The graph as a Mermaid flowchart, left to right; docs/stacks.md embeds it. */
export function renderMermaid(nodes: readonly StackGraphNode[]): string {
  const lines = ['graph LR'];
  // Mermaid ids cannot hold dashes safely (`--` is an edge); the label keeps the real name.
  for (const node of nodes) lines.push(`  ${mermaidId(node.name)}["${node.name}"]`);
  for (const node of nodes)
    for (const upstream of node.dependencies) lines.push(`  ${mermaidId(upstream)} --> ${mermaidId(node.name)}`);
  return `${lines.join('\n')}\n`;
}

/** The graph in Graphviz DOT, as `terragrunt dag graph` prints it (an edge points at the upstream). */
export function renderDot(nodes: readonly StackGraphNode[]): string {
  const lines = ['digraph {'];
  for (const node of nodes) {
    lines.push(`  "${node.name}" ;`);
    for (const upstream of node.dependencies) lines.push(`  "${node.name}" -> "${upstream}";`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The graph of built stacks, with the outputs each reads through its StackDependency constructs. */
export function graphOfStacks(stacks: readonly PlatformStack[]): StackGraphNode[] {
  return stacks.map((stack) => {
    const reads: Record<string, string[]> = {};
    for (const construct of stack.node.findAll()) {
      if (construct instanceof StackDependency) reads[construct.upstream.node.id] = [...construct.outputs].sort();
    }
    const dependencies = stack.dependencies.map((d) => (d as PlatformStack).node.id);
    return { name: stack.node.id, dependencies, reads };
  });
}
