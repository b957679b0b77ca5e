export function runSweepReport(): number {
  return 0;
}
