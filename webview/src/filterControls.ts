// Native form controls for the filter bar, styled with theme variables in filters.css. Native
// because they are keyboard-operable and announced correctly as they are, and their options can be
// replaced cheaply as new data sources appear.
import { h } from './dom';

export function selectControl(
  testId: string,
  label: string,
  options: readonly { value: string; label: string }[],
): HTMLSelectElement {
  const select = h('select', { className: 'filter-select', testId, attrs: { 'aria-label': label } });
  setOptions(select, options);
  return select;
}

export function setOptions(
  select: HTMLSelectElement,
  options: readonly { value: string; label: string }[],
): void {
  const value = select.value;
  select.replaceChildren(
    ...options.map((option) => {
      const element = h('option', {}, option.label);
      element.value = option.value;
      return element;
    }),
  );
  if (options.some((option) => option.value === value)) select.value = value;
}

export function stepInput(testId: string, label: string, placeholder: string): HTMLInputElement {
  return h('input', {
    className: 'filter-step',
    testId,
    attrs: { type: 'number', min: '0', step: '1', placeholder, 'aria-label': label },
  });
}

/** '' and anything that is not a finite number mean "no bound". */
export function parseBound(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function boundText(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}
