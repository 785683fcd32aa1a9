// A request path as the router matched it: Express routes ignore case and a trailing slash, so a
// lookup by path (which envelope, which audit endpoint) must too, or `/V1/Chat/Completions/` would
// reach the handler while escaping what the exact path gets.
export function routePath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.replace(/\/+$/, '') : lower;
}
