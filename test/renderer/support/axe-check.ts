import axe from 'axe-core';
import '../../../renderer/styles/tokens.css';
import '../../../renderer/styles/base.css';

// axe-core on a rendered container, once per theme. Returns the serious
// and critical violations as readable lines, so a failing test shows the
// rule, the theme and the element.

/** Serious or critical axe violations in the light and dark themes. */
export async function axeViolations(container: Element): Promise<string[]> {
  const found: string[] = [];
  const before = document.documentElement.dataset.theme;
  for (const theme of ['light', 'dark'] as const) {
    document.documentElement.dataset.theme = theme;
    const results = await axe.run(container, { resultTypes: ['violations'] });
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') {
        continue;
      }
      for (const node of violation.nodes) {
        found.push(
          `${theme}: ${violation.id} (${violation.help}) at ${node.target.join(' ')}`,
        );
      }
    }
  }
  if (before === undefined) delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = before;
  return found;
}
