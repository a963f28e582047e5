/**
 * The operations an OpenAPI document declares, as `METHOD /path` strings, so two runs' documents
 * can be compared. Path parameters are normalised (`{id}` and `{propertyId}` read alike), so a
 * renamed parameter is not reported as a removed and an added endpoint.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `METHOD /path` of the document; undefined when it is not an OpenAPI document. */
export function openApiEndpoints(document: unknown): string[] | undefined {
  const paths = (document as { paths?: unknown } | null)?.paths;
  if (!paths || typeof paths !== 'object') return undefined;
  const endpoints = new Set<string>();
  for (const [route, item] of Object.entries(paths as Record<string, unknown>)) {
    if (!item || typeof item !== 'object') continue;
    const normalised = route.replace(/\{[^}]*\}/g, '{}');
    for (const method of METHODS) if (method in item) endpoints.add(`${method.toUpperCase()} ${normalised}`);
  }
  return [...endpoints].sort();
}
