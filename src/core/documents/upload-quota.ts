// Per-key upload quota (issue 11): how many bytes one API key may upload per day, so that a single
// key cannot fill the disk or database every node serves files from. Files through the document
// service (`/upload`, `/upload/<id>`) and direct multipart uploads to documents all count; the
// counters live in the Store (one per key and UTC day of the business clock, named by the day's
// number since the epoch), so every node of a PostgreSQL deployment shares them and keys never
// count against each other.
import { ApiError } from '../http/errors.ts';
import type { Store } from '../storage/store.ts';
import type { Clock } from '../time/clock.ts';

const DAY_MS = 86_400_000;

/** What one upload was charged, on the day's counter it was charged to (for a refund). */
export interface UploadCharge {
  readonly counter: string;
  readonly bytes: number;
}

export class UploadQuota {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly bytesPerDay: number;

  /** `bytesPerDay` 0 turns the quota off. */
  constructor(store: Store, clock: Clock, bytesPerDay: number) {
    this.store = store;
    this.clock = clock;
    this.bytesPerDay = bytesPerDay;
  }

  /**
   * Counts `bytes` against the uploader's quota of today, before anything is stored. Over it →
   * 429 with `Retry-After` (seconds until the quota renews): the refusal is temporary and the same
   * file is accepted tomorrow, which is what 429 says; 413 would blame the request's own size
   * (the same file may be small) and 403 would read as a lasting lack of permission.
   */
  async charge(uploader: string, bytes: number): Promise<UploadCharge | null> {
    if (this.bytesPerDay === 0) return null;
    const now = this.clock.now();
    const day = Math.floor(now / DAY_MS);
    const counter = `upload/${uploader}/${day}`;
    if (await this.store.chargeUsage(counter, bytes, this.bytesPerDay)) return { counter, bytes };
    const retryAfter = Math.max(1, Math.ceil(((day + 1) * DAY_MS - now) / 1000));
    throw new ApiError(
      429,
      [{ location: 'body', name: 'file', description: `Upload quota exceeded: the limit is ${this.bytesPerDay} bytes per day.` }],
      { 'Retry-After': String(retryAfter) },
    );
  }

  /** Gives back a charge whose upload stored nothing (it lost a race for its key). */
  async refund(charge: UploadCharge | null): Promise<void> {
    if (charge) await this.store.chargeUsage(charge.counter, -charge.bytes, this.bytesPerDay);
  }
}
