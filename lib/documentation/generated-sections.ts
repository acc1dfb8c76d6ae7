/**
 * Generated sections of a hand-written Markdown page, as terraform-docs injects its tables: each sits
 * between `<!-- BEGIN GENERATED: <name> -->` and `<!-- END GENERATED: <name> -->`, and only what lies
 * between the markers is replaced.
 */
export function replaceGeneratedSections(
  page: string,
  sections: Readonly<Record<string, string>>,
  pageName: string,
): string {
  let result = page;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const start = result.indexOf(begin);
    const stop = result.indexOf(end);
    if (start < 0 || stop < start) throw new Error(`${pageName}: no "${begin}" ... "${end}" markers, in that order`);
    result = `${result.slice(0, start + begin.length)}\n${body.trimEnd()}\n${result.slice(stop)}`;
  }
  return result;
}
