import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG string headlessly (`renderer: 'none'`, no canvas or browser needed): the
 * report embeds the result inline, so it opens anywhere without scripts or network. Text is measured by vega's
 * built-in estimate when no canvas package is installed, which only affects label spacing.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
