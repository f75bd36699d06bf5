import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('writes concurrent submissions together once the running write is done, and answers each', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (items) => {
      writes.push([...items]);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n * 10);
    });
    const first = group.submit(1);
    const rest = [group.submit(2), group.submit(3), group.submit(4)];
    release();
    await expect(Promise.all([first, ...rest])).resolves.toEqual([10, 20, 30, 40]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed write and keeps working afterwards', async () => {
    let fail = true;
    const group = new GroupCommit<number, number>((items) => (fail ? Promise.reject(new Error('database gone')) : Promise.resolve(items)));
    await expect(group.submit(1)).rejects.toThrow('database gone');
    fail = false;
    await expect(group.submit(2)).resolves.toBe(2);
  });

  it('splits a long queue into writes of at most maxItems', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>((items) => {
      sizes.push(items.length);
      return Promise.resolve(items);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(sizes).toEqual([1, 2, 2]);
  });

  it('with a linger, submissions close together share the first write', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>((items) => {
      sizes.push(items.length);
      return Promise.resolve(items);
    }, 500, 20);
    const first = group.submit(1);
    await Promise.resolve();
    await Promise.all([first, group.submit(2), group.submit(3)]);
    expect(sizes).toEqual([3]);
  });
});
