/** The one line `serve`/`start` print once everything answers: how long it took and where to go. */
export function readyLine(
  apiUrl: string,
  metricsUrl: string | undefined,
  startedMs: number,
): [{ api: string; admin: string; metrics: string[] }, string] {
  const addresses = {
    api: `${apiUrl}/api/symphony`,
    admin: `${apiUrl}/admin`,
    metrics: [`${apiUrl}/metrics`, ...(metricsUrl ? [`${metricsUrl}/metrics`] : [])],
  };
  const seconds = (startedMs / 1000).toFixed(1);
  return [
    addresses,
    `ready in ${seconds} s: API ${addresses.api}, admin UI ${addresses.admin}, metrics ${addresses.metrics.join(' and ')}`,
  ];
}
