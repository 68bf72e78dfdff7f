import { applyDecorators } from '@nestjs/common';
import { BridgeCode } from '../common/result-codes';
import { BridgeDocs, BridgeExample, QueryParamDoc } from './bridge-docs';
import {
  BridgeActivateParams,
  BridgeAppLicenseCheckParams,
  BridgeCheckParams,
  BridgeDeactivateParams,
  BridgeFreeTrialParams,
  BridgeVersionCheckParams,
} from './dto/bridge-params.dto';

const upstreamLicense = {
  status: 'valid',
  activation_limit: 5,
  activation_hash: 'd6fb7f0e5c0f4a7e9b1c2d3e4f5a6b7c',
  activations_count: 1,
  license_key: 'FLUENT-LICENSE-KEY-1234',
  expiration_date: '2027-01-15 00:00:00',
  product_id: 10,
  variation_id: 15,
  variation_title: 'Pro License',
  product_title: 'Appza',
  created_at: '2026-01-15 10:00:00',
  updated_at: '2026-01-15 10:00:00',
  success: true,
};
const popup = [{ type: 'info', message: 'Version 2 is out!' }];
const trialData = {
  status: 'active',
  site_url: 'https://example.com',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  product: 'appza',
  product_id: null,
  variation_id: null,
  license_key: null,
  product_title: 'Appza',
  variation_title: null,
  activation_limit: null,
  activations_count: null,
  expiration_date: '2026-01-22 10:00:00',
  grace_period_date: '2026-01-29 10:00:00',
};
const connection: BridgeExample = { code: BridgeCode.CONNECTION_FAILED, summary: 'The store could not be reached in time', fields: { error_type: 'timeout' } };
const badAnswer: BridgeExample = { code: BridgeCode.UPSTREAM_INVALID_RESPONSE, summary: 'The store answered HTTP 5xx or not JSON', fields: { error_type: 'invalid_response' } };
const config: BridgeExample = { code: BridgeCode.INVALID_CONFIGURATION, summary: 'Product inactive or without api_url / item_id' };
const refused: BridgeExample = {
  code: BridgeCode.INVALID_CONFIGURATION,
  summary: "The product's api_url points at a loopback, private or link-local address (refused unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true)",
  fields: { error_type: 'destination_refused' },
};

const ACTIVATE_DOCS = {
  summary: 'Activate a premium (FluentCart) license on a site',
  description: "Forwards to the store of the lead's product (`activate_license`) and stores the site's activation as its current one; the site's free trial is upgraded to premium.",
  params: BridgeActivateParams,
  examples: [
    { code: BridgeCode.ACTIVATED, summary: 'Activated', fields: { data: upstreamLicense } },
    { code: BridgeCode.LOCAL_LICENSE_NOT_FOUND, summary: 'The site has no free trial record for the product' },
    config,
    refused,
    {
      code: BridgeCode.UPSTREAM_REJECTED,
      summary: 'The store refused (error_type mapped to a message)',
      fields: { error_type: 'activation_limit_exceeded' },
      message: 'Activation limit reached. Please upgrade or get a new license.',
    },
    connection,
    badAnswer,
  ] as BridgeExample[],
};
const CHECK_DOCS = {
  summary: 'Check a license activated on a site',
  params: BridgeCheckParams,
  examples: [
    { code: BridgeCode.LICENSE_VALID, summary: 'Valid', fields: { data: upstreamLicense } },
    { code: BridgeCode.RECORD_NOT_FOUND_FOR_SITE, summary: 'No activation of this key on this site' },
    {
      code: BridgeCode.LICENSE_NOT_VALID,
      summary: 'The store says the license is not valid',
      fields: { error_type: 'invalid_activation' },
      message: 'License activation could not be found',
    },
    config,
    refused,
    connection,
    badAnswer,
  ] as BridgeExample[],
};
const VERSION_DOCS = {
  summary: 'Latest version information for a licensed product',
  description: 'Uses the stored activation of the key (of that site when `site_url` is given) and forwards to `get_license_version`.',
  params: BridgeVersionCheckParams,
  examples: [
    {
      code: BridgeCode.VERSION_FETCHED,
      summary: 'Version data',
      fields: { version_data: { new_version: '2.1.0', stable_version: '2.1.0', name: 'Appza', slug: 'appza', package: 'https://store.example.com/?fluent-cart=download_license_package&...', license_status: 'valid', success: true } },
    },
    { code: BridgeCode.RECORD_NOT_FOUND_ACTIVATE_FIRST, summary: 'No stored activation for this key' },
    { code: BridgeCode.UPSTREAM_REJECTED, summary: 'The store refused', fields: { error_type: 'product_not_found' }, message: 'Product not found. Please check the product ID.' },
    config,
    refused,
    connection,
  ] as BridgeExample[],
};
const APP_CHECK_DOCS = {
  summary: 'License status of a site: free trial or premium',
  description: "Answers with the product's active popup messages (`popup_message`, cached for 1 h). Premium licenses are checked with the store (15 s timeout).",
  params: BridgeAppLicenseCheckParams,
  examples: [
    { code: BridgeCode.TRIAL_VALID, summary: 'Free trial valid (also during its grace period)', fields: { license_type: 'free_trial', data: trialData, popup_message: popup } },
    { code: BridgeCode.TRIAL_EXPIRED, summary: 'Free trial expired', fields: { license_type: 'free_trial', data: { ...trialData, status: 'expired' }, popup_message: popup } },
    { code: BridgeCode.PREMIUM_VALID, summary: 'Premium license valid', fields: { license_type: 'premium', data: upstreamLicense, popup_message: popup } },
    { code: BridgeCode.PREMIUM_EXPIRED, summary: 'Premium license expired', fields: { license_type: 'premium', data: { ...upstreamLicense, status: 'expired' }, popup_message: popup } },
    {
      code: BridgeCode.PREMIUM_INVALID,
      summary: 'Premium license invalid',
      fields: { license_type: 'invalid', data: [], popup_message: popup, error_type: 'invalid_activation' },
      message: 'License activation could not be found',
    },
    { code: BridgeCode.PREMIUM_NOT_CONFIGURED, summary: 'Upgraded trial without a current activation', fields: { license_type: 'invalid', data: [], popup_message: popup } },
    { code: BridgeCode.LICENSE_DATA_NOT_FOUND, summary: 'No activation hash stored', fields: { license_type: 'invalid', data: [], popup_message: popup } },
    { code: BridgeCode.NO_TRIAL, summary: 'No trial record for the site and product', fields: { license_type: 'invalid', data: [], popup_message: popup } },
    { code: BridgeCode.INVALID_CONFIGURATION, summary: 'Product misconfigured', fields: { license_type: 'invalid', data: [], popup_message: popup } },
    { ...refused, fields: { license_type: 'invalid', data: [], popup_message: popup, error_type: 'destination_refused' } },
    { code: BridgeCode.UPSTREAM_UNAVAILABLE, summary: 'Store unreachable, too slow or answering garbage', fields: { license_type: 'invalid', data: [], popup_message: popup, error_type: 'timeout' } },
  ] as BridgeExample[],
};
const DEACTIVATE_DOCS = {
  summary: 'Deactivate a license on a site, or record that the plugin was deleted',
  description: '`appza_action=license_deactivate` (needs `license_key`) forwards to `deactivate_license`; the activation is marked deactivated and the trial returns to trial mode. `appza_action=plugin_delete` marks the site\'s trial deleted.',
  params: BridgeDeactivateParams,
  examples: [
    { code: BridgeCode.DEACTIVATED, summary: 'Deactivated', fields: { data: { status: 'deactivated', activation_limit: 5, activations_count: 0, success: true } } },
    { code: BridgeCode.PLUGIN_DELETED, summary: 'Plugin deleted' },
    { code: BridgeCode.RECORD_NOT_FOUND_FOR_SITE, summary: 'No active activation of this key on this site' },
    { code: BridgeCode.NO_TRIAL, summary: 'plugin_delete: no trial record for the site' },
    { code: BridgeCode.UPSTREAM_REJECTED, summary: 'The store refused', fields: { error_type: 'site_not_found' }, message: 'This website is not registered under your license.' },
    config,
    refused,
    connection,
  ] as BridgeExample[],
};
const FREE_TRIAL_DOCS = {
  summary: 'Start the free trial of a site',
  description: '7-day trial, usable until its grace date (14 days after the start). One per site and product; after `plugin_delete` the same trial is restored with its original dates.',
  params: BridgeFreeTrialParams,
  examples: [
    { code: BridgeCode.TRIAL_CREATED, summary: 'Created', fields: { license_type: 'free_trial', data: trialData } },
    { code: BridgeCode.TRIAL_RESTORED, summary: 'Restored after plugin_delete', fields: { license_type: 'free_trial', data: trialData } },
    { code: BridgeCode.TRIAL_EXISTS, summary: 'The site already has a trial of this product' },
  ] as BridgeExample[],
};

const q = (name: string, required: boolean, example: string, description: string): QueryParamDoc => ({ name, required, example, description });
const SITE = q('site_url', true, 'https://example.com', 'The website URL (normalized to https://host)');
const KEY = q('license_key', true, 'FLUENT-LICENSE-KEY-1234', 'The license key the FluentCart store issued');
const PRODUCT = q('product', true, 'appza', "A product slug of the lead's vendor");

export const ActivateDocs = () =>
  applyDecorators(
    BridgeDocs(ACTIVATE_DOCS),
  );

export const CheckDocs = () =>
  applyDecorators(
    BridgeDocs(CHECK_DOCS),
  );

export const VersionCheckDocs = () =>
  applyDecorators(
    BridgeDocs(VERSION_DOCS),
  );

export const AppLicenseCheckDocs = () =>
  applyDecorators(
    BridgeDocs(APP_CHECK_DOCS),
  );

export const DeactivateDocs = () =>
  applyDecorators(
    BridgeDocs(DEACTIVATE_DOCS),
  );

export const FreeTrialDocs = () =>
  applyDecorators(
    BridgeDocs(FREE_TRIAL_DOCS),
  );

export const CheckAliasDocs = () =>
  applyDecorators(
    BridgeDocs({ ...CHECK_DOCS, summary: `${CHECK_DOCS.summary} (deployed alias)`, query: [SITE, KEY] }),
  );

export const ActivateAliasDocs = () =>
  applyDecorators(
    BridgeDocs({ ...ACTIVATE_DOCS, summary: `${ACTIVATE_DOCS.summary} (deployed alias)` }),
  );

export const DeactivateAliasDocs = () =>
  applyDecorators(
    BridgeDocs({
      ...DEACTIVATE_DOCS,
      summary: `${DEACTIVATE_DOCS.summary} (deployed alias)`,
      query: [SITE, PRODUCT, q('appza_action', true, 'license_deactivate', 'license_deactivate or plugin_delete'), q('license_key', false, 'FLUENT-LICENSE-KEY-1234', 'Required for license_deactivate')],
    }),
  );

export const VersionCheckAliasDocs = () =>
  applyDecorators(
    BridgeDocs({ ...VERSION_DOCS, summary: `${VERSION_DOCS.summary} (deployed alias)` }),
  );

export const AppLicenseCheckAliasDocs = () =>
  applyDecorators(
    BridgeDocs({ ...APP_CHECK_DOCS, summary: `${APP_CHECK_DOCS.summary} (deployed alias)`, query: [SITE, PRODUCT] }),
  );
