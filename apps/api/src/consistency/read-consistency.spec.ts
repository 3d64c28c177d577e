import { lastValueFrom, of } from 'rxjs';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CallerPositions, requestWrites } from './caller-positions.js';
import { ReadConsistency } from './read-consistency.js';
import { ReadConsistencyInterceptor } from './read-consistency.interceptor.js';
import { ReadModelCatalogue } from './read-models.js';
import { READS_MODELS } from './reads-models.decorator.js';

/** A watermark that records what it was asked and answers at once. */
function watermark() {
  const asked: Array<Map<string, bigint>> = [];
  return { asked, waitFor: async (targets: ReadonlyMap<string, bigint>) => (asked.push(new Map(targets)), true) };
}

function setup() {
  const positions = new CallerPositions(new ReadModelCatalogue(), { ttlMs: 60_000, maxCallers: 10 });
  const mark = watermark();
  const waits: string[] = [];
  const consistency = new ReadConsistency(positions, mark, { timeoutMs: 1000 }, (outcome) => waits.push(outcome));
  const interceptor = new ReadConsistencyInterceptor(new Reflector(), consistency);
  return { positions, mark, waits, interceptor };
}

class Reads {
  handler(): void {}
}
Reflect.defineMetadata(READS_MODELS, ['assignment_board_v1'], Reads);

function context(method: string, headers: Record<string, string> = {}, sub = 'an'): ExecutionContext {
  const request = { method, headers, principal: { sub } };
  const reply = { header: () => reply };
  return {
    getType: () => 'http',
    getHandler: () => Reads.prototype.handler,
    getClass: () => Reads,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

describe('a read and the caller\'s own writes', () => {
  it('goes straight to the handler when the caller wrote nothing and sent no token (no wait, no write record)', async () => {
    const { mark, waits, interceptor } = setup();
    let store: unknown = 'not called';
    const next: CallHandler = { handle: () => ((store = requestWrites.getStore()), of({ ok: true })) };
    expect(await lastValueFrom(interceptor.intercept(context('GET'), next))).toEqual({ ok: true });
    expect(store).toBeUndefined();
    expect(mark.asked).toEqual([]);
    expect(waits).toEqual(['none']);
  });

  it('waits for the caller\'s own last write to the models it reads, and for a token', async () => {
    const { positions, mark, waits, interceptor } = setup();
    positions.appended({ caller: 'an', types: ['AssignmentHandedOff'], position: 42n });
    const next: CallHandler = { handle: () => of({ ok: true }) };
    await lastValueFrom(interceptor.intercept(context('GET'), next));
    await lastValueFrom(interceptor.intercept(context('GET', { 'ledger-min-position': '50' }, 'binh'), next));
    expect(mark.asked).toEqual([new Map([['assignment_board_v1', 42n]]), new Map([['assignment_board_v1', 50n]])]);
    expect(waits).toEqual(['waited', 'waited']);
  });

  it('opens a write record around a command, which reports its position', async () => {
    const { positions, interceptor } = setup();
    const next: CallHandler = { handle: () => (positions.appended({ caller: 'an', types: [], position: 7n }), of({ version: 1 })) };
    expect(await lastValueFrom(interceptor.intercept(context('POST'), next))).toEqual({ version: 1, position: '7' });
  });
});
