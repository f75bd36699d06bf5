import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 with an ephemeral port; tests register routes per path. */
export class LocalHttpServer {
  readonly requests: IncomingMessage[] = [];
  private readonly routes = new Map<string, RouteHandler>();
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      this.requests.push(req);
      const handler = this.routes.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (handler) return handler(req, res);
      res.writeHead(404).end('not found');
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  /** Serves a fixed body with the given headers. */
  serve(path: string, body: string | Buffer, headers: Record<string, string> = {}, status = 200): void {
    this.route(path, (_req, res) => res.writeHead(status, headers).end(body));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
