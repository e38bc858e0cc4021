// One access-log line per request when api_server.verbosity is "info" (freqtrade logs uvicorn's
// access lines at that level). Secret-bearing query values are masked; headers are never logged.

const SECRET_PARAM = /token|password|secret|key|auth/i;

/** Path and query with the values of secret-looking parameters (token=…, …) replaced by ***. */
export function redactedTarget(url: string): string {
  const u = new URL(url);
  if (!u.search) return u.pathname;
  const parts = u.search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=***` : pair;
    });
  return `${u.pathname}?${parts.join('&')}`;
}
