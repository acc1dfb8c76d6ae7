import type { ReferenceProblem } from './reference-problem';
import type { EnvironmentSettings } from './schemas/environment-schema';

/** The queues job roles send to or consume from must be queues of the sqs stack. */
export function jobRoleQueueProblems(settings: EnvironmentSettings): ReferenceProblem[] {
  const queues = [settings.sqs.core_queue.name, settings.sqs.core_queue.dead_letter_queue.name];
  return Object.entries(settings.iam.job_roles).flatMap(([key, role]) =>
    (['sqs_send', 'sqs_consume'] as const).flatMap((field) =>
      role[field].flatMap((queue, i) =>
        queues.includes(queue)
          ? []
          : [
              {
                path: ['iam', 'job_roles', key, field, i],
                found: `"${queue}"`,
                allowed: `the name of a queue of the sqs stack: ${queues.join(', ')}`,
              },
            ],
      ),
    ),
  );
}
