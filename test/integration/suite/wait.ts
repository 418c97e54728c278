// Wait for a condition instead of sleeping: the machine may be slow (2 cores shared with a trainer).
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
