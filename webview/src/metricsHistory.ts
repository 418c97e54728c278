// The training metrics of the run, one entry per step, for the charts. Only phase 'train' (or no
// phase) is kept: SFT warm-up and held-out eval numbers would draw a second, unrelated line. A step
// reported twice keeps its latest numbers. Pure, so it is unit-tested without a browser.
import type { MetricsPoint } from '../../src/protocol/webviewMessages';

export class MetricsHistory {
  private readonly byStep = new Map<number, Record<string, number>>();
  private sortedSteps: number[] | undefined = [];

  /** Returns whether the point was kept. */
  add(point: unknown): boolean {
    if (typeof point !== 'object' || point === null) return false;
    const { step, phase, metrics } = point as Partial<MetricsPoint>;
    if (phase !== undefined && phase !== 'train') return false;
    if (typeof step !== 'number' || !Number.isFinite(step)) return false;
    if (typeof metrics !== 'object' || metrics === null) return false;
    if (!this.byStep.has(step)) this.sortedSteps = undefined;
    this.byStep.set(step, { ...this.byStep.get(step), ...metrics });
    return true;
  }

  clear(): void {
    this.byStep.clear();
    this.sortedSteps = [];
  }

  get steps(): number[] {
    this.sortedSteps ??= [...this.byStep.keys()].sort((a, b) => a - b);
    return this.sortedSteps;
  }

  /** One value per step of `steps`; null where the step lacks the metric or it is not finite. */
  series(name: string): (number | null)[] {
    return this.steps.map((step) => {
      const value = this.byStep.get(step)?.[name];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
  }
}
