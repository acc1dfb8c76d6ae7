import { runStackGraph, type TaskOutcome } from '../../../lib/orchestration/stack-graph-runner';

const graph = [
  { name: 'iam', dependencies: [] },
  { name: 'security-group', dependencies: [] },
  { name: 'sqs', dependencies: [] },
  { name: 'batch', dependencies: ['iam', 'security-group', 'sqs'] },
  { name: 'step-function', dependencies: ['iam', 'batch'] },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the graph with a task that records start and end order and fails for `failing`. */
async function run(options: { reverse?: boolean; failFast?: boolean; parallelism?: number; failing?: string[] }) {
  const events: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const outcomes = await runStackGraph(
    graph,
    async (name) => {
      events.push(`start ${name}`);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(20);
      running--;
      events.push(`end ${name}`);
      if (options.failing?.includes(name)) throw new Error(`${name} broke`);
      return name.length;
    },
    { parallelism: options.parallelism ?? 2, reverse: options.reverse ?? false, failFast: options.failFast ?? false },
  );
  return { events, outcomes, maxRunning };
}

const statuses = (outcomes: Map<string, TaskOutcome<number>>) =>
  Object.fromEntries([...outcomes].map(([n, o]) => [n, o.status]));

describe('running a command over the stack graph', () => {
  test('each stack starts after its dependencies end, independent stacks run in parallel up to the limit', async () => {
    const { events, maxRunning } = await run({ parallelism: 2 });
    const at = (event: string) => events.indexOf(event);
    expect(at('start batch')).toBeGreaterThan(Math.max(at('end iam'), at('end security-group'), at('end sqs')));
    expect(at('start step-function')).toBeGreaterThan(at('end batch'));
    expect(maxRunning).toBe(2);
  });

  test('reverse order for destroy: dependents first', async () => {
    const { events } = await run({ reverse: true, parallelism: 3 });
    expect(events.indexOf('start batch')).toBeGreaterThan(events.indexOf('end step-function'));
    expect(events.indexOf('start iam')).toBeGreaterThan(events.indexOf('end batch'));
    expect(events.indexOf('start sqs')).toBeGreaterThan(events.indexOf('end batch'));
  });

  test('a failed stack stops its dependents, not its neighbours', async () => {
    const { outcomes } = await run({ failing: ['sqs'] });
    expect(statuses(outcomes)).toEqual({
      iam: 'succeeded',
      'security-group': 'succeeded',
      sqs: 'failed',
      batch: 'skipped',
      'step-function': 'skipped',
    });
    expect(outcomes.get('batch')).toMatchObject({ reason: 'sqs did not succeed' });
  });

  test('fail-fast starts nothing new after a failure but lets running stacks finish', async () => {
    const { outcomes, events } = await run({ failing: ['iam'], failFast: true, parallelism: 2 });
    expect(outcomes.get('iam')!.status).toBe('failed');
    // iam ran beside one of the two other independent stacks; that one finished, the last never started.
    const neighbours = ['security-group', 'sqs'].map((name) => outcomes.get(name)!.status).sort();
    expect(neighbours).toEqual(['skipped', 'succeeded']);
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(2);
    expect(outcomes.get('batch')!.status).toBe('skipped');
  });

  test('a stack whose dependency is not in the run does not wait for it', async () => {
    const outcomes = await runStackGraph([{ name: 'batch', dependencies: ['iam'] }], async () => 1, {
      parallelism: 1,
      failFast: false,
    });
    expect(outcomes.get('batch')!.status).toBe('succeeded');
  });
});
