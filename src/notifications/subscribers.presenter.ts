import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { LicenseNotification } from './entities/license-notification.entity';
import { formatUtc } from './reminder-mail';

export const NO_SUBSCRIBERS_MESSAGE = 'No subscribers found.';

/** One entry of `GET /api/license/subscribers/{secret}`, exactly as the spec shows it (id as a string). */
export function presentSubscriber(r: LicenseNotification) {
  return {
    id: String(r.id),
    license_key: r.licenseKey,
    sent_to: r.sentTo,
    status: r.status,
    sent: r.sent,
    date_sent: formatUtc(r.dateSent),
    disable_notifications: '',
  };
}

/** The bare JSON array, or error_code 204 RETURNED_EMPTY (HTTP 200) when there is nothing. */
export function subscribersBody(rows: LicenseNotification[]) {
  if (rows.length === 0) return merafError(NO_SUBSCRIBERS_MESSAGE, MerafCode.RETURNED_EMPTY);
  return rows.map(presentSubscriber);
}

export const SUBSCRIBER_EXAMPLE = {
  id: '128',
  license_key: 'QLK08J7Z2GE4TQ834QXFO1EDT51MAF2UEXZWLITP',
  sent_to: 'johndoe@gmail.com',
  status: 'success',
  sent: 'yes',
  date_sent: '2024-04-28 12:35:12',
  disable_notifications: '',
};
