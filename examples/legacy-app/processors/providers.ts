/** What the old cron jobs send through: in the app, thin wrappers around its mail and SMS clients. */
export interface LegacyProviders {
  email: { send(mail: { to: string; subject: string; text?: string; html?: string }): Promise<void> };
  sms: { send(to: string, text: string): Promise<void> };
}

/** What one run of an old cron job did; `skipped` says why it did nothing. */
export interface LegacyRunResult {
  sent: number;
  failed: number;
  skipped?: string;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
