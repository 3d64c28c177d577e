import http from 'node:http';

export interface FuzzRequest {
  readonly method: string;
  /** Path template of the operation, for the tally (e.g. /api/v1/units/{id}). */
  readonly template: string;
  /** Encoded path and query as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** What the generator meant: a valid request, or which mutations it applied. */
  readonly intent: 'valid' | 'invalid';
  readonly mutations: readonly string[];
}

export interface FuzzResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** Set when the exchange failed below HTTP (reset, timeout). */
  readonly transportError?: string;
}

const MAX_BODY = 64 * 1024;

/**
 * Sends one request on a fresh connection (no keep-alive, so nothing lingers at
 * shutdown). Event streams are cut after the headers: their status is what counts.
 */
export function send(port: number, request: FuzzRequest, timeoutMs = 300_000): Promise<FuzzResponse> {
  return new Promise((resolve) => {
    const state: { settled: boolean; timer?: NodeJS.Timeout } = { settled: false };
    const done = (response: FuzzResponse): void => {
      if (state.settled) return;
      state.settled = true;
      clearTimeout(state.timer);
      resolve(response);
    };
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
    const headers: Record<string, string | number> = { ...request.headers };
    if (body !== undefined) headers['content-length'] = body.length;
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent: false });
    } catch (error) {
      done({ status: 0, headers: {}, text: '', transportError: `client refused to send: ${String(error)}` });
      return;
    }
    state.timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, headers: {}, text: '', transportError: `no response within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (error) => done({ status: 0, headers: {}, text: '', transportError: error.message }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers['content-type'] ?? '');
      if (contentType.startsWith('text/event-stream')) {
        res.destroy();
        done({ status, headers: res.headers, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => done({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => done({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), transportError: error.message }));
    });
    req.end(body);
  });
}
