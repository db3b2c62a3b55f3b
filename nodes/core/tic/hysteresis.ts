// A detected property (mode, phase count, producer) that only changes after several
// frames agree, so that one corrupted frame never flips it. The first observation is
// adopted at once: there is nothing to protect yet.
export class Hysteresis<T> {
  private current: T | undefined;
  private candidate: T | undefined;
  private count = 0;

  constructor(private readonly framesToSwitch = 3) {}

  get value(): T | undefined {
    return this.current;
  }

  observe(v: T): T {
    if (this.current === undefined || v === this.current) {
      this.current = v;
      this.count = 0;
      this.candidate = undefined;
      return v;
    }
    if (v === this.candidate) this.count++;
    else {
      this.candidate = v;
      this.count = 1;
    }
    if (this.count >= this.framesToSwitch) {
      this.current = v;
      this.count = 0;
      this.candidate = undefined;
    }
    return this.current;
  }

  reset(): void {
    this.current = undefined;
    this.candidate = undefined;
    this.count = 0;
  }
}
