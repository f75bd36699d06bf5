/**
 * Group commit: calls made while a flush is running wait and go out together in the next one, so
 * N concurrent lanes cost about one statement per round trip instead of N. Every caller still
 * waits until its own item is written (or gets the error): nothing is acknowledged early.
 */
export class GroupCommit<In, Out> {
  private waiting: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly write: (items: readonly In[]) => Promise<readonly Out[]>,
    private readonly maxItems = 500,
    /** How long a first item waits for company before a write starts (0: at once). */
    private readonly lingerMs = 0,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      if (this.lingerMs > 0 && this.waiting.length < this.maxItems) setTimeout(() => void this.drain(), this.lingerMs);
      else void this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxItems);
      try {
        const results = await this.write(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(results[i]));
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.flushing = false;
  }
}
