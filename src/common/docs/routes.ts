import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AUTH_METADATA, AuthRequirement } from '../../tenants/guards/auth.decorators';
import { RATE_LIMIT_TIER, DEFAULT_RATE_LIMIT_TIER, RateLimitTierName } from '../../security/rate-limit-tier.decorator';

/** One HTTP route of the app, as its decorators declare it. */
export interface RouteInfo {
  method: string;
  /** in OpenAPI form: `/api/license/validate/{secret}/{key}` */
  path: string;
  controller: string;
  handler: string;
  tier: RateLimitTierName;
  auth: AuthRequirement | undefined;
  /** names of the guards on the route or its controller (LeadTokenGuard, CronTokenGuard, ...) */
  guards: string[];
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

function joinPath(...parts: Array<string | undefined>): string {
  const path = `/${parts.filter((p) => p && p !== '/').map((p) => p!.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Every route of the app's controllers, read from their metadata (the document's routes, and the checks on them). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller?.prototype) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as Array<{ name?: string }>;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as object | undefined;
        if (typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (path === undefined || !method) continue;
        const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as Array<{ name?: string }>)];
        for (const p of Array.isArray(path) ? path : [path]) {
          routes.push({
            method,
            path: joinPath(base, p),
            controller: controller.name,
            handler: name,
            tier: (Reflect.getMetadata(RATE_LIMIT_TIER, handler) ?? Reflect.getMetadata(RATE_LIMIT_TIER, controller) ?? DEFAULT_RATE_LIMIT_TIER) as RateLimitTierName,
            auth: (Reflect.getMetadata(AUTH_METADATA, handler) ?? Reflect.getMetadata(AUTH_METADATA, controller)) as AuthRequirement | undefined,
            guards: guards.map((g) => g?.name ?? '').filter(Boolean),
          });
        }
      }
    }
  }
  return routes;
}
