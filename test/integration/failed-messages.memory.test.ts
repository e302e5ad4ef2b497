import { closeTestBuses, testBus } from '../helpers/bus';
import { failedMessagesSuite } from './failed-messages.suite';

afterEach(closeTestBuses);

describe('failed messages (DLQ) on memory://', () => {
  failedMessagesSuite((app) => testBus(app, { defaultDsn: 'memory://' }));
});
