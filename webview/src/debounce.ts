// Trailing-edge debounce: scroll fires per frame, but the host only needs the position it settled on.
export function debounce<T extends unknown[]>(
  run: (...args: T) => void,
  waitMs: number,
): (...args: T) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: T) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run(...args);
    }, waitMs);
  };
}
