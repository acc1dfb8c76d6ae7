import { isExpression, parseJsonArgument } from '../../../lib/policy-pack/terraform-values';

describe('parseJsonArgument', () => {
  test('reads plain JSON', () => {
    expect(parseJsonArgument('{"privileged":false}')).toEqual({ privileged: false });
  });

  test('reads JSON whose strings hold Terraform expressions with unescaped quotes, keeping them expressions', () => {
    const raw =
      '{"environment":[{"name":"QUEUE","value":' +
      '"${lookup(data.terraform_remote_state.sqs[0].outputs, "core_queue_url", "mock-${local.x}")}"}],' +
      '"privileged":false}';
    const parsed = parseJsonArgument(raw) as { environment: { value: string }[]; privileged: boolean };
    expect(parsed.privileged).toBe(false);
    expect(parsed.environment[0]!.value).toBe(
      '${lookup(data.terraform_remote_state.sqs[0].outputs, "core_queue_url", "mock-${local.x}")}',
    );
    expect(isExpression(parsed.environment[0]!.value)).toBe(true);
  });

  test('a whole argument that is an expression, or broken JSON, is not read', () => {
    expect(parseJsonArgument('${jsonencode(local.container)}')).toBeUndefined();
    expect(parseJsonArgument('{"a": ${lookup(x, "y")}}')).toBeUndefined();
  });
});
