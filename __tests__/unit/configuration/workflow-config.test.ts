import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import { ConfigFixture } from '../../support/config-fixture';
import { shareEveryWorkflow } from '../../support/fair-share';
import { parsed, synthEnvironment } from '../../support/synth-helpers';
import type { EditedJson } from './loading';

/**
 * The only problem of the fixture's dev environment after `edit` changes config/defaults.json (and `prepare`
 * the rest).
 */
function onlyProblem(
  edit: (defaults: EditedJson) => void,
  prepare: (fixture: ConfigFixture) => void = () => undefined,
): ConfigProblem {
  const fixture = ConfigFixture.copy().editJson('config/defaults.json', edit);
  prepare(fixture);
  try {
    loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root } as never);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.problems).toHaveLength(1);
    const problem = error.problems[0]!;
    expect(problem).toMatchObject({ file: 'config/defaults.json', line: expect.any(Number) });
    return problem;
  } finally {
    fixture.dispose();
  }
  throw new Error('the configuration loaded, but it should have been rejected');
}

const machines = (d: EditedJson): EditedJson => d.step_functions.state_machines;
const SCHEDULE = '$.step_functions.state_machines.nightly_schedule';

describe('bad workflow configuration is rejected with the JSON path, what was found and what is allowed', () => {
  test('an unknown pattern lists the patterns', () => {
    expect(
      onlyProblem((d) => {
        machines(d).batch_group.pattern = 'batch_grup';
      }),
    ).toMatchObject({
      jsonPath: '$.step_functions.state_machines.batch_group.pattern',
      found: '"batch_grup"',
      allowed: 'one of "hybrid_router", "batch_group", "job_schedule", "array_job"',
    });
  });

  describe('job schedules', () => {
    test('a dependency on a job the schedule does not have', () => {
      expect(
        onlyProblem((d) => {
          machines(d).nightly_schedule.jobs.process_orders.depends_on = ['validate_incomming'];
        }),
      ).toMatchObject({
        jsonPath: `${SCHEDULE}.jobs.process_orders.depends_on[0]`,
        found: '"validate_incomming"',
        allowed: expect.stringContaining(
          'the name of a job of this schedule: validate_incoming, process_customers, reconcile',
        ),
      });
    });

    test('a cycle, with the jobs along it', () => {
      const problem = onlyProblem((d) => {
        machines(d).nightly_schedule.jobs.validate_incoming.depends_on = ['reconcile'];
      });
      expect(problem).toMatchObject({
        jsonPath: `${SCHEDULE}.jobs.validate_incoming.depends_on[0]`,
        found: '"reconcile"',
      });
      expect(problem.allowed).toBe(
        'dependencies without a cycle (validate_incoming depends on reconcile, reconcile depends on ' +
          'process_orders, process_orders depends on validate_incoming): a schedule is a graph without ' +
          'cycles',
      );
    });

    test('a job that depends on itself', () => {
      expect(
        onlyProblem((d) => {
          machines(d).nightly_schedule.jobs.reconcile.depends_on.push('reconcile');
        }),
      ).toMatchObject({
        jsonPath: `${SCHEDULE}.jobs.reconcile.depends_on[2]`,
        allowed: 'another job of the schedule: a job cannot depend on itself',
      });
    });

    test('a job definition or queue that batch-json does not define', () => {
      expect(
        onlyProblem((d) => {
          machines(d).nightly_schedule.jobs.process_customers.job_definition = '{prefix}-batch-procesing';
        }),
      ).toMatchObject({
        jsonPath: `${SCHEDULE}.jobs.process_customers.job_definition`,
        found: '"gss-dev-batch-procesing"',
        allowed: expect.stringContaining('gss-dev-batch-processing'),
      });
      expect(
        onlyProblem((d) => {
          machines(d).nightly_schedule.jobs.reconcile.job_queue = 'elsewhere';
        }),
      ).toMatchObject({ jsonPath: `${SCHEDULE}.jobs.reconcile.job_queue`, found: '"elsewhere"' });
    });

    test('a job name that cannot be a state name', () => {
      expect(
        onlyProblem((d) => {
          machines(d).nightly_schedule.jobs['process orders!'] = { job_definition: '{prefix}-batch-processing' };
        }),
      ).toMatchObject({
        jsonPath: `${SCHEDULE}.jobs["process orders!"]`,
        allowed: expect.stringContaining('a job name: up to 80 letters'),
      });
    });
  });

  describe('array jobs', () => {
    test('a size from configuration and from the input at once, or neither', () => {
      expect(
        onlyProblem((d) => {
          machines(d).array_fanout.array_size = 4;
        }),
      ).toMatchObject({
        jsonPath: '$.step_functions.state_machines.array_fanout.array_size_path',
        allowed: 'exactly one of array_size (a fixed size) and array_size_path (the size from the input)',
      });
      expect(
        onlyProblem((d) => {
          delete machines(d).array_fanout.array_size_path;
        }),
      ).toMatchObject({ jsonPath: '$.step_functions.state_machines.array_fanout' });
    });

    test('a size AWS Batch does not accept', () => {
      expect(
        onlyProblem((d) => {
          delete machines(d).array_fanout.array_size_path;
          machines(d).array_fanout.array_size = 10001;
        }),
      ).toMatchObject({ found: '10001', allowed: 'a number <= 10000' });
    });

    test('a scheduling priority override without a share identifier', () => {
      expect(
        onlyProblem((d) => {
          machines(d).array_fanout.scheduling_priority_override = 10;
        }),
      ).toMatchObject({
        jsonPath: '$.step_functions.state_machines.array_fanout.scheduling_priority_override',
        allowed: expect.stringContaining('no scheduling_priority_override without share_identifier'),
      });
    });

    test('a share identifier on a first-in-first-out queue (SubmitJob refuses it there)', () => {
      expect(
        onlyProblem((d) => {
          machines(d).array_fanout.share_identifier = 'teamA';
        }),
      ).toMatchObject({
        jsonPath: '$.step_functions.state_machines.array_fanout.share_identifier',
        found: '"teamA"',
        allowed:
          'no share_identifier: the job queue "gss-dev-batch-queue" has no scheduling policy (first in, ' +
          'first out), and SubmitJob refuses one there',
      });
    });

    test('share identifiers and priorities out of range', () => {
      expect(
        onlyProblem((d) => {
          Object.assign(machines(d).array_fanout, { share_identifier: 'team-A', scheduling_priority_override: 1 });
        }),
      ).toMatchObject({ allowed: 'a share identifier: 1-255 letters and digits' });
      expect(
        onlyProblem((d) => {
          Object.assign(machines(d).array_fanout, { share_identifier: 'teamA', scheduling_priority_override: 10000 });
        }),
      ).toMatchObject({ allowed: 'a number <= 9999' });
    });
  });

  describe('retries', () => {
    test('States.ALL before other retriers, which could then never run', () => {
      expect(
        onlyProblem((d) => {
          machines(d).batch_group.group_retries.unshift({
            errors: ['States.ALL'],
            interval_seconds: 1,
            max_attempts: 1,
            backoff_rate: 1,
          });
        }),
      ).toMatchObject({
        jsonPath: '$.step_functions.state_machines.batch_group.group_retries[0].errors',
        allowed: expect.stringContaining('States.ALL in the last retrier only'),
      });
    });

    test('States.ALL together with other errors', () => {
      expect(
        onlyProblem((d) => {
          machines(d).batch_group.group_retries[0].errors = ['States.ALL', 'States.Timeout'];
        }),
      ).toMatchObject({ allowed: expect.stringContaining('"States.ALL" alone') });
    });

    test('Batch attempts outside 1-10 (or "job_definition")', () => {
      expect(
        onlyProblem((d) => {
          machines(d).batch_group.job_attempts = 0;
        }),
      ).toMatchObject({
        jsonPath: '$.step_functions.state_machines.batch_group.job_attempts',
        found: '0',
        allowed: 'a number >= 1',
      });
    });
  });

  describe('queue pipelines', () => {
    const PIPELINE = '$.sqs.pipelines.incoming_files';

    test('two notifications of one bucket whose filters overlap', () => {
      const problem = onlyProblem((d) => {
        const other = structuredClone(d.sqs.pipelines.incoming_files);
        Object.assign(other.queue, { name: 'other' });
        other.queue.dead_letter_queue.name = 'other-dlq';
        other.source.prefix = 'incoming/2024/';
        delete other.trigger;
        d.sqs.pipelines.other = other;
      });
      expect(problem).toMatchObject({
        jsonPath: '$.sqs.pipelines.other.source.prefix',
        found: '"incoming/2024/"',
        allowed: expect.stringContaining("does not overlap pipelines.incoming_files's on the bucket gss-dev-chunks"),
      });
    });

    test('a queue name another queue of the stack already has', () => {
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.queue.dead_letter_queue.name = '{prefix}-core-queue-dlq';
        }),
      ).toMatchObject({
        jsonPath: `${PIPELINE}.queue.dead_letter_queue.name`,
        allowed: 'a queue name no other queue of the sqs stack has (core_queue.dead_letter_queue.name has it)',
      });
    });

    test('a pipe value that is neither text nor a path into the SQS message', () => {
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.trigger.environment.S3_EVENT_KEY = '$.bdy.Records[0].s3.object.key';
        }),
      ).toMatchObject({
        jsonPath: `${PIPELINE}.trigger.environment.S3_EVENT_KEY`,
        allowed: expect.stringContaining('a JSON path into the SQS message'),
      });
    });

    test('a trigger to a job queue that batch-json does not define', () => {
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.trigger.job_queue = '{prefix}-video-queue';
        }),
      ).toMatchObject({
        jsonPath: `${PIPELINE}.trigger.job_queue`,
        found: '"gss-dev-video-queue"',
        allowed: 'the name of a job queue in job-queue.json: gss-dev-batch-queue',
      });
    });

    test('an alarm period that is not whole minutes, or longer than a day in all', () => {
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.queue.alarms.period_seconds = 90;
        }),
      ).toMatchObject({ jsonPath: `${PIPELINE}.queue.alarms.period_seconds`, found: '90' });
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.queue.alarms.evaluation_periods = 289;
        }),
      ).toMatchObject({
        jsonPath: `${PIPELINE}.queue.alarms.evaluation_periods`,
        allowed: expect.stringContaining('86400'),
      });
    });

    test('an event that does not create objects', () => {
      expect(
        onlyProblem((d) => {
          d.sqs.pipelines.incoming_files.source.events = ['s3:ObjectRemoved:*'];
        }),
      ).toMatchObject({
        jsonPath: `${PIPELINE}.source.events[0]`,
        allowed: expect.stringContaining('"s3:ObjectCreated:*"'),
      });
    });
  });

  describe('container overrides, which AWS Batch refuses for ecs_properties job definitions', () => {
    /** Turns a shipped job definition into a job of one task with a main container and a sidecar. */
    const asEcsJob =
      (file: string) =>
      (fixture: ConfigFixture): void => {
        fixture.editJson(file, (d) => {
          const { image, command } = d.container_properties;
          delete d.container_properties;
          const resources = [
            { type: 'VCPU', value: '1' },
            { type: 'MEMORY', value: '2048' },
          ];
          d.ecs_properties = {
            taskProperties: [
              {
                containers: [
                  { name: 'main', image, command, resourceRequirements: resources },
                  { name: 'proxy', image: 'envoy:1', essential: false, resourceRequirements: resources },
                ],
              },
            ],
          };
        });
      };

    test('an array job handing its input over as an environment variable', () => {
      expect(onlyProblem(() => undefined, asEcsJob('batch-json/batch-processing-job.json'))).toMatchObject({
        jsonPath: '$.step_functions.state_machines.array_fanout.input_environment_variable',
        found: '"JOB_INPUT" for gss-dev-batch-processing, a job definition with ecs_properties',
        allowed: expect.stringContaining(
          'it is sent as ContainerOverrides, which AWS Batch refuses for such jobs; hand the input over with ' +
            'input_parameters',
        ),
      });
    });

    test('an array job without an input variable submits the ecs_properties job', () => {
      const fixture = ConfigFixture.copy().editJson('config/defaults.json', (d) => {
        delete machines(d).array_fanout.input_environment_variable;
      });
      try {
        asEcsJob('batch-json/batch-processing-job.json')(fixture);
        const environment = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
        expect(
          environment.batch.jobDefinitions.find((j) => j.config.name === 'gss-dev-batch-processing')!.config
            .ecs_properties,
        ).toBeDefined();
      } finally {
        fixture.dispose();
      }
    });

    test('a pipe handing the S3 event over as environment variables', () => {
      expect(onlyProblem(() => undefined, asEcsJob('batch-json/batch-validation-job.json'))).toMatchObject({
        jsonPath: '$.sqs.pipelines.incoming_files.trigger.environment',
        found: 'environment for gss-dev-batch-validation, a job definition with ecs_properties',
        allowed: expect.stringContaining('a pipe cannot send EcsPropertiesOverride'),
      });
    });
  });
});

describe(
  'a fair-share queue: every workflow that submits to it gives a share identifier (the fair-share ' +
    'trap, caught before deploy)',
  () => {
    /** The main configuration with its one queue made fair-share, and every job definition given a priority. */
    function fairShareFixture(): ConfigFixture {
      const fixture = ConfigFixture.copy();
      fixture.write(
        'batch-json/scheduling-policy.json',
        JSON.stringify({
          name: '{prefix}-fair-share',
          fair_share_policy: { share_distribution: [{ share_identifier: 'orders' }] },
        }),
      );
      fixture.editJson('batch-json/job-queue.json', (d) => {
        d.scheduling_policy = '{prefix}-fair-share';
      });
      for (const file of ['batch-processing-job.json', 'batch-validation-job.json'])
        fixture.editJson(`batch-json/${file}`, (d) => {
          d.scheduling_priority = 10;
        });
      return fixture;
    }
    const load = (fixture: ConfigFixture) =>
      loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root } as never);

    test(
      'each submission without one is an error at its share_identifier, and a pipe (which cannot send one) ' +
        'at its job_queue',
      () => {
        const fixture = fairShareFixture();
        try {
          load(fixture);
          throw new Error('the configuration loaded, but it should have been rejected');
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          expect(error.problems.map((p) => [p.jsonPath, p.found])).toEqual([
            ['$.step_functions.state_machines.hybrid_router.share_identifier', 'no share_identifier'],
            ['$.step_functions.state_machines.batch_group.share_identifier', 'no share_identifier'],
            ...['validate_incoming', 'process_orders', 'process_customers', 'reconcile'].map((job) => [
              `${SCHEDULE}.jobs.${job}.share_identifier`,
              'no share_identifier',
            ]),
            ['$.step_functions.state_machines.array_fanout.share_identifier', 'no share_identifier'],
            [
              '$.sqs.pipelines.incoming_files.trigger.job_queue',
              '"gss-dev-batch-queue", a fair-share queue (scheduling policy "gss-dev-fair-share")',
            ],
          ]);
          expect(error.problems[0]!.allowed).toBe(
            'a share identifier (1-255 letters and digits): the job queue "gss-dev-batch-queue" has the ' +
              'scheduling policy "gss-dev-fair-share", and SubmitJob needs one there',
          );
          expect(error.problems.at(-1)!.allowed).toContain(
            'an EventBridge pipe cannot give the share identifier SubmitJob needs',
          );
        } finally {
          fixture.dispose();
        }
      },
    );

    test(
      'with a share on every submission and no pipe, it loads, and every SubmitJob of every state machine ' +
        'carries its share and priority',
      () => {
        const fixture = fairShareFixture().editJson('config/defaults.json', (d) => shareEveryWorkflow(d, 'orders', 7));
        try {
          const environment = load(fixture).environments[0]!;
          const stack = parsed(synthEnvironment(environment)['step-function']);
          const submissions = Object.entries(
            stack.resource.aws_sfn_state_machine as Record<string, { definition: string }>,
          ).flatMap(([key, machine]) => {
            const found: [string, unknown][] = [];
            JSON.parse(machine.definition, (_name, value) => {
              if (value && typeof value === 'object' && 'JobQueue' in value)
                found.push([
                  key,
                  {
                    ShareIdentifier: value.ShareIdentifier,
                    SchedulingPriorityOverride: value.SchedulingPriorityOverride,
                  },
                ]);
              return value;
            });
            return found;
          });
          // hybrid router: validation and processing; batch group: one; schedule: three jobs (reconcile is
          // skipped, a Pass state); array job: one.
          expect(submissions.map(([key]) => key).sort()).toEqual([
            'array_fanout',
            'batch_group',
            'hybrid_router',
            'hybrid_router',
            'nightly_schedule',
            'nightly_schedule',
            'nightly_schedule',
          ]);
          expect(new Set(submissions.map(([, share]) => JSON.stringify(share)))).toEqual(
            new Set([JSON.stringify({ ShareIdentifier: 'orders', SchedulingPriorityOverride: 7 })]),
          );
        } finally {
          fixture.dispose();
        }
      },
    );
  },
);
