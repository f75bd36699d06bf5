import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Reads the request body up to `maxBytes`. Over the limit it answers 413 and tells the client the
 * connection ends (`Connection: close`) while the rest is read off and discarded: the socket is
 * never destroyed under a keep-alive client waiting for its answer (a `for await` loop left by a
 * throw destroys the request, and with it the connection, before the error is sent).
 */
export async function readLimitedBody(req: Request, maxBytes: number): Promise<Buffer> {
  if (Number(req.get('content-length') ?? '0') > maxBytes) throw tooLarge(req, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      reject(tooLarge(req, maxBytes));
    };
    req.on('data', onData);
    req.once('end', resolve);
    req.once('error', reject);
  });
  return Buffer.concat(chunks);
}

/** Ends the connection after the answer and discards what is still coming. */
function tooLarge(req: Request, maxBytes: number): PayloadTooLargeException {
  req.res?.set('Connection', 'close');
  req.resume();
  return new PayloadTooLargeException(`body: larger than ${maxBytes} bytes`);
}
