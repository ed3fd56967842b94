/** testDatasource: the API's /health, then one authenticated call, each failure explained for the operator. */
import type { TestDataSourceResponse } from '@grafana/data';
import { LogcasApi, LogcasApiError, toApiError } from './api';

/** What Grafana's data proxy answers (as a 400) when the API refused the token with a 401. */
const PROXY_AUTH_FAILED = 'Authentication to data source failed';

function explain(error: LogcasApiError, apiUrl: string): string {
  const tokenRefused = error.status === 400 && error.message.includes(PROXY_AUTH_FAILED);
  switch (tokenRefused ? 401 : error.status) {
    case 401:
    case 403:
      return (
        `The LogCAS API rejected the token (${tokenRefused ? 401 : error.status}): set "API token" to the ` +
        `server's LOGCAS_API_READ_TOKEN (or LOGCAS_API_TOKEN). ${error.message}`
      );
    case 503:
      return `The LogCAS API is up but its database is down (503): check MongoDB. ${error.message}`;
    case 404:
      return (
        `No LogCAS API at ${apiUrl} (404): the API URL is the server root, e.g. http://logcas:8080, ` +
        `without /api/v1. ${error.message}`
      );
    case 0:
    case 502:
    case 504:
      return `Could not reach the LogCAS API at ${apiUrl}: check the URL and that Grafana's server can reach it. ${error.message}`;
    default:
      return error.message;
  }
}

/** Runs the checks and returns Grafana's test result. */
export async function checkHealth(api: LogcasApi, apiUrl: string | undefined): Promise<TestDataSourceResponse> {
  if (!apiUrl) {
    return { status: 'error', message: 'Set the API URL (e.g. http://logcas:8080) and save.' };
  }
  try {
    const health = await api.health();
    if (health.database !== 'up' || health.status !== 'ok') {
      return {
        status: 'error',
        message: `The LogCAS API at ${apiUrl} answers, but its database is ${health.database}.`,
      };
    }
    // /health needs no token; one list call proves that the token (when the server wants one) is right.
    await api.logs({ limit: 1 });
    return {
      status: 'success',
      message: `LogCAS API ${health.version} at ${apiUrl} is reachable, its database is up and the token is accepted.`,
    };
  } catch (error) {
    return { status: 'error', message: explain(toApiError(error), apiUrl) };
  }
}
