import * as fs from 'fs';
import * as path from 'path';
import GithubSlugger from 'github-slugger';
import { PROJECT_ROOT } from '../../support/config-fixture';

/** README.md and every page under docs/. */
const PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** A page's text outside fenced code blocks, where a `[x](y)` is a link. */
function prose(page: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchors GitHub gives a page's headings. */
function anchors(page: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set([...prose(page).matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => slugger.slug(m[1]!)));
}

/** Every relative link of a page: `file#anchor`, `file` or `#anchor`. */
function relativeLinks(page: string): string[] {
  return [...prose(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe.each(PAGES)('%s', (page) => {
  test('every relative link names a file that exists and, with an anchor, a heading of that file', () => {
    const broken = relativeLinks(page).filter((link) => {
      const [file, anchor] = link.split('#');
      const target = file ? path.normalize(path.join(path.dirname(page), file)) : page;
      if (!fs.existsSync(path.join(PROJECT_ROOT, target))) return true;
      return anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
