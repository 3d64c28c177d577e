import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ledger:public';
/** Marks a route as open to unauthenticated callers (health probes, docs). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
