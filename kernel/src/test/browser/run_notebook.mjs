// Opens a notebook in Jupyter Notebook (classic, Debian's jupyter-notebook) in headless Chromium, runs all cells,
// waits for the kernel to finish, and prints what the page shows as JSON; saves a full-page screenshot.
// Usage: node run_notebook.mjs <notebook URL with token> <screenshot.png>
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 4000 } });   // the notebook scrolls inside #site
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected(), null, { timeout: 180_000 });
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  // Done when every code cell has a number (not '*') and the kernel is idle.
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && c.get_text().trim());
    return !Jupyter.notebook.kernel_busy
        && cells.every(c => typeof c.input_prompt_number === 'number');
  }, null, { timeout: 600_000, polling: 500 });
  await page.waitForTimeout(1000);   // let plotly finish drawing
  const seen = await page.evaluate(() => ({
    codeCells: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length,
    errors: [...document.querySelectorAll('.output_error')].map(e => e.innerText.slice(0, 2000)),
    interactivePlots: document.querySelectorAll('.js-plotly-plot').length,
    plotlySvgs: document.querySelectorAll('.js-plotly-plot .main-svg').length,
    tables: document.querySelectorAll('.output_html table').length,
    tableText: [...document.querySelectorAll('.output_html table')].map(t => t.innerText.slice(0, 200)),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ...seen, pageErrors: consoleErrors }));
} finally {
  await browser.close();
}
