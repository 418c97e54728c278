// Keyboard navigation of the rollout list as a pure function: key + position -> new position.

export type ListAction = { kind: 'move'; index: number } | { kind: 'open' } | { kind: 'none' };

export function navigate(key: string, current: number, count: number, pageSize: number): ListAction {
  if (count === 0) return { kind: 'none' };
  const clamp = (index: number) => Math.min(count - 1, Math.max(0, index));
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: current < 0 ? 0 : clamp(current + 1) };
    case 'ArrowUp':
      return { kind: 'move', index: current < 0 ? 0 : clamp(current - 1) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: count - 1 };
    case 'PageDown':
      return { kind: 'move', index: clamp(current + pageSize) };
    case 'PageUp':
      return { kind: 'move', index: clamp(current - pageSize) };
    case 'Enter':
      return current < 0 ? { kind: 'none' } : { kind: 'open' };
    default:
      return { kind: 'none' };
  }
}
