import { Module } from '@nestjs/common';
import { OutboundHttp } from './outbound-http';

/** Infrastructure: the one guarded client for every outgoing HTTP call (bridge upstreams, webhooks). */
@Module({ providers: [OutboundHttp], exports: [OutboundHttp] })
export class OutboundModule {}
