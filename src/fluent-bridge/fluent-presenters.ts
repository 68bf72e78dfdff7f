import { FluentActivation } from './entities/fluent-activation.entity';
import { FluentFreeTrial } from './entities/fluent-free-trial.entity';
import { FluentLead } from './entities/fluent-lead.entity';
import { FluentLicenseInfo } from './entities/fluent-license-info.entity';
import { FluentPopupMessage } from './entities/fluent-popup-message.entity';
import { FluentProduct } from './entities/fluent-product.entity';
import { formatUtc } from './trial-rules';

/** The vendor API's (and CLI's) JSON shapes of the bridge's rows. */
export function presentProduct(p: FluentProduct) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    api_url: p.apiUrl,
    item_id: p.itemId,
    is_active: p.isActive,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export function presentPopupMessage(m: FluentPopupMessage) {
  return { id: m.id, type: m.type, message: m.message, is_active: m.isActive, created_at: m.createdAt, updated_at: m.updatedAt };
}

export function presentLead(lead: FluentLead, productSlug: string) {
  return {
    id: lead.id,
    product: productSlug,
    domain: lead.domain,
    email: lead.email,
    name: lead.name,
    status: lead.status,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
    closed_at: lead.closedAt,
  };
}

export function presentTrial(t: FluentFreeTrial, productSlug: string) {
  return {
    id: t.id,
    product: productSlug,
    site_url: t.siteUrl,
    name: t.name,
    email: t.email,
    status: t.status,
    license_type: t.isPremium ? 'premium' : 'free_trial',
    premium_activation_id: t.premiumActivationId,
    starts_at: formatUtc(t.startsAt),
    expiration_date: formatUtc(t.expiresAt),
    grace_period_date: formatUtc(t.graceEndsAt),
    created_at: t.createdAt,
  };
}

export function presentActivation(a: FluentActivation, info: FluentLicenseInfo | null, productSlug: string) {
  return {
    id: a.id,
    product: productSlug,
    site_url: a.siteUrl,
    license_key: a.licenseKey,
    email: a.email,
    is_current: a.isCurrent,
    is_deactivated: a.isDeactivated,
    activated_at: a.activatedAt,
    deactivated_at: a.deactivatedAt,
    license: info
      ? {
          license_status: info.licenseStatus,
          product_id: info.upstreamProductId,
          variation_id: info.variationId,
          product_title: info.productTitle,
          variation_title: info.variationTitle,
          activation_limit: info.activationLimit,
          activations_count: info.activationsCount,
          expiration_date: info.isLifetime ? 'lifetime' : formatUtc(info.expiresAt),
        }
      : null,
  };
}
