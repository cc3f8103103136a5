// Ant Design's Select operated as a person does, for the browser scenarios. A person looks at the
// list before clicking or pressing Enter, and sees whether the choice took; a script that does not
// wait for that fails on a loaded machine: a click lands on an option still sliding in, an Enter
// picks before typing has narrowed the list, or an option of the previous select's list (still
// fading out, with the same units in it) takes the click.
import type { Page } from 'puppeteer-core';

let marks = 0;

/**
 * The open dropdown of the select whose search input is `input`: the one holding its listbox (a
 * Select), or, for a TreeSelect (no listbox id), the only one open. Marked for the caller's selectors.
 */
async function dropdownOf(page: Page, input: string): Promise<string> {
  const mark = `dropdown-${++marks}`;
  await page.waitForFunction(
    (sel, mark) => {
      const field = document.querySelector(sel);
      if (!field) return false;
      const listId = field.getAttribute('aria-controls') || `${field.id}_list`;
      const open = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')];
      const own = open.filter((d) => d.querySelector(`[id="${CSS.escape(listId)}"]`));
      const found = own.length ? own[0] : open.length === 1 && !document.getElementById(listId) ? open[0] : undefined;
      found?.setAttribute('data-test-dropdown', mark);
      return !!found;
    },
    {},
    input,
    mark,
  );
  return `[data-test-dropdown="${mark}"]`;
}

/** An option of a Select's list or a node of a TreeSelect's tree, by its label. */
const OPTION = ':is(.ant-select-item-option, .ant-select-tree-node-content-wrapper)';
const ACTIVE = ':is(.ant-select-item-option-active, .ant-select-tree-treenode-active)';

/** Waits until the select of `input` shows every one of `labels`. */
function shows(page: Page, input: string, labels: string[]) {
  return page.waitForFunction(
    (sel, wanted) => {
      const shown = document.querySelector(sel)?.closest('.ant-select')?.textContent ?? '';
      return wanted.every((label) => shown.includes(label));
    },
    {},
    input,
    labels,
  );
}

/**
 * Opens the select whose search input is `input`, types `typed` first when given (selects that
 * search), and clicks the options labelled `labels` in its own list; then waits until the select
 * shows them.
 */
export async function chooseOptions(page: Page, input: string, labels: string[], typed?: string): Promise<void> {
  await page.locator(input).click();
  if (typed) await page.keyboard.type(typed);
  const dropdown = await dropdownOf(page, input);
  // A locator waits for the option to be visible and to stand still before clicking it.
  for (const label of labels) await page.locator(`${dropdown} ${OPTION}[title="${label}"]`).click();
  await shows(page, input, labels);
}

/**
 * The keyboard way: opens the select, types `typed` (nothing: the first option stays highlighted),
 * waits until the highlighted option is `label`, presses Enter, and waits until the select shows it.
 */
export async function chooseByKeyboard(page: Page, input: string, label: string, typed = label): Promise<void> {
  await page.locator(input).click();
  const dropdown = await dropdownOf(page, input);
  if (typed) await page.keyboard.type(typed);
  await page.waitForFunction(
    (active, wanted) => document.querySelector(active)?.textContent?.includes(wanted),
    {},
    `${dropdown} ${ACTIVE}`,
    label,
  );
  await page.keyboard.press('Enter');
  await shows(page, input, [label]);
}
