import * as path from 'path';
import { App } from 'cdktf';
import { Command, Option } from 'commander';
import { buildEnvironmentStacks, loadConfiguration, STACK_GRAPH } from '../main';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import {
  graphOfModules,
  graphOfStacks,
  renderDot,
  renderMermaid,
  renderText,
  type StackGraphNode,
} from '../lib/orchestration/stack-graph';

/** Options of `npm run graph`. */
interface GraphCliOptions {
  readonly env?: string;
  readonly format: 'text' | 'mermaid' | 'dot';
  readonly configRoot?: string;
}

const projectRoot = path.resolve(__dirname, '..');

/** The modules of STACK_GRAPH, or one environment's stacks built from its configuration and what each reads. */
function graph(options: GraphCliOptions): StackGraphNode[] {
  if (!options.env) return graphOfModules(STACK_GRAPH);
  const config = loadConfiguration({
    root: options.configRoot ? path.resolve(options.configRoot) : projectRoot,
    environments: [options.env],
  });
  // Built, never synthesized: nothing is written, no AWS is called.
  const stacks = buildEnvironmentStacks(new App({ stackTraces: false }), config.environments[0]!, { mode: 'offline' });
  return graphOfStacks(Object.values(stacks));
}

const program = new Command('graph')
  .description(
    'Prints the stack graph, like `terragrunt dag graph`: ' +
      'the run order, and what each stack reads from which upstream.',
  )
  .option('-e, --env <name>', "one environment's stacks, with the outputs each reads (default: the modules)")
  .addOption(
    new Option('-f, --format <format>', 'text, mermaid (the README embeds it) or dot (Graphviz)')
      .choices(['text', 'mermaid', 'dot'])
      .default('text'),
  )
  .option('--config-root <dir>', "folder holding config/ and batch-json/ (default: the project's own)")
  .action((options: GraphCliOptions) => {
    const nodes = graph(options);
    const render = { text: renderText, mermaid: renderMermaid, dot: renderDot }[options.format];
    process.stdout.write(render(nodes));
  });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error:\n${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
}
