/** Driving the console's flow designer with the mouse, as an admin does (the browser tests of test/console). */
import type { Locator, Page } from 'playwright-core';
import { eventually, shownText } from './console';

/** The canvas, a node on it (by id), and a handle of a node. */
export const canvasOf = (page: Page): Locator => page.getByTestId('flow-canvas');
export const nodeOn = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags a kind of node from the palette and drops it on the canvas, `across` and `down` its width and height (0 to 1). */
export async function dropFromPalette(
  page: Page,
  label: string,
  across: number,
  down: number,
): Promise<void> {
  const box = await canvasOf(page).boundingBox();
  if (box === null) throw new Error('the canvas is not on the screen');
  await page
    .getByRole('navigation', { name: 'Palette' })
    .getByRole('button', { name: `Add ${label}` })
    .dragTo(canvasOf(page), { targetPosition: { x: box.width * across, y: box.height * down } });
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not on the screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Draws an edge by dragging with the mouse from a node's source handle (`handle`: the branch, or
 * `next` for the default) to another node's target handle.
 */
export async function connectNodes(page: Page, from: string, to: string, handle = 'next'): Promise<void> {
  const source = nodeOn(page, from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
  const target = nodeOn(page, to).locator('.react-flow__handle.target');
  // The nodes grow and shrink as flow-runtime's check answers (the problems on them): wait for its
  // answer to the canvas as it is, then hover(), which waits until the handle itself stands still
  // under the mouse, and press there.
  await settled(page);
  await source.hover();
  await page.mouse.down();
  const end = await centre(target);
  await page.mouse.move(end.x - 30, end.y, { steps: 8 });
  await page.mouse.move(end.x, end.y, { steps: 4 });
  await page.mouse.up();
}

/** Waits until flow-runtime's check of the canvas as it is has answered (the summary says so). */
export async function settled(page: Page): Promise<void> {
  await eventually(async () =>
    expect(await shownText(page.getByTestId('check-summary'))).toMatch(
      /^(Ready to publish|\d+ problems? to fix)/,
    ),
  );
}

/** The edges on the canvas as `from:handle->to`, read from React Flow's own elements. */
export async function edgesOn(page: Page): Promise<string[]> {
  const edges = await page.locator('.react-flow__edge').all();
  const shown = await Promise.all(
    edges.map(async (edge) => {
      const to = /to (\S+)$/.exec((await edge.getAttribute('aria-label')) ?? '')?.[1] ?? '?';
      return `${await edge.getAttribute('data-id')}->${to}`;
    }),
  );
  return shown.sort();
}

/** Picks an option of a Mantine Select in `scope` by the select's label. */
export async function choose(scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await scope.page().getByRole('option', { name: option, exact: true }).click();
}

/** Calls an app's admin API as the tenant's admin (a seed: what the page under test does not do). */
export async function adminCall<T>(url: string, token: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
