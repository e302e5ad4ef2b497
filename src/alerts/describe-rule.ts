import type { AlertRule } from './alert-rules';

const duration = (ms: number): string =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;

/** The rule's condition in words, for notifications and alerts:list. */
export function describeRule(rule: AlertRule): string {
  switch (rule.kind) {
    case 'failure-rate':
      return `queue ${rule.queue}: more than ${rule.above * 100}% of messages failed over ${duration(rule.windowMs)} (at least ${rule.minMessages} finished)`;
    case 'failed-growth':
      return `queue ${rule.queue}: failed store grew by more than ${rule.above} in ${duration(rule.windowMs)}`;
    case 'oldest-waiting':
      return `queue ${rule.queue}: a message has waited longer than ${duration(rule.olderThanMs)}`;
    case 'queue-depth':
      return `queue ${rule.queue}: more than ${rule.above} messages ${rule.states.join('/')}`;
    case 'no-worker':
      return `queue ${rule.queue}: no worker for ${duration(rule.forMs)}`;
    case 'schedule-missed':
      return `${rule.schedule ? `schedule ${rule.schedule}` : 'a schedule'}: a due run has not started ${duration(rule.graceMs)} after its time`;
  }
}
