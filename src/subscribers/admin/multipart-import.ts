import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough, type Readable } from 'node:stream';

const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface MultipartImport {
  fields: Readonly<Record<string, string>>;
  file: Readable;
}

/**
 * Streams one CSV file out of a multipart request into `handle` without buffering it. Text
 * fields (mode, dryRun, note) must come before the file part, as browsers and curl send them
 * in form order.
 */
export async function withMultipartFile<T>(req: Request, handle: (part: MultipartImport) => Promise<T>): Promise<T> {
  if (!req.is('multipart/form-data')) throw new BadRequestException('body: must be multipart/form-data with a "file" part');
  const parser = createParser(req);
  const fields: Record<string, string> = {};
  return new Promise<T>((resolve, reject) => {
    let handled: Promise<T> | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, file) => {
      if (name !== 'file' || handled !== undefined) {
        file.resume();
        return;
      }
      file.on('limit', () => file.destroy(new PayloadTooLargeException(`file: larger than ${MAX_FILE_BYTES} bytes`)));
      // Through a promise, so a handler that throws at once still drains the file and answers.
      // The handler reads a PassThrough: when it stops early (a broken CSV), it must not wait on
      // busboy's own stream (that stalled the request); the rest is then drained so it completes.
      const source = file.pipe(new PassThrough());
      const part = { fields: { ...fields }, file: source };
      handled = Promise.resolve().then(() => handle(part));
      handled.catch(() => {
        file.unpipe(source);
        file.resume();
      });
    });
    parser.on('error', (error) => reject(new BadRequestException(`body: ${(error as Error).message}`)));
    parser.on('close', () => {
      if (handled === undefined) reject(new BadRequestException('file: missing (send the CSV as the multipart part "file", after the other fields)'));
      else handled.then(resolve, reject);
    });
    req.pipe(parser);
  });
}

/** busboy throws at once on a header it cannot use ("Boundary not found"): the client's mistake. */
function createParser(req: Request): busboy.Busboy {
  try {
    return busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 4096, fileSize: MAX_FILE_BYTES } });
  } catch (error) {
    throw new BadRequestException(`content-type: ${(error as Error).message} (send multipart/form-data with a boundary, as curl -F does)`);
  }
}
