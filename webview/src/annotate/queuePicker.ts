// The review-queue picker: off (j/k follow the list), or one of the orders. An order that needs a
// piece not there yet is shown disabled, with the reason as its tooltip: the disagreement order
// until the step scorer has scored some rollout of the shown run.
import { h } from '../dom';
import { stepScores } from '../stepScores';
import { disagreementUnavailable, queueOrders, type QueueOrder } from './reviewQueue';

export function queuePicker(onChange: (order: QueueOrder | undefined) => void): HTMLSelectElement {
  const select = h('select', {
    className: 'filter-select label-queue',
    testId: 'review-queue',
    attrs: {
      'aria-label': 'Review queue order',
      title: 'Review queue: j / k walk the rollouts not labelled yet',
    },
  });
  const off = h('option', {}, 'Queue: off (list order)');
  off.value = '';
  select.append(off);
  for (const info of queueOrders) {
    const option = h('option', {}, `Queue: ${info.label}`);
    option.value = info.order;
    if (info.disabledBecause !== undefined) {
      option.disabled = true;
      option.title = info.disabledBecause;
    }
    if (info.order === 'disagreement') {
      const sync = () => {
        const why = disagreementUnavailable(stepScores.hasScores);
        option.disabled = why !== undefined;
        option.title =
          why ??
          'Rollouts where the Meta-Refiner\u2019s cut and the step scorer\u2019s predicted flaw are furthest apart';
      };
      stepScores.subscribe(sync);
      sync();
    }
    select.append(option);
  }
  select.addEventListener('change', () =>
    onChange(select.value === '' ? undefined : (select.value as QueueOrder)),
  );
  // Arrow keys and letters in the open picker are the picker's, not labelling keys.
  select.addEventListener('keydown', (event) => event.stopPropagation());
  return select;
}
