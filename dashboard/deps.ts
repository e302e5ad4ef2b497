import { AlertService } from '../src/alerts/alert-service';
import type { Symphony } from '../src/bus/symphony';
import { QueueControlService } from '../src/control/queue-control.service';
import { FailedMessages } from '../src/failed/failed-messages';
import { MessageSearch } from '../src/messages/message-search';
import type { Schedules } from '../src/scheduler/schedules';
import { BulkJobs } from './pages/bulk-jobs';
import type { RenderOptions } from './render';

/** The services the pages are thin views over: the same ones HTTP and the CLI use. */
export interface DashboardDeps extends RenderOptions {
  symphony: Symphony;
  schedules: Schedules;
  search: MessageSearch;
  failed: FailedMessages;
  control: QueueControlService;
  bulk: BulkJobs;
  /** Opened on first use (its store connection is the HTTP app's to close). */
  alerts: () => AlertService;
}

export function dashboardDeps(
  symphony: Symphony,
  schedules: Schedules,
  authOff: boolean,
  alerts: () => AlertService = () => new AlertService(symphony),
): DashboardDeps {
  return {
    symphony,
    schedules,
    authOff,
    search: new MessageSearch(symphony),
    failed: new FailedMessages(symphony),
    control: new QueueControlService(symphony),
    bulk: new BulkJobs(),
    alerts,
  };
}
