import { type PlanReview, type StackReview, stackChanges } from './plan-review';

/** How a stack is drawn: the worst thing its plan does, or why it has none. */
type NodeClass = 'destroys' | 'changes' | 'unchanged' | 'missing' | 'skipped';

const CLASS_STYLES: Readonly<Record<NodeClass, string>> = {
  destroys: 'fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#1f2328',
  changes: 'fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  unchanged: 'fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  missing: 'fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3,color:#1f2328',
  skipped: 'fill:#f6f8fa,stroke:#8c959f,color:#59636e',
};

/**
 * A Mermaid flowchart of the environments that have a planned or missing stack: one subgraph per
 * environment, every stack of it, an arrow from each stack to the stacks that read its outputs.
 * Red: destroys or replaces; yellow: other changes; green: planned, no changes; grey: not planned.
 */
export function affectedStacksDiagram(review: PlanReview): string | undefined {
  const shown = review.environments.filter((env) =>
    review.stacks.some((s) => s.environment === env && (s.status === 'planned' || s.status === 'missing')),
  );
  if (shown.length === 0) return undefined;
  const lines = ['flowchart LR'];
  const used = new Set<NodeClass>();
  for (const environment of shown) {
    const stacks = review.stacks.filter((s) => s.environment === environment);
    lines.push(`  subgraph ${nodeId(`env ${environment}`)}["${environment}"]`, '    direction LR');
    for (const stack of stacks) {
      const nodeClass = classOf(stack);
      used.add(nodeClass);
      lines.push(`    ${nodeId(stack.name)}["${label(stack)}"]:::${nodeClass}`);
    }
    lines.push('  end');
    for (const stack of stacks) {
      for (const dependency of stack.dependencies)
        if (stacks.some((s) => s.name === dependency)) lines.push(`  ${nodeId(dependency)} --> ${nodeId(stack.name)}`);
    }
  }
  for (const nodeClass of Object.keys(CLASS_STYLES) as NodeClass[])
    if (used.has(nodeClass)) lines.push(`  classDef ${nodeClass} ${CLASS_STYLES[nodeClass]}`);
  return lines.join('\n');
}

function classOf(stack: StackReview): NodeClass {
  if (stack.status === 'missing') return 'missing';
  if (stack.status !== 'planned') return 'skipped';
  if (stack.counts.destroy + stack.counts.replace > 0) return 'destroys';
  return stackChanges(stack) ? 'changes' : 'unchanged';
}

function label(stack: StackReview): string {
  const name = stack.provisional !== undefined ? `${stack.name} (provisional)` : stack.name;
  switch (stack.status) {
    case 'missing':
      return `${name}<br/>no plan`;
    case 'unaffected':
    case 'not planned':
      return `${name}<br/>not planned`;
    case 'planned': {
      const c = stack.counts;
      const parts = [
        c.create > 0 ? `+${c.create}` : '',
        c.update > 0 ? `~${c.update}` : '',
        c.replace > 0 ? `±${c.replace}` : '',
        c.destroy > 0 ? `-${c.destroy}` : '',
        c.move > 0 ? `→${c.move}` : '',
        c.import > 0 ? `⇐${c.import}` : '',
      ].filter((p) => p !== '');
      const what = parts.length > 0 ? parts.join(' ') : stack.outputChanges > 0 ? 'outputs only' : 'no changes';
      return `${name}<br/>${what}`;
    }
  }
}

/** Mermaid node ids: letters, digits and underscores. */
function nodeId(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_');
}
