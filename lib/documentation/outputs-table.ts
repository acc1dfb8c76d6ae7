import type { OutputContract } from '../deployment/stack-outputs';

/** Who reads an output: dependent module -> output names it reads from this module. */
export type OutputReaders = Readonly<Record<string, readonly string[]>>;

/**
 * A module's outputs as a Markdown table, from its output contract: the names, their kind
 * (string, list, map), their descriptions, and the modules that read each through remote state.
 */
export function renderOutputsTable(contract: OutputContract, readers: OutputReaders): string {
  const rows = Object.entries(contract).map(([name, output]) => {
    const readBy = Object.entries(readers)
      .filter(([, outputs]) => outputs.includes(name))
      .map(([module]) => `\`${module}\``)
      .sort();
    return `| \`${name}\` | ${output.kind} | ${escapeCell(output.description)} | ${readBy.join(', ') || '-'} |`;
  });
  return ['| output | kind | description | read by |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
