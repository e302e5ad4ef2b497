import { closeTestBuses, testBus } from '../helpers/bus';
import { failedMessagesSuite } from './failed-messages.suite';

afterEach(closeTestBuses);

describe('failed messages (DLQ) on BullMQ over Redis', () => {
  failedMessagesSuite((app) => testBus(app));
});
