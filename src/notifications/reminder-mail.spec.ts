import { expiryReminderMail, formatUtc, maskLicenseKey } from './reminder-mail';

describe('reminder mail', () => {
  it('masks all but the first and last four characters of a license key', () => {
    expect(maskLicenseKey('ABCD1234567890WXYZ')).toBe('ABCD**********WXYZ');
    expect(maskLicenseKey('ABCDEFGH')).toBe('********');
  });

  it('formats the expiry in UTC as YYYY-MM-DD HH:mm:ss', () => {
    expect(formatUtc(new Date('2030-01-02T03:04:05.678Z'))).toBe('2030-01-02 03:04:05');
  });

  it('addresses the license email, names the product and never contains the full key', () => {
    const key = 'QLK08J7Z2GE4TQ834QXFO1EDT51MAF2UEXZWLITP';
    const mail = expiryReminderMail({ licenseKey: key, email: 'a@b.test', firstName: 'Ann\r\nBcc: x', productRef: 'pro', dateExpiry: new Date('2030-01-02T03:04:05Z') });
    expect(mail.to).toBe('a@b.test');
    expect(mail.subject).toBe('Your pro license expires on 2030-01-02 03:04:05 UTC');
    expect(mail.text).toContain('QLK0********************************LITP');
    expect(mail.text).not.toContain(key);
    expect(mail.text).toContain('Hello Ann Bcc: x,');
  });
});
