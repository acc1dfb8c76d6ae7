import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { Command } from 'commander';
import { buildEnvironmentStacks, loadConfiguration, MODULE_OUTPUTS, type Module, STACK_GRAPH } from '../main';
import { ConfigError } from '../lib/configuration/config-error';
import { StackDependency } from '../lib/deployment/stack-dependency';
import { replaceGeneratedSections } from '../lib/documentation/generated-sections';
import { type OutputReaders, renderOutputsTable } from '../lib/documentation/outputs-table';
import { graphOfModules, renderMermaid } from '../lib/orchestration/stack-graph';

/**
 * docs/stacks.md's generated sections, as terraform-docs writes a module's tables: the stack graph
 * from STACK_GRAPH, and each module's outputs from its output contract, with the modules that read
 * them in the shipped configuration.
 *
 *   npm run docs:stacks            rewrites the sections
 *   npm run docs:stacks -- --check exits 1 when the page is out of date
 */
const PROJECT_ROOT = path.resolve(__dirname, '..');
const PAGE = path.join(PROJECT_ROOT, 'docs', 'stacks.md');

/** Module -> the modules that read its outputs, and which, in every environment of the configuration. */
function outputReaders(configRoot: string): Record<Module, Record<string, string[]>> {
  const readers = Object.fromEntries(Object.keys(STACK_GRAPH).map((m) => [m, {}])) as Record<
    Module,
    Record<string, string[]>
  >;
  const app = new App({ stackTraces: false });
  for (const environment of loadConfiguration({ root: configRoot }).environments) {
    // Built, never synthesized: nothing is written, no AWS is called.
    buildEnvironmentStacks(app, environment, { mode: 'offline' });
  }
  for (const dependency of app.node.findAll().filter((c) => c instanceof StackDependency)) {
    const read = dependency as StackDependency<never, never>;
    const byModule = readers[read.upstream.module as Module];
    const dependent = (read.node.scope as { module?: string }).module!;
    byModule[dependent] = [...new Set([...(byModule[dependent] ?? []), ...(read.outputs as readonly string[])])];
  }
  return readers;
}

/** The page with its generated sections brought up to date. */
export function renderStackReference(page: string, configRoot: string = PROJECT_ROOT): string {
  const readers = outputReaders(configRoot);
  const sections: Record<string, string> = {
    'stack graph': ['```mermaid', renderMermaid(graphOfModules(STACK_GRAPH)).trimEnd(), '```'].join('\n'),
  };
  for (const module of Object.keys(STACK_GRAPH) as Module[]) {
    sections[`${module} outputs`] = renderOutputsTable(MODULE_OUTPUTS[module], readers[module] as OutputReaders);
  }
  return replaceGeneratedSections(page, sections, path.relative(PROJECT_ROOT, PAGE));
}

function main(): number {
  const program = new Command('docs:stacks')
    .description("Writes docs/stacks.md's generated sections: the stack graph and every stack's outputs.")
    .option('--check', 'change nothing; exit 1 when the page is out of date')
    .parse(process.argv);
  const current = fs.readFileSync(PAGE, 'utf8');
  const next = renderStackReference(current);
  if (program.opts().check) {
    if (next === current) return 0;
    process.stderr.write('docs/stacks.md is out of date: run `npm run docs:stacks`\n');
    return 1;
  }
  if (next !== current) fs.writeFileSync(PAGE, next);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error:\n${error.message}\n`);
    process.exitCode = 1;
  }
}
