import type { Locale } from './locale.ts';
import { en, type Messages } from './messages-en.ts';
import { fr } from './messages-fr.ts';

export type { Messages };

export const MESSAGES: Record<Locale, Messages> = { en, fr };
