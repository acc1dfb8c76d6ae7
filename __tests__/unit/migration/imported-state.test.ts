import { attributesAtFirstPlan, tagsAllChange } from '../../../lib/migration/imported-state';
import type { AdoptableObject } from '../../../lib/migration/resource-matching';

const DEFAULT_TAGS = { Project: 'gss', Environment: 'dev' };

/** An instance role as a prefix-style module left it: tagged by the module, detaching its policies on destroy. */
function instanceRole(part?: AdoptableObject['part']): AdoptableObject {
  const attributes = {
    name: 'gss-dev-batch-instance',
    force_detach_policies: true,
    tags: { Project: 'gss', Environment: 'dev', Team: 'data' },
    tags_all: { Project: 'gss', Environment: 'dev', Team: 'data' },
  };
  return {
    instance: {
      address: 'module.batch.aws_iam_role.instance',
      resourceAddress: 'module.batch.aws_iam_role.instance',
      type: 'aws_iam_role',
      name: 'instance',
      attributes,
    },
    type: 'aws_iam_role',
    attributes,
    ...(part ? { part } : {}),
  };
}

describe('what the first plan sees of an adopted object', () => {
  test('a moved object keeps its state as it is', () => {
    const object = instanceRole();
    expect(attributesAtFirstPlan({ how: 'moved', object }, DEFAULT_TAGS)).toBe(object.attributes);
  });

  test("an imported one reads Terraform-only arguments as the provider's defaults, whatever the old state said", () => {
    const seen = attributesAtFirstPlan({ how: 'imported', object: instanceRole() }, DEFAULT_TAGS);
    expect(seen.force_detach_policies).toBe(false);
    expect(seen.name).toBe('gss-dev-batch-instance');
  });

  test('an imported one has as its own tags only those the default tags do not give with the same value', () => {
    expect(attributesAtFirstPlan({ how: 'imported', object: instanceRole() }, DEFAULT_TAGS).tags).toEqual({
      Team: 'data',
    });
    expect(
      attributesAtFirstPlan({ how: 'imported', object: instanceRole() }, { ...DEFAULT_TAGS, Team: 'data' }).tags,
    ).toBeNull();
    expect(
      attributesAtFirstPlan({ how: 'imported', object: instanceRole() }, { ...DEFAULT_TAGS, Project: 'other' }).tags,
    ).toEqual({ Project: 'gss', Team: 'data' });
  });
});

describe('the tags the provider adds to an adopted object', () => {
  test('none when the object already has the default tags and the stack its own', () => {
    expect(tagsAllChange({ object: instanceRole() }, { Team: 'data' }, DEFAULT_TAGS)).toBeUndefined();
  });

  test('the default tags and the stack tags it lacks, before and after', () => {
    expect(
      tagsAllChange({ object: instanceRole() }, { Name: 'instance' }, { ...DEFAULT_TAGS, Owner: 'platform' }),
    ).toEqual({
      before: { Project: 'gss', Environment: 'dev', Team: 'data' },
      after: { Project: 'gss', Environment: 'dev', Owner: 'platform', Name: 'instance' },
    });
  });

  test('a part adopted as a resource of its own has no tags yet: it gets them all', () => {
    const part = instanceRole({ importId: 'sgr-0123', what: 'an egress rule' });
    expect(tagsAllChange({ object: part }, null, DEFAULT_TAGS)).toEqual({ before: {}, after: DEFAULT_TAGS });
  });
});
