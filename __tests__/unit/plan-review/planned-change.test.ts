import { renderOutputChanges, renderResourceChange } from '../../../lib/plan-review/plan-diff';
import { changeKind, countChanges, formatAttributePath, plannedChanges } from '../../../lib/plan-review/planned-change';
import { planOf, resourceChange } from '../../support/plan-fixtures';

describe('classifying planned changes', () => {
  test('each list of actions is one kind; create_before_destroy is a replacement too', () => {
    expect(changeKind(['create'])).toBe('create');
    expect(changeKind(['update'])).toBe('update');
    expect(changeKind(['delete', 'create'])).toBe('replace');
    expect(changeKind(['create', 'delete'])).toBe('replace');
    expect(changeKind(['delete'])).toBe('destroy');
    expect(changeKind(['forget'])).toBe('forget');
    expect(changeKind(['no-op'])).toBe('noop');
  });

  test('a moved or imported resource counts as moved or imported, and as its change only when it has one', () => {
    const changes = plannedChanges(
      planOf([
        resourceChange('aws_iam_role.a', ['no-op'], {}, { previous_address: 'aws_iam_role.old' }),
        resourceChange('aws_iam_role.b', ['update'], {}, { previous_address: 'aws_iam_role.older' }),
        resourceChange('aws_cloudwatch_log_group.c', ['no-op'], { importing: { id: '/c' } }),
        resourceChange('aws_iam_role.d', ['no-op']),
        resourceChange('aws_iam_role.e', ['forget']),
        { ...resourceChange('aws_iam_policy_document.f', ['read']), mode: 'data' },
      ]),
    );
    expect(changes.map((c) => c.address)).toEqual([
      'aws_iam_role.a',
      'aws_iam_role.b',
      'aws_cloudwatch_log_group.c',
      'aws_iam_role.d',
      'aws_iam_role.e',
    ]);
    expect(countChanges(changes)).toEqual({
      create: 0,
      update: 1,
      replace: 0,
      destroy: 0,
      move: 2,
      import: 1,
      forget: 1,
      noop: 1,
    });
  });

  test('a replacement names the attributes that force it and why; a destroy says why', () => {
    const [replace, destroy] = plannedChanges(
      planOf([
        resourceChange(
          'aws_batch_compute_environment.ce',
          ['delete', 'create'],
          {
            replace_paths: [
              ['compute_resources', 0, 'instance_types'],
              ['tags', 'team name'],
            ],
          },
          { action_reason: 'replace_because_cannot_update' },
        ),
        resourceChange('aws_sqs_queue.q', ['delete'], {}, { action_reason: 'delete_because_no_resource_config' }),
      ]),
    );
    expect(replace!.forcedBy).toEqual(['compute_resources[0].instance_types', 'tags["team name"]']);
    expect(destroy!.reason).toBe('it is no longer in the configuration');
  });

  test('attribute paths read as Terraform writes them', () => {
    expect(formatAttributePath(['name'])).toBe('name');
    expect(formatAttributePath(['ingress', 2, 'cidr_blocks', 0])).toBe('ingress[2].cidr_blocks[0]');
  });
});

describe('rendering a change as a diff', () => {
  test('an update shows only what changes, hides the rest, and marks the attribute that forces a replacement', () => {
    const [change] = plannedChanges(
      planOf([
        resourceChange('aws_cloudwatch_log_group.jobs', ['delete', 'create'], {
          before: {
            name: '/jobs',
            retention_in_days: 7,
            arn: 'arn:aws:logs:eu-west-1:1:log-group:/jobs',
            skip_destroy: false,
          },
          after: { name: '/jobs-v2', retention_in_days: 7, skip_destroy: false },
          after_unknown: { arn: true },
          replace_paths: [['name']],
        }),
      ]),
    );
    expect(renderResourceChange(change!)).toBe(
      [
        '# aws_cloudwatch_log_group.jobs must be replaced (name forces replacement)',
        '-/+ resource "aws_cloudwatch_log_group" "jobs" {',
        '!       arn  = "arn:aws:logs:eu-west-1:1:log-group:/jobs" -> (known after apply)',
        '!       name = "/jobs" -> "/jobs-v2" # forces replacement',
        '        # (2 unchanged attributes hidden)',
        '    }',
      ].join('\n'),
    );
  });

  test('a JSON policy held as a string is compared as JSON, statement by statement', () => {
    const policy = (actions: string[]) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    const [change] = plannedChanges(
      planOf([
        resourceChange('aws_iam_role_policy.p', ['update'], {
          before: { policy: policy(['sqs:SendMessage']) },
          after: { policy: policy(['sqs:SendMessage', 'sqs:DeleteMessage']) },
        }),
      ]),
    );
    const text = renderResourceChange(change!);
    expect(text).toContain('!       policy = jsonencode(');
    expect(text).toContain('+                       "sqs:DeleteMessage",');
    expect(text).not.toContain('- ');
  });

  test('sensitive values are never printed, even though show -json holds them', () => {
    const [created, updated] = plannedChanges(
      planOf([
        resourceChange('aws_secretsmanager_secret_version.a', ['create'], {
          after: { secret_string: 'hunter2' },
          after_sensitive: { secret_string: true },
        }),
        resourceChange('aws_secretsmanager_secret_version.b', ['update'], {
          before: { secret_string: 'old-secret' },
          after: { secret_string: 'new-secret' },
          before_sensitive: { secret_string: true },
          after_sensitive: { secret_string: true },
        }),
      ]),
    );
    const token = {
      actions: ['update' as const],
      before: 'old-token',
      after: 'new-token',
      before_sensitive: true,
      after_sensitive: true,
    };
    const text = [renderResourceChange(created!), renderResourceChange(updated!), renderOutputChanges({ token })].join(
      '\n',
    );
    expect(text).not.toMatch(/hunter2|old-secret|new-secret|old-token|new-token/);
    expect(text).toContain('secret_string = (sensitive value)');
  });

  test('a created resource lists its values, nulls left out, unknowns known after apply; long strings cut', () => {
    const [change] = plannedChanges(
      planOf([
        resourceChange('aws_launch_template.lt', ['create'], {
          after: { name: 'lt', description: null, user_data: 'x'.repeat(5000), tags: { Team: 'data' } },
          after_unknown: { id: true },
        }),
      ]),
    );
    const text = renderResourceChange(change!);
    expect(text).toContain('+       id        = (known after apply)');
    expect(text).not.toContain('description');
    expect(text).toMatch(/user_data = "x+…" \(5,000 characters\)/);
    expect(text).toContain('+           Team = "data"');
  });
});
