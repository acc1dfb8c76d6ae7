/**
 * The one line to add when Terraform could not take a stack's state lock ("Error acquiring the
 * state lock", with its Lock Info): who holds it since when, and the command that releases it if
 * that run is gone (an interrupted deploy leaves its lock in S3). Undefined for any other error.
 */
export function stateLockHint(stack: string, terraformOutput: string): string | undefined {
  if (!/Error acquiring the state lock/.test(terraformOutput)) return undefined;
  const field = (name: string): string | undefined =>
    new RegExp(`^\\s*(?:│\\s*)?${name}:\\s*(\\S.*?)\\s*$`, 'm').exec(terraformOutput)?.[1];
  const id = field('ID');
  if (!id) return undefined;
  const who = field('Who');
  const since = field('Created');
  return (
    `${stack}: its state is locked (ID ${id}${who ? `, by ${who}` : ''}${since ? ` since ${since}` : ''}). ` +
    `If that run is gone (interrupted), release it: npm run force-unlock -- ${stack} ${id}`
  );
}
