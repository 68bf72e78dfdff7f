import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DEFAULT_RATE_LIMIT_TIER, RateLimitTier, rateLimitTierOf } from './rate-limit-tier.decorator';

@Controller()
class Untagged {
  @Get()
  plain() {}

  @Get()
  @RateLimitTier('auth')
  tagged() {}
}

@Controller()
@RateLimitTier('management')
class TaggedController {
  @Get()
  inherits() {}

  @Get()
  @RateLimitTier('none')
  overrides() {}
}

const ctx = (cls: object, handler: () => void) => ({ getClass: () => cls, getHandler: () => handler }) as unknown as ExecutionContext;

describe('rateLimitTierOf', () => {
  const reflector = new Reflector();

  it('puts a route without a decorator in the default tier (info)', () => {
    expect(DEFAULT_RATE_LIMIT_TIER).toBe('info');
    expect(rateLimitTierOf(reflector, ctx(Untagged, Untagged.prototype.plain))).toBe('info');
  });

  it("uses the handler's tier over its controller's, and the controller's when the handler has none", () => {
    expect(rateLimitTierOf(reflector, ctx(Untagged, Untagged.prototype.tagged))).toBe('auth');
    expect(rateLimitTierOf(reflector, ctx(TaggedController, TaggedController.prototype.inherits))).toBe('management');
    expect(rateLimitTierOf(reflector, ctx(TaggedController, TaggedController.prototype.overrides))).toBe('none');
  });
});
