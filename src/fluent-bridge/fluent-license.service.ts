import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, Not } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { BridgeCode } from '../common/result-codes';
import { lockRow, withTransaction } from '../database/transaction';
import { BridgeOutcome, invalidInput, outcome } from './bridge-outcome';
import type { BridgeActivateParams, BridgeAppLicenseCheckParams, BridgeCheckParams, BridgeDeactivateParams, BridgeFreeTrialParams, BridgeVersionCheckParams } from './dto/bridge-params.dto';
import { FluentActivation } from './entities/fluent-activation.entity';
import { FluentFreeTrial } from './entities/fluent-free-trial.entity';
import { FluentLicenseInfo } from './entities/fluent-license-info.entity';
import { FluentProduct } from './entities/fluent-product.entity';
import type { LeadContext } from './fluent-leads.service';
import { FluentProductsService, isDuplicateKey, PopupMessageView } from './fluent-products.service';
import { normalizeSiteUrl, siteIsOnDomain } from './site-url';
import { formatUtc, trialUsable } from './trial-rules';
import { FluentCallResult, FluentClient } from './upstream/fluent-client';
import { FLUENT_ERROR_MESSAGES, fluentErrorMessage, fluentErrorType, isSuccess, licenseFacts, protocolFields } from './upstream/fluent-protocol';

const INVALID_URL = 'The site url must be a valid URL.';
const INVALID_PRODUCT = 'The selected product is invalid.';
const DAY_MS = 86_400_000;

/**
 * A lead's token acts only on the lead's domain (and its subdomains), as the original's
 * authorization check did: a valid site elsewhere is refused like a bad token (401). An unusable
 * `site_url` is left to each flow's 422.
 */
function foreignSite(lead: LeadContext, siteUrl: string | undefined): boolean {
  const site = siteUrl ? normalizeSiteUrl(siteUrl) : null;
  return site !== null && !siteIsOnDomain(site, lead.domain);
}

export interface SiteListFilter {
  productSlug?: string;
  siteUrl?: string;
  licenseKey?: string;
}

/**
 * The License API v1 flows (fluent-upstream.md, "How the original bridge behaves", as
 * DECISIONS B fixes them): premium activation, check, version and deactivation forwarded to the
 * product's FluentCart store, free trials, and the app license check. Every query is scoped to
 * the tenant of the lead; upstream failures come back as outcomes, never as exceptions.
 */
@Injectable()
export class FluentLicenseService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly products: FluentProductsService,
    private readonly client: FluentClient,
  ) {}

  async activate(lead: LeadContext, p: BridgeActivateParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    const site = normalizeSiteUrl(p.site_url);
    if (!site) return invalidInput('site_url', INVALID_URL);
    const product = await this.products.findBySlug(lead.tenantId, lead.productSlug);
    if (!product) return outcome(BridgeCode.LOCAL_LICENSE_NOT_FOUND);
    const upstream = this.products.upstreamConfig(product);
    if (!upstream) return outcome(BridgeCode.INVALID_CONFIGURATION);

    const result = await this.client.call(
      upstream.apiUrl,
      'activate_license',
      { license_key: p.license_key, item_id: upstream.itemId, site_url: site },
      { timeoutMs: this.config.bridge.timeoutMs },
    );
    const answer = answerOf(result, BridgeCode.CONNECTION_FAILED, BridgeCode.UPSTREAM_INVALID_RESPONSE);
    if ('failed' in answer) return answer.failed;
    const body = answer.body;
    if (!isSuccess(body) || body.status !== 'valid' || fluentErrorType(body)) {
      return outcome(BridgeCode.UPSTREAM_REJECTED, { error_type: fluentErrorType(body) }, fluentErrorMessage(body, 'License activation failed.'));
    }

    // a site without a free trial gets its record now (the original answered "Local license not found.")
    const siteRecordId = await this.ensureSiteRecord(lead, product.id, site, p.email || lead.email || '');
    await withTransaction(this.ds, async (m) => {
      // the site's record is the parent of its activations: locking it serializes activations of one site
      await lockRow(m, 'fluent_free_trials', siteRecordId);
      const trial = (await m.getRepository(FluentFreeTrial).findOne({ where: { id: siteRecordId, tenantId: lead.tenantId } }))!;
      const repo = m.getRepository(FluentActivation);
      const now = new Date();
      let activation = await repo.findOne({ where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site, licenseKey: p.license_key } });
      activation ??= repo.create({ tenantId: lead.tenantId, productId: product.id, siteUrl: site, licenseKey: p.license_key });
      Object.assign(activation, {
        email: p.email || lead.email || null,
        isCurrent: true,
        isDeactivated: false,
        activatedAt: now,
        deactivatedAt: null,
      });
      activation = await repo.save(activation);
      await repo.update({ tenantId: lead.tenantId, productId: product.id, siteUrl: site, id: Not(activation.id) }, { isCurrent: false });
      await this.saveFacts(m, lead.tenantId, activation.id, body, true);
      // a deleted plugin that comes back with a premium license is installed again
      await m.getRepository(FluentFreeTrial).update(
        { id: trial.id, tenantId: lead.tenantId },
        { isPremium: true, premiumActivationId: activation.id, ...(trial.status === 'deleted' ? { status: 'active' as const, deletedAt: null } : {}) },
      );
    });
    return outcome(BridgeCode.ACTIVATED, { data: protocolFields('activate_license', body) });
  }

  async check(lead: LeadContext, p: BridgeCheckParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    const site = normalizeSiteUrl(p.site_url);
    if (!site) return invalidInput('site_url', INVALID_URL);
    const product = await this.products.findBySlug(lead.tenantId, lead.productSlug);
    const upstream = this.products.upstreamConfig(product);
    if (!product || !upstream) return outcome(BridgeCode.INVALID_CONFIGURATION);
    const activation = await this.ds.getRepository(FluentActivation).findOne({
      where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site, licenseKey: p.license_key, isDeactivated: false },
    });
    if (!activation) return outcome(BridgeCode.RECORD_NOT_FOUND_FOR_SITE);
    const info = await this.info(lead.tenantId, activation.id);

    const result = await this.client.call(
      upstream.apiUrl,
      'check_license',
      { license_key: p.license_key, activation_hash: info?.activationHash, item_id: upstream.itemId, site_url: site },
      { timeoutMs: this.config.bridge.timeoutMs },
    );
    const answer = answerOf(result, BridgeCode.CONNECTION_FAILED, BridgeCode.UPSTREAM_INVALID_RESPONSE);
    if ('failed' in answer) return answer.failed;
    const body = answer.body;
    const errorType = fluentErrorType(body);
    if (!errorType && isSuccess(body)) await withTransaction(this.ds, (m) => this.saveFacts(m, lead.tenantId, activation.id, body, false));
    if (isSuccess(body) && !errorType && body.status === 'valid') return outcome(BridgeCode.LICENSE_VALID, { data: protocolFields('check_license', body) });
    return outcome(BridgeCode.LICENSE_NOT_VALID, { error_type: errorType }, notValidMessage(body, 'License is not valid.'));
  }

  async versionCheck(lead: LeadContext, p: BridgeVersionCheckParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    let site: string | null = null;
    if (p.site_url) {
      site = normalizeSiteUrl(p.site_url);
      if (!site) return invalidInput('site_url', INVALID_URL);
    }
    const product = await this.products.findBySlug(lead.tenantId, lead.productSlug);
    const upstream = this.products.upstreamConfig(product);
    if (!product || !upstream) return outcome(BridgeCode.INVALID_CONFIGURATION);
    const where: FindOptionsWhere<FluentActivation> = { tenantId: lead.tenantId, productId: product.id, licenseKey: p.license_key, isDeactivated: false };
    if (site) where.siteUrl = site;
    // without site_url: the key's current (else latest) activation on the lead's domain
    const activations = await this.ds.getRepository(FluentActivation).find({ where, order: { isCurrent: 'DESC', activatedAt: 'DESC', id: 'DESC' }, ...(site ? { take: 1 } : {}) });
    const activation = activations.find((a) => siteIsOnDomain(a.siteUrl, lead.domain));
    if (!activation) return outcome(BridgeCode.RECORD_NOT_FOUND_ACTIVATE_FIRST);
    const info = await this.info(lead.tenantId, activation.id);

    const result = await this.client.call(
      upstream.apiUrl,
      'get_license_version',
      { item_id: upstream.itemId, license_key: p.license_key, activation_hash: info?.activationHash, site_url: activation.siteUrl },
      { timeoutMs: this.config.bridge.timeoutMs },
    );
    const answer = answerOf(result, BridgeCode.CONNECTION_FAILED, BridgeCode.UPSTREAM_INVALID_RESPONSE);
    if ('failed' in answer) return answer.failed;
    const body = answer.body;
    if (!isSuccess(body) || fluentErrorType(body)) {
      return outcome(BridgeCode.UPSTREAM_REJECTED, { error_type: fluentErrorType(body) }, fluentErrorMessage(body, 'License version fetch failed.'));
    }
    return outcome(BridgeCode.VERSION_FETCHED, { version_data: protocolFields('get_license_version', body) });
  }

  async appLicenseCheck(lead: LeadContext, p: BridgeAppLicenseCheckParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    const product = await this.products.findByRef(lead.tenantId, p.product);
    if (!product) return invalidInput('product', INVALID_PRODUCT);
    const popup_message = await this.products.activePopupMessages(lead.tenantId, product.id);
    const site = normalizeSiteUrl(p.site_url);
    if (!site) return invalidInput('site_url', INVALID_URL, { popup_message });
    const notValid = (code: BridgeCode, extra: Record<string, unknown> = {}, message?: string) =>
      outcome(code, { license_type: 'invalid', data: [], popup_message, ...extra }, message);

    const trial = await this.activeTrial(lead.tenantId, product.id, site);
    if (!trial) return notValid(BridgeCode.NO_TRIAL);

    if (!trial.isPremium) {
      const data = trialData(trial, product);
      if (trialUsable(trial.graceEndsAt)) return outcome(BridgeCode.TRIAL_VALID, { license_type: 'free_trial', data, popup_message });
      return outcome(BridgeCode.TRIAL_EXPIRED, { license_type: 'free_trial', data: { ...data, status: 'expired' }, popup_message });
    }

    const activation = await this.ds.getRepository(FluentActivation).findOne({
      where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site, isCurrent: true, isDeactivated: false },
      order: { activatedAt: 'DESC', id: 'DESC' },
    });
    if (!activation) return notValid(BridgeCode.PREMIUM_NOT_CONFIGURED);
    const upstream = this.products.upstreamConfig(product);
    if (!upstream) return notValid(BridgeCode.INVALID_CONFIGURATION);
    const info = await this.info(lead.tenantId, activation.id);
    if (!info?.activationHash) return notValid(BridgeCode.LICENSE_DATA_NOT_FOUND);

    const result = await this.client.call(
      upstream.apiUrl,
      'check_license',
      { license_key: activation.licenseKey, activation_hash: info.activationHash, item_id: upstream.itemId, site_url: site },
      { timeoutMs: this.config.bridge.appCheckTimeoutMs },
    );
    const answer = answerOf(result, BridgeCode.UPSTREAM_UNAVAILABLE, BridgeCode.UPSTREAM_UNAVAILABLE);
    if ('failed' in answer) return notValid(answer.failed.code, answer.failed.fields);
    const body = answer.body;
    const errorType = fluentErrorType(body);
    if (isSuccess(body) && !errorType && (body.status === 'valid' || body.status === 'expired')) {
      await withTransaction(this.ds, (m) => this.saveFacts(m, lead.tenantId, activation.id, body, false));
      const code = body.status === 'valid' ? BridgeCode.PREMIUM_VALID : BridgeCode.PREMIUM_EXPIRED;
      return outcome(code, { license_type: 'premium', data: protocolFields('check_license', body), popup_message });
    }
    // `invalid` (disabled, activation gone, ...) is not reported as valid (the original did: DECISIONS B)
    return notValid(BridgeCode.PREMIUM_INVALID, { error_type: errorType ?? (typeof body.status === 'string' ? body.status : null) }, fluentErrorMessage(body, 'License is invalid.'));
  }

  async deactivate(lead: LeadContext, p: BridgeDeactivateParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    const product = await this.products.findByRef(lead.tenantId, p.product);
    if (!product) return invalidInput('product', INVALID_PRODUCT);
    const site = normalizeSiteUrl(p.site_url);
    if (!site) return invalidInput('site_url', INVALID_URL);

    if (p.appza_action === 'plugin_delete') {
      const trial = await this.activeTrial(lead.tenantId, product.id, site);
      if (!trial) return outcome(BridgeCode.NO_TRIAL);
      await withTransaction(this.ds, (m) => m.getRepository(FluentFreeTrial).update({ id: trial.id, tenantId: lead.tenantId }, { status: 'deleted', deletedAt: new Date() }));
      return outcome(BridgeCode.PLUGIN_DELETED);
    }

    const licenseKey = p.license_key!;
    const upstream = this.products.upstreamConfig(product);
    if (!upstream) return outcome(BridgeCode.INVALID_CONFIGURATION);
    const activation = await this.ds.getRepository(FluentActivation).findOne({
      where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site, licenseKey, isDeactivated: false },
    });
    if (!activation) return outcome(BridgeCode.RECORD_NOT_FOUND_FOR_SITE);

    const result = await this.client.call(
      upstream.apiUrl,
      'deactivate_license',
      { license_key: licenseKey, item_id: upstream.itemId, site_url: site },
      { timeoutMs: this.config.bridge.timeoutMs },
    );
    const answer = answerOf(result, BridgeCode.CONNECTION_FAILED, BridgeCode.UPSTREAM_INVALID_RESPONSE);
    if ('failed' in answer) return answer.failed;
    const body = answer.body;
    if (!isSuccess(body) || body.status !== 'deactivated' || fluentErrorType(body)) {
      return outcome(BridgeCode.UPSTREAM_REJECTED, { error_type: fluentErrorType(body) }, fluentErrorMessage(body, 'License deactivation failed.'));
    }

    await withTransaction(this.ds, async (m) => {
      const trial = await m.getRepository(FluentFreeTrial).findOne({ where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site } });
      if (trial) await lockRow(m, 'fluent_free_trials', trial.id);
      const repo = m.getRepository(FluentActivation);
      const current = await repo.findOne({ where: { id: activation.id, tenantId: lead.tenantId } });
      await repo.update({ id: activation.id, tenantId: lead.tenantId }, { isDeactivated: true, isCurrent: false, deactivatedAt: new Date() });
      await this.saveFacts(m, lead.tenantId, activation.id, body, false);
      // the site's premium license is gone: its trial returns to trial mode
      if (trial && (trial.premiumActivationId === activation.id || current?.isCurrent)) {
        await m.getRepository(FluentFreeTrial).update({ id: trial.id, tenantId: lead.tenantId }, { isPremium: false, premiumActivationId: null });
      }
    });
    return outcome(BridgeCode.DEACTIVATED, { data: protocolFields('deactivate_license', body) });
  }

  async freeTrial(lead: LeadContext, p: BridgeFreeTrialParams): Promise<BridgeOutcome> {
    if (foreignSite(lead, p.site_url)) return outcome(BridgeCode.UNAUTHORIZED);
    const product = await (p.product ? this.products.findByRef(lead.tenantId, p.product) : this.products.findBySlug(lead.tenantId, lead.productSlug));
    if (!product) return invalidInput('product', INVALID_PRODUCT);
    const site = normalizeSiteUrl(p.site_url);
    if (!site) return invalidInput('site_url', INVALID_URL);
    const repo = this.ds.getRepository(FluentFreeTrial);
    const existing = await repo.findOne({ where: { tenantId: lead.tenantId, productId: product.id, siteUrl: site } });
    if (existing?.status === 'active') return outcome(BridgeCode.TRIAL_EXISTS);
    if (existing) {
      // the plugin was deleted and is back: the same trial, with its original dates
      existing.status = 'active';
      existing.deletedAt = null;
      await withTransaction(this.ds, (m) => m.getRepository(FluentFreeTrial).save(existing));
      return outcome(BridgeCode.TRIAL_RESTORED, { license_type: 'free_trial', data: trialData(existing, product) });
    }
    const now = new Date();
    const trial = repo.create({
      tenantId: lead.tenantId,
      productId: product.id,
      siteUrl: site,
      name: p.name ?? '',
      email: p.email,
      status: 'active',
      startsAt: now,
      expiresAt: new Date(now.getTime() + this.config.bridge.trialDays * DAY_MS),
      graceEndsAt: new Date(now.getTime() + this.config.bridge.trialGraceDays * DAY_MS),
      isPremium: false,
      premiumActivationId: null,
      deletedAt: null,
    });
    try {
      await withTransaction(this.ds, (m) => m.getRepository(FluentFreeTrial).insert(trial));
    } catch (e) {
      if (isDuplicateKey(e)) return outcome(BridgeCode.TRIAL_EXISTS);
      throw e;
    }
    return outcome(BridgeCode.TRIAL_CREATED, { license_type: 'free_trial', data: trialData(trial, product) });
  }

  // vendor views

  async listTrials(tenantId: number, filter: SiteListFilter = {}): Promise<Array<{ trial: FluentFreeTrial; productSlug: string }>> {
    const products = await this.productMap(tenantId);
    const where: FindOptionsWhere<FluentFreeTrial> = { tenantId };
    if (filter.productSlug !== undefined) {
      const product = [...products.values()].find((x) => x.slug === filter.productSlug);
      if (!product) return [];
      where.productId = product.id;
    }
    if (filter.siteUrl) where.siteUrl = normalizeSiteUrl(filter.siteUrl) ?? filter.siteUrl;
    const rows = await this.ds.getRepository(FluentFreeTrial).find({ where, order: { id: 'DESC' }, take: 1000 });
    return rows.map((trial) => ({ trial, productSlug: products.get(trial.productId)?.slug ?? '' }));
  }

  async listActivations(
    tenantId: number,
    filter: SiteListFilter = {},
  ): Promise<Array<{ activation: FluentActivation; info: FluentLicenseInfo | null; productSlug: string }>> {
    const products = await this.productMap(tenantId);
    const where: FindOptionsWhere<FluentActivation> = { tenantId };
    if (filter.productSlug !== undefined) {
      const product = [...products.values()].find((x) => x.slug === filter.productSlug);
      if (!product) return [];
      where.productId = product.id;
    }
    if (filter.siteUrl) where.siteUrl = normalizeSiteUrl(filter.siteUrl) ?? filter.siteUrl;
    if (filter.licenseKey) where.licenseKey = filter.licenseKey;
    const rows = await this.ds.getRepository(FluentActivation).find({ where, order: { id: 'DESC' }, take: 1000 });
    const infos = rows.length ? await this.ds.getRepository(FluentLicenseInfo).find({ where: { tenantId, activationId: In(rows.map((r) => r.id)) } }) : [];
    const byActivation = new Map(infos.map((i) => [i.activationId, i]));
    return rows.map((activation) => ({ activation, info: byActivation.get(activation.id) ?? null, productSlug: products.get(activation.productId)?.slug ?? '' }));
  }

  // helpers

  /**
   * The id of the site's record for the product (its free trial row), created when the site has
   * none: a record made by a premium activation has no trial period (it ended the day before),
   * so deactivating the license later leaves an expired trial, not a free one.
   */
  private async ensureSiteRecord(lead: LeadContext, productId: number, siteUrl: string, email: string): Promise<number> {
    const repo = this.ds.getRepository(FluentFreeTrial);
    const where = { tenantId: lead.tenantId, productId, siteUrl };
    const existing = await repo.findOne({ where });
    if (existing) return existing.id;
    const now = new Date();
    const ended = new Date(now.getTime() - DAY_MS);
    const record = repo.create({
      ...where,
      name: '',
      email: email.slice(0, 191),
      status: 'active',
      startsAt: now,
      expiresAt: ended,
      graceEndsAt: ended,
      isPremium: false,
      premiumActivationId: null,
      deletedAt: null,
    });
    try {
      const inserted = await withTransaction(this.ds, (m) => m.getRepository(FluentFreeTrial).insert(record));
      return Number(inserted.identifiers[0]?.id);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return (await repo.findOneOrFail({ where })).id; // a concurrent activation of the same site created it
    }
  }

  private activeTrial(tenantId: number, productId: number, siteUrl: string): Promise<FluentFreeTrial | null> {
    return this.ds.getRepository(FluentFreeTrial).findOne({ where: { tenantId, productId, siteUrl, status: 'active' } });
  }

  private info(tenantId: number, activationId: number): Promise<FluentLicenseInfo | null> {
    return this.ds.getRepository(FluentLicenseInfo).findOne({ where: { tenantId, activationId } });
  }

  private async productMap(tenantId: number): Promise<Map<number, FluentProduct>> {
    return new Map((await this.products.list(tenantId)).map((x) => [x.id, x]));
  }

  /** Stores what an upstream answer says about the license; `replaceHash` only on activation (other answers carry no hash or the same one). */
  private async saveFacts(m: EntityManager, tenantId: number, activationId: number, body: Record<string, unknown>, replaceHash: boolean) {
    const facts = licenseFacts(body);
    const repo = m.getRepository(FluentLicenseInfo);
    const existing = await repo.findOne({ where: { tenantId, activationId } });
    const row = existing ?? repo.create({ tenantId, activationId });
    if (replaceHash || (facts.activationHash && !row.activationHash)) row.activationHash = facts.activationHash ?? row.activationHash ?? null;
    const keep = <T>(next: T | null, prev: T | null | undefined): T | null => (next !== null ? next : (prev ?? null));
    row.upstreamProductId = keep(facts.upstreamProductId, row.upstreamProductId);
    row.variationId = keep(facts.variationId, row.variationId);
    row.productTitle = keep(facts.productTitle, row.productTitle);
    row.variationTitle = keep(facts.variationTitle, row.variationTitle);
    row.activationLimit = keep(facts.activationLimit, row.activationLimit);
    row.activationsCount = keep(facts.activationsCount, row.activationsCount);
    if (facts.isLifetime) {
      row.isLifetime = true;
      row.expiresAt = null;
    } else if (facts.expiresAt) {
      row.isLifetime = false;
      row.expiresAt = facts.expiresAt;
    } else {
      row.isLifetime ??= false;
      row.expiresAt ??= null;
    }
    row.licenseStatus = keep(facts.licenseStatus, row.licenseStatus);
    await repo.save(row);
  }

}

/** The store's answer, or the outcome for a connection failure or an unreadable answer. */
function answerOf(result: FluentCallResult, connectionCode: BridgeCode, invalidCode: BridgeCode): { body: Record<string, unknown> } | { failed: BridgeOutcome } {
  switch (result.kind) {
    case 'answer':
      return { body: result.body };
    case 'refused':
      // the product's api_url points at an address the destination guard refuses: a configuration fault
      return { failed: outcome(BridgeCode.INVALID_CONFIGURATION, { error_type: 'destination_refused' }) };
    case 'unreachable':
      return { failed: outcome(connectionCode, { error_type: 'connection_error' }) };
    case 'timeout':
      return { failed: outcome(connectionCode, { error_type: 'timeout' }) };
    case 'invalid_response':
      return { failed: outcome(invalidCode, { error_type: result.reason === 'server_error' ? 'server_error' : 'invalid_response' }) };
  }
}

/** Why a checked license is not valid: the mapped error type, the expiry, or the upstream message. */
function notValidMessage(body: Record<string, unknown>, fallback: string): string {
  if (!fluentErrorType(body) && body.status === 'expired') return FLUENT_ERROR_MESSAGES.license_expired;
  return fluentErrorMessage(body, fallback);
}

/** The trial as app-license-check shows it (the original's fields; license fields are null for a trial). */
function trialData(trial: FluentFreeTrial, product: FluentProduct) {
  return {
    status: trial.status,
    site_url: trial.siteUrl,
    name: trial.name,
    email: trial.email,
    product: product.slug,
    product_id: null,
    variation_id: null,
    license_key: null,
    product_title: product.name || product.slug,
    variation_title: null,
    activation_limit: null,
    activations_count: null,
    expiration_date: formatUtc(trial.expiresAt),
    grace_period_date: formatUtc(trial.graceEndsAt),
  };
}
