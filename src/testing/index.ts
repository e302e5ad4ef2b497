/**
 * symphony-messenger/testing: test app code without a store. A bus on memory:// that records every
 * dispatch, jest matchers over it, and runHandlers() to handle what was dispatched. See docs/guide.md.
 */
export { fakeSymphony } from './fake-symphony';
export { symphonyMatchers, type BodyMatch } from './matchers';
export { createTestBus, TestBus, type DispatchedMessage, type TestBusOptions } from './test-bus';
