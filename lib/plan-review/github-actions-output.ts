import * as fs from 'fs';

/**
 * Appends step outputs to the file GitHub Actions names in GITHUB_OUTPUT (`name=value` lines), for
 * later steps' `steps.<id>.outputs.<name>`. Values are single lines; a newline would end the value.
 */
export function writeStepOutputs(file: string, outputs: Readonly<Record<string, string | number | boolean>>): void {
  const lines = Object.entries(outputs).map(([name, value]) => {
    const text = String(value);
    if (/[\r\n]/.test(text)) throw new Error(`step output ${name} holds a line break`);
    return `${name}=${text}\n`;
  });
  fs.appendFileSync(file, lines.join(''));
}
