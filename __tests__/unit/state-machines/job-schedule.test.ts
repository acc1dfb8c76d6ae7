import type { State, StateMachineDefinition } from '../../../lib/state-machines/asl';
import { aslProblems } from '../../../lib/state-machines/asl-validation';
import {
  jobScheduleDefinition,
  type JobScheduleProps,
  planSchedule,
  type ScheduledJob,
} from '../../../lib/state-machines/job-schedule';

const QUEUE = 'arn:aws:batch:eu-west-1:111111111111:job-queue/scheduler';
const job = (name: string, dependsOn: string[] = [], extra: Partial<ScheduledJob> = {}): [string, ScheduledJob] => [
  name,
  {
    submission: {
      jobName: name,
      jobQueueArn: QUEUE,
      jobDefinitionArn: `arn:aws:batch:eu-west-1:111111111111:job-definition/${name}`,
      attempts: 1,
    },
    dependsOn,
    skip: false,
    ...extra,
  },
];
const schedule = (...jobs: [string, ScheduledJob][]): JobScheduleProps => ({
  jobs: Object.fromEntries(jobs),
  batchRetry: { intervalSeconds: 30, maxAttempts: 2, backoffRate: 2 },
});

/**
 * For every state, the states that have certainly ended before it starts, read from the
 * definition as Step Functions runs it: a chain runs in order, a Parallel state ends when all of
 * its branches have.
 */
function endedBefore(definition: StateMachineDefinition): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>();
  const run = (branch: StateMachineDefinition, ended: Set<string>): Set<string> => {
    let done = new Set(ended);
    for (let name: string | undefined = branch.StartAt; name !== undefined;) {
      const state: State = branch.States[name]!;
      before.set(name, new Set(done));
      if (state.Type === 'Parallel') {
        const after = new Set(done);
        for (const inner of state.Branches!) run(inner, done).forEach((s) => after.add(s));
        done = after;
      }
      done.add(name);
      name = state.Next;
    }
    return done;
  };
  run(definition, new Set());
  return before;
}

/** Every job a job depends on, directly or not. */
function transitiveDependencies(
  jobs: Record<string, readonly string[]>,
  name: string,
  seen = new Set<string>(),
): Set<string> {
  for (const d of jobs[name]!)
    if (!seen.has(d)) {
      seen.add(d);
      transitiveDependencies(jobs, d, seen);
    }
  return seen;
}

function jobsEndedBefore(definition: StateMachineDefinition, jobNames: readonly string[], name: string): string[] {
  return [...endedBefore(definition).get(name)!].filter((s) => jobNames.includes(s)).sort();
}

describe('the job schedule definition (seed 003)', () => {
  const diamond = schedule(
    job('extract'),
    job('clean', ['extract']),
    job('enrich', ['extract']),
    job('load', ['clean', 'enrich']),
    job('archive'),
  );
  const definition = jobScheduleDefinition(diamond);

  test('is valid Amazon States Language', () => {
    expect(aslProblems(definition)).toEqual([]);
  });

  test('runs independent jobs in parallel branches and each job after its dependencies', () => {
    expect(definition.StartAt).toBe('Parallel 1');
    const top = definition.States['Parallel 1']!;
    expect(top.Type).toBe('Parallel');
    // archive shares nothing with the other four: it runs beside all of them.
    expect(top.Branches!.map((b) => b.StartAt)).toEqual(['extract', 'archive']);
    const main = top.Branches![0]!;
    expect(main.States.extract!.Next).toBe('Parallel 2');
    expect(main.States['Parallel 2']!.Branches!.map((b) => b.StartAt)).toEqual(['clean', 'enrich']);
    expect(main.States['Parallel 2']!.Next).toBe('load');
    expect(main.States.load!.End).toBe(true);
  });

  test('each job waits for exactly its dependencies when the graph is series-parallel', () => {
    const names = Object.keys(diamond.jobs);
    const graph = Object.fromEntries(Object.entries(diamond.jobs).map(([n, j]) => [n, j.dependsOn]));
    for (const name of names)
      expect(jobsEndedBefore(definition, names, name)).toEqual([...transitiveDependencies(graph, name)].sort());
  });

  test('in a graph that is not series-parallel, every job still waits for all of its dependencies', () => {
    // A -> C, B -> C, B -> D: no nesting of Parallel states lets D wait for B alone.
    const n = jobScheduleDefinition(schedule(job('A'), job('B'), job('C', ['A', 'B']), job('D', ['B'])));
    expect(aslProblems(n)).toEqual([]);
    expect(jobsEndedBefore(n, ['A', 'B', 'C', 'D'], 'C')).toEqual(['A', 'B']);
    expect(jobsEndedBefore(n, ['A', 'B', 'C', 'D'], 'D')).toEqual(expect.arrayContaining(['B']));
  });

  test('random graphs: every job after all its dependencies, never after a job that depends on it, valid ASL', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 40; round++) {
      const size = 1 + Math.floor(random() * 9);
      const names = Array.from({ length: size }, (_, i) => `job${i}`);
      const graph = Object.fromEntries(names.map((name, i) => [name, names.slice(0, i).filter(() => random() < 0.3)]));
      const generated = jobScheduleDefinition(schedule(...names.map((name) => job(name, graph[name]))));
      // The validator takes about half a second a call: a few rounds show the shapes are valid.
      if (round < 3) expect(aslProblems(generated)).toEqual([]);
      for (const name of names) {
        const ended = new Set(jobsEndedBefore(generated, names, name));
        for (const dependency of transitiveDependencies(graph, name)) expect(ended).toContain(dependency);
        for (const other of names.filter((o) => transitiveDependencies(graph, o).has(name)))
          expect(ended).not.toContain(other);
      }
    }
  });

  test('every job waits for its Batch job, discards the result, retries its own errors, and catches nothing', () => {
    const withRetry = jobScheduleDefinition(
      schedule(
        job('extract', [], {
          retry: { errors: ['States.TaskFailed'], intervalSeconds: 60, maxAttempts: 2, backoffRate: 2 },
        }),
      ),
    );
    const task = withRetry.States.extract!;
    expect(task).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      ResultPath: null,
      End: true,
    });
    expect(task.Parameters).toMatchObject({ JobName: 'extract', JobQueue: QUEUE, RetryStrategy: { Attempts: 1 } });
    expect(task.Retry).toEqual([
      {
        ErrorEquals: ['Batch.AWSBatchException', 'Batch.ServerException'],
        IntervalSeconds: 30,
        MaxAttempts: 2,
        BackoffRate: 2,
      },
      { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 60, MaxAttempts: 2, BackoffRate: 2 },
    ]);
    // A caught failure would end the execution in success or at a Fail state: redrive would have nothing to restart.
    const all = JSON.stringify(definition);
    expect(all).not.toContain('"Catch"');
    expect(all).not.toContain('"Fail"');
  });

  test('a skipped job is a Pass state, and the jobs after it still run after it', () => {
    const skipped = jobScheduleDefinition(
      schedule(job('extract'), job('clean', ['extract'], { skip: true }), job('load', ['clean'])),
    );
    expect(aslProblems(skipped)).toEqual([]);
    expect(skipped.States.clean).toMatchObject({ Type: 'Pass', Next: 'load' });
    expect(skipped.States.clean).not.toHaveProperty('Resource');
    expect(skipped.States.extract!.Next).toBe('clean');
  });

  test('the plan of a chain is a sequence, of independent jobs a parallel', () => {
    expect(planSchedule({ a: [], b: ['a'], c: ['b'] })).toEqual({
      kind: 'sequence',
      steps: [
        { kind: 'job', job: 'a' },
        { kind: 'job', job: 'b' },
        { kind: 'job', job: 'c' },
      ],
    });
    expect(planSchedule({ a: [], b: [] })).toEqual({
      kind: 'parallel',
      branches: [
        { kind: 'job', job: 'a' },
        { kind: 'job', job: 'b' },
      ],
    });
    expect(planSchedule({ a: [] })).toEqual({ kind: 'job', job: 'a' });
  });

  test('is deterministic: the same schedule gives the same definition', () => {
    expect(JSON.stringify(jobScheduleDefinition(diamond))).toBe(JSON.stringify(definition));
  });
});
