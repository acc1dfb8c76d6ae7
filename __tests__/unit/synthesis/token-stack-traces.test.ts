import { type IResolvable, Lazy, Tokenization } from 'cdktf';
import { withoutTokenStackTraces } from '../../../lib/synthesis/token-stack-traces';

describe('withoutTokenStackTraces', () => {
  const creationStack = (token: string): string[] =>
    (Tokenization.reverseString(token).firstToken as IResolvable).creationStack;

  test('tokens created inside record no call stack; outside they do', () => {
    const inside = withoutTokenStackTraces(() => Lazy.stringValue({ produce: () => 'x' }));
    const outside = Lazy.stringValue({ produce: () => 'y' });
    expect(creationStack(outside).length).toBeGreaterThan(0);
    expect(creationStack(inside)).toEqual([]);
  });

  test('an error thrown inside keeps its stack trace, and the formatter is restored', () => {
    const previous = Error.prepareStackTrace;
    let thrown: Error | undefined;
    try {
      withoutTokenStackTraces(() => {
        throw new Error('a bug');
      });
    } catch (error) {
      thrown = error as Error;
    }
    expect(Error.prepareStackTrace).toBe(previous);
    expect(thrown?.stack).toMatch(/^Error: a bug\n\s+at /);
  });
});
