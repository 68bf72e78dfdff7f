import { FluentActivation } from './fluent-activation.entity';
import { FluentFreeTrial } from './fluent-free-trial.entity';
import { FluentLead } from './fluent-lead.entity';
import { FluentLicenseInfo } from './fluent-license-info.entity';
import { FluentPopupMessage } from './fluent-popup-message.entity';
import { FluentProduct } from './fluent-product.entity';

/** The bridge's entities, listed once in src/database/entities.ts. */
export const FLUENT_BRIDGE_ENTITIES = [FluentProduct, FluentLead, FluentActivation, FluentLicenseInfo, FluentFreeTrial, FluentPopupMessage];
