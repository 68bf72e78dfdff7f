/** The License API v1 (Fluent bridge) envelope: `{status, message, ...}` with HTTP status = status. */
export interface BridgeBody {
  status: number;
  message: string;
  [field: string]: unknown;
}

export function bridgeBody(status: number, message: string, fields: Record<string, unknown> = {}): BridgeBody {
  return { status, message, ...fields };
}

/** Paths answered in the bridge envelope rather than the MERAF one. */
export function isBridgePath(url: string): boolean {
  return url.startsWith('/api/v1/') || url.startsWith('/api/appza/');
}
