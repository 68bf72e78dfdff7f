import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { ContractException, InputValidationException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { formatMerafDate } from '../licenses/license-dates';
import { Product, ProductVariation, ProductVersion } from './entities';
import {
  ConflictError,
  ProductInputError,
  ProductInUseError,
  ProductNotFoundError,
  ProductsError,
  ReleaseFileNotFoundError,
  UploadRejectedError,
  UploadTooLargeError,
  VariationNotFoundError,
  VersionNotFoundError,
} from './product-errors';
import type { ReleaseFileView } from './release-files.service';
import type { VersionView } from './releases.service';

/*
 * Two wire contracts live here:
 * - the tenant REST API under /api/user/products (real HTTP statuses, ISO 8601 dates), and
 * - the MERAF information routes (HTTP 200 with result/error_code, `YYYY-MM-DD HH:mm:ss` dates).
 */

// ---------- tenant REST API ----------

export function presentProduct(p: Product) {
  return { id: p.id, name: p.name, slug: p.slug, description: p.description, created_at: p.createdAt, updated_at: p.updatedAt };
}

export function presentVariation(v: ProductVariation) {
  return { id: v.id, name: v.name, slug: v.slug, created_at: v.createdAt, updated_at: v.updatedAt };
}

export function presentVersion({ version: v, variation }: VersionView) {
  return {
    id: v.id,
    version: v.version,
    variation: variation?.name ?? null,
    variation_id: variation?.id ?? null,
    current: v.isCurrent,
    release_date: v.releaseDate,
    changelog: v.changelog ?? '',
    created_at: v.createdAt,
    updated_at: v.updatedAt,
  };
}

export function presentFile({ file, version, variation }: ReleaseFileView) {
  return {
    id: file.id,
    name: file.fileName,
    version: version.version,
    version_id: version.id,
    variation: variation?.name ?? null,
    size: file.size,
    sha256: file.sha256,
    content_type: file.contentType,
    created_at: file.createdAt,
  };
}

/** Turns the products services' outcomes into the tenant REST API's error responses. */
export function productsErrorToHttp(e: ProductsError): Error {
  if (e instanceof ProductInputError) return new InputValidationException(e.errors);
  if (e instanceof UploadRejectedError) return new InputValidationException({ [e.field]: [e.message] }, { message: e.message });
  if (
    e instanceof ProductNotFoundError ||
    e instanceof VariationNotFoundError ||
    e instanceof VersionNotFoundError ||
    e instanceof ReleaseFileNotFoundError
  ) {
    return new ContractException(merafError(e.message, MerafCode.NOT_FOUND), 404);
  }
  if (e instanceof ProductInUseError) return new ContractException(merafError(e.message, MerafCode.CONFLICT, { licenses: e.licenses }), 409);
  if (e instanceof ConflictError) return new ContractException(merafError(e.message, MerafCode.CONFLICT, { errors: { [e.field]: [e.message] } }), 409);
  if (e instanceof UploadTooLargeError) {
    return new ContractException(merafError(e.message, MerafCode.PAYLOAD_TOO_LARGE, { max_bytes: e.maxBytes }), 413);
  }
  return e;
}

/** Maps ProductsError thrown by a handler to the tenant REST API's responses (the global filter renders them). */
@Injectable()
export class ProductsErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((e) => throwError(() => (e instanceof ProductsError ? productsErrorToHttp(e) : e))));
  }
}

// ---------- MERAF information routes ----------

export const INFO_MESSAGES = {
  EMPTY: 'Requested data is empty',
  UNKNOWN_PRODUCT: 'Requested product is not existing.',
} as const;

/** Nothing found: HTTP 200 with `error_code` 204 (RETURNED_EMPTY). */
export const emptyBody = () => merafError(INFO_MESSAGES.EMPTY, MerafCode.RETURNED_EMPTY);
/** Unknown product: HTTP 200 with `error_code` 500 (QUERY_NOT_FOUND), as deployed servers answer. */
export const unknownProductBody = () => merafError(INFO_MESSAGES.UNKNOWN_PRODUCT, MerafCode.QUERY_NOT_FOUND);

/** The current version of each line, by variation id (0: the product itself). */
export function currentVersions(versions: ProductVersion[]): Map<number, ProductVersion> {
  const out = new Map<number, ProductVersion>();
  for (const v of versions) if (v.isCurrent) out.set(v.variationKey, v);
  return out;
}

export function presentInfoProducts(products: Product[]) {
  return { result: 'success', products: products.map((p) => p.name) };
}

export function presentInfoVariations(products: Product[], variations: Map<number, ProductVariation[]>) {
  return {
    result: 'success',
    products: products.map((p) => ({ name: p.name, slug: p.slug, variations: (variations.get(p.id) ?? []).map((v) => v.name) })),
  };
}

/** Products with their current version, and each variation's (its own, else the product's). */
export function presentInfoVersions(products: Product[], variations: Map<number, ProductVariation[]>, versions: ProductVersion[]) {
  return {
    result: 'success',
    products: products.map((p) => {
      const current = currentVersions(versions.filter((v) => v.productId === p.id));
      const own = current.get(0)?.version ?? null;
      return {
        name: p.name,
        slug: p.slug,
        version: own,
        variations: (variations.get(p.id) ?? []).map((v) => ({ name: v.name, version: current.get(v.id)?.version ?? own })),
      };
    }),
  };
}

/** `/api/variation/all`: each variation name with the products that have it. */
export function presentInfoVariationList(products: Product[], variations: Map<number, ProductVariation[]>) {
  const byName = new Map<string, { name: string; products: string[] }>();
  for (const p of products) {
    for (const v of variations.get(p.id) ?? []) {
      const entry = byName.get(v.nameKey) ?? { name: v.name, products: [] };
      entry.products.push(p.name);
      byName.set(v.nameKey, entry);
    }
  }
  return { result: 'success', variations: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * A product's changelog: the version history newest first, plus `version` and `changelog` of
 * its current version (the two fields deployed servers answer with).
 */
export function presentChangelog(product: Product, history: VersionView[]) {
  const current = history.find((h) => h.version.isCurrent && h.variation === null) ?? null;
  return {
    name: product.name,
    slug: product.slug,
    version: current?.version.version ?? null,
    changelog: current?.version.changelog ?? '',
    versions: history.map(({ version: v, variation }) => ({
      version: v.version,
      variation: variation?.name ?? null,
      date: formatMerafDate(v.releaseDate),
      current: v.isCurrent,
      changelog: v.changelog ?? '',
    })),
  };
}
