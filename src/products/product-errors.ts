import type { FieldErrors } from '../common/contract.exception';

/** Outcomes of the catalogue, releases and files services; products.presenter.ts maps them to the wire. */
export abstract class ProductsError extends Error {}

export class ProductNotFoundError extends ProductsError {
  constructor() {
    super('Product not found.');
  }
}
export class VariationNotFoundError extends ProductsError {
  constructor() {
    super('Variation not found.');
  }
}
export class VersionNotFoundError extends ProductsError {
  constructor() {
    super('Version not found.');
  }
}
export class ReleaseFileNotFoundError extends ProductsError {
  constructor() {
    super('File not found.');
  }
}

/** Bad input the DTOs cannot see (a name that slugifies to a taken slug, a malformed version...). */
export class ProductInputError extends ProductsError {
  constructor(readonly errors: FieldErrors) {
    super('Invalid request parameters.');
  }
}

/** A unique name, slug, version or file name is taken. */
export class ConflictError extends ProductsError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Licenses reference the product (or the name being changed): deleting or renaming it would orphan them. */
export class ProductInUseError extends ProductsError {
  constructor(
    message: string,
    readonly licenses: number,
  ) {
    super(message);
  }
}

/** The upload was refused (empty, wrong content, bad name); nothing was stored. */
export class UploadRejectedError extends ProductsError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class UploadTooLargeError extends ProductsError {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes.`);
  }
}
