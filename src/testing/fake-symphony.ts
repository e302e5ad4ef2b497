import type { AppDefinition } from '../bus/app-definition';
import { holdSymphony } from '../next/get-symphony';
import { createTestBus, type TestBus, type TestBusOptions } from './test-bus';

/**
 * Laravel's Queue::fake() for code that gets its bus from getSymphony() (symphony-messenger/next):
 * from now on getSymphony(app) returns this TestBus; closing it puts the previous bus back.
 */
export function fakeSymphony(app: AppDefinition, options: TestBusOptions & { key?: string } = {}): TestBus {
  const bus = createTestBus(app, options);
  const restore = holdSymphony(app, bus, options.key);
  const close = bus.close.bind(bus);
  bus.close = async () => {
    restore();
    await close();
  };
  return bus;
}
