import axe from 'axe-core';
// oxlint-disable-next-line import/no-unassigned-import -- colours for the contrast checks
import '../../../renderer/styles/tokens.css';
// oxlint-disable-next-line import/no-unassigned-import -- element defaults, as the app has them
import '../../../renderer/styles/base.css';

// axe-core over a rendered screen, in both themes: the serious and
// critical violations, as lines a failing assertion can show.

/** "rule: help (selector)" for every serious or critical violation. */
export async function seriousViolations(container: Element): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    document.documentElement.dataset.theme = theme;
    const results = await axe.run(container, { resultTypes: ['violations'] });
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') {
        continue;
      }
      for (const node of violation.nodes) {
        found.push(
          `${theme} ${violation.id}: ${violation.help} (${node.target.join(' ')})`,
        );
      }
    }
  }
  delete document.documentElement.dataset.theme;
  return found;
}
