/**
 * Webhook signatures: `X-Parcours-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw
 * request body with the webhook's secret. Receivers recompute it over the bytes they got
 * (before parsing the JSON) and compare in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-parcours-signature';
export const EVENT_HEADER = 'x-parcours-event';
export const DELIVERY_HEADER = 'x-parcours-delivery';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
