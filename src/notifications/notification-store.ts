// The notification journal's port: one durable FIFO of notifications per instance.

export interface NewNotification {
  idInstance: number;
  typeWebhook: string;
  body: Record<string, unknown>;
  createdAt: number;
}

export interface StoredNotification extends NewNotification {
  /** GREEN-API's receiptId: increasing, so the oldest notification has the smallest. */
  receiptId: number;
}

export interface NotificationStore {
  /** Commits all in one transaction. */
  appendNotifications(notifications: NewNotification[]): Promise<void>;
  /** The oldest notification of the instance that is not deleted yet. */
  headNotification(idInstance: number): Promise<StoredNotification | undefined>;
  deleteNotification(idInstance: number, receiptId: number): Promise<boolean>;
  /** Deletes notifications created before the cutoff (retention) and returns how many per instance. */
  dropNotificationsBefore(cutoff: number): Promise<Map<number, number>>;
  /** How many notifications wait per instance that has any (or only the one given): to push them, and for metrics. */
  notificationCounts(idInstance?: number): Promise<Map<number, number>>;
  /** Deletes every notification of the instance (clearWebhooksQueue); answers how many. */
  clearNotifications(idInstance: number): Promise<number>;
}
