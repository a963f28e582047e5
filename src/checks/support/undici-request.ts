/**
 * undici's `request(url, options)` without loading the rest of undici.
 *
 * `import { request } from 'undici'` evaluates undici's whole index: fetch, WebSocket,
 * EventSource, cookies, caches and mocks, whose WebIDL layer also loads worker_threads and
 * Node's own copy of undici. That is ~65 ms of CPU at the start of every `reos verify`, for a
 * function the index assembles from three internal modules, which this one uses the same way:
 * the URL split into origin and path as undici's `request` does, sent with undici's request
 * implementation through the global dispatcher (the one `setGlobalDispatcher` sets).
 *
 * @example
 * const res = await request('http://127.0.0.1:8000/health', { method: 'GET' });
 * console.log(res.statusCode, await res.body.text());
 */
import type { Dispatcher } from 'undici';
import dispatcherRequest from 'undici/lib/api/api-request.js';
import undiciUtil from 'undici/lib/core/util.js';
import undiciGlobal from 'undici/lib/global.js';

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Dispatcher.HttpMethod;
  dispatcher?: Dispatcher;
};

export function request(url: string | URL, options: RequestOptions = {}): Promise<Dispatcher.ResponseData> {
  const target = undiciUtil.parseURL(url);
  const { dispatcher = undiciGlobal.getGlobalDispatcher(), ...rest } = options;
  return dispatcherRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
    method: options.method ?? (options.body ? 'PUT' : 'GET'),
  });
}
