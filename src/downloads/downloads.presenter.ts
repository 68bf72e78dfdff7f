import { ContractException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { formatMerafDate } from '../licenses/license-dates';
import type { OfferedFile } from './downloads.service';

/** A release file on the MERAF routes: `YYYY-MM-DD HH:mm:ss` dates, `download_url` null without a license. */
export function presentOfferedFile({ view, url, expiresAt }: OfferedFile) {
  return {
    product: view.product.name,
    variation: view.variation?.name ?? null,
    version: view.version.version,
    current: view.version.isCurrent,
    name: view.file.fileName,
    size: view.file.size,
    sha256: view.file.sha256,
    content_type: view.file.contentType,
    date: formatMerafDate(view.file.createdAt),
    download_url: url,
    expires_at: formatMerafDate(expiresAt),
  };
}

export const DOWNLOAD_MESSAGES = {
  INVALID_LICENSE: 'The license key is invalid, not active, expired, or not for this product.',
  NOT_REGISTERED: (type: string) => `The ${type} is not registered on this license.`,
  UNKNOWN_VERSION: 'Requested version or variation is not existing.',
  LINK_INVALID: 'Invalid download link.',
  LINK_EXPIRED: 'This download link has expired.',
  LICENSE_REFUSED: 'The license is not valid for this download.',
  GONE: 'The requested file no longer exists.',
  RANGE_NOT_SATISFIABLE: 'The requested range is not satisfiable.',
} as const;

export const invalidLicenseBody = () => merafError(DOWNLOAD_MESSAGES.INVALID_LICENSE, MerafCode.INVALID_LICENSE);
export const notRegisteredBody = (type: string) => merafError(DOWNLOAD_MESSAGES.NOT_REGISTERED(type), MerafCode.QUERY_DOMAINorDEVICE_NOT_EXISTING);
export const unknownVersionBody = () => merafError(DOWNLOAD_MESSAGES.UNKNOWN_VERSION, MerafCode.QUERY_NOT_FOUND);

/** A refused download: HTTP 403 and no byte of the file. */
export function downloadRefused(reason: 'malformed' | 'tampered' | 'expired' | 'license'): ContractException {
  const message = reason === 'expired' ? DOWNLOAD_MESSAGES.LINK_EXPIRED : reason === 'license' ? DOWNLOAD_MESSAGES.LICENSE_REFUSED : DOWNLOAD_MESSAGES.LINK_INVALID;
  return new ContractException(merafError(message, MerafCode.FORBIDDEN_ERROR), 403);
}

export const downloadRangeNotSatisfiable = () =>
  new ContractException(merafError(DOWNLOAD_MESSAGES.RANGE_NOT_SATISFIABLE, MerafCode.RANGE_NOT_SATISFIABLE), 416);

export const downloadGone = () => new ContractException(merafError(DOWNLOAD_MESSAGES.GONE, MerafCode.NOT_FOUND), 404);
