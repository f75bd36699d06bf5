import type { NextFunction, Request, Response } from 'express';

/** Deeper than any body Postbote expects (a newsletter's footer is two levels deep). */
export const MAX_BODY_DEPTH = 32;

/**
 * Express middleware placed right after the body parsers: a parsed body nested deeper than
 * `maxDepth` is a 400 before anything walks it. class-transformer and class-validator recurse
 * once per level, so ~10 kB of `[[[[…` used to end in "Maximum call stack size exceeded" (500).
 */
export function rejectDeeplyNestedBodies(maxDepth = MAX_BODY_DEPTH) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (nestingDepthExceeds(req.body, maxDepth)) {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: [`body: nested deeper than ${maxDepth} levels`] });
      return;
    }
    next();
  };
}

/** Iterative, so the check itself cannot overflow the stack. */
export function nestingDepthExceeds(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (typeof current !== 'object' || current === null || Buffer.isBuffer(current)) continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(current as Record<string, unknown>)) pending.push([child, depth + 1]);
  }
  return false;
}
