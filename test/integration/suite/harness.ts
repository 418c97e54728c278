// A tiny test runner for inside the extension host. Mocha would do, but all we need is
// sequential tests with timeouts and a JSON report: under code-server there is no process
// exit code to read, so the driver reads this report from the file it named in the env.
import { writeFileSync } from 'node:fs';

export interface HostTest {
  name: string;
  timeoutMs: number;
  fn: () => Promise<void>;
}

export interface HostTestResult {
  name: string;
  passed: boolean;
  durationMs: number;
  message?: string;
}

/** The env var through which a driver asks for the JSON report (code-server passes its env to the host). */
export const RESULT_FILE_ENV = 'SEARCHR2_INTEGRATION_RESULT';

export async function runHostTests(tests: readonly HostTest[]): Promise<HostTestResult[]> {
  const results: HostTestResult[] = [];
  for (const test of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${test.timeoutMs / 1000} s`)),
        test.timeoutMs,
      );
    });
    try {
      await Promise.race([test.fn(), timeout]);
      results.push({ name: test.name, passed: true, durationMs: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: test.name, passed: false, durationMs: Date.now() - started, message });
    } finally {
      clearTimeout(timer);
    }
    const last = results[results.length - 1]!;
    console.log(
      `${last.passed ? 'ok' : 'not ok'} - ${test.name} (${last.durationMs} ms)${last.message ? `\n${last.message}` : ''}`,
    );
  }
  return results;
}

export function writeReport(results: readonly HostTestResult[]): void {
  const file = process.env[RESULT_FILE_ENV];
  if (file) writeFileSync(file, JSON.stringify({ results }, null, 2));
}
