import { ContractException } from '../common/contract.exception';
import { bridgeBody, BridgeBody } from '../common/presenters/bridge.presenter';
import { BRIDGE_OUTCOMES, BridgeCode } from '../common/result-codes';

/** What a bridge service returns: an outcome code, a message when the code's is dynamic, and the extra fields. */
export interface BridgeOutcome {
  code: BridgeCode;
  /** replaces the code's message (upstream error types mapped to messages) */
  message?: string;
  fields?: Record<string, unknown>;
}

export const outcome = (code: BridgeCode, fields?: Record<string, unknown>, message?: string): BridgeOutcome => ({ code, fields, message });

export function invalidInput(field: string, message: string, fields: Record<string, unknown> = {}): BridgeOutcome {
  return outcome(BridgeCode.VALIDATION_ERROR, { errors: { [field]: [message] }, ...fields });
}

/** The one presenter of the License API v1: outcome → `{status, message, ...}` with HTTP status = status. */
export function presentBridge(o: BridgeOutcome): { status: number; body: BridgeBody } {
  const known = BRIDGE_OUTCOMES[o.code];
  return { status: known.status, body: bridgeBody(known.status, o.message ?? known.message, o.fields ?? {}) };
}

/** For controllers: a 200 body is returned; any other status is thrown as a ContractException the global filter sends as is. */
export function respond(o: BridgeOutcome): BridgeBody {
  const { status, body } = presentBridge(o);
  if (status !== 200) throw new ContractException(body, status);
  return body;
}
