/** The request's client (moved below the features to src/common; kept here for existing imports). */
export { requestMeta } from '../common/request-meta';
export type { RequestMeta } from '../common/request-meta';
