import { transportErrorBody } from './transport-error.presenter';

describe('transportErrorBody', () => {
  it('uses the MERAF shape on MERAF paths, the v1 envelope on bridge paths, a neutral shape without a path', () => {
    expect(transportErrorBody('/api/license/generate', 431, 'Request headers are too large.')).toEqual({ result: 'error', message: 'Request headers are too large.', error_code: 400 });
    expect(transportErrorBody('/api/v1/license/check', 431, 'Request headers are too large.')).toEqual({ status: 431, message: 'Request headers are too large.' });
    expect(transportErrorBody('/api/appza/v1/license/check', 405, 'Method not allowed.', 405)).toEqual({ status: 405, message: 'Method not allowed.' });
    expect(transportErrorBody(null, 400, 'Malformed request.')).toEqual({ result: 'error', status: 400, message: 'Malformed request.' });
  });
});
