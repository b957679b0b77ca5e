// A fix is data, not prose: a set of settings to change, or one numeric setting to scale, with its
// reason. The CLI renders it in flag words (`--lr`), the lab in its control names, and "Apply fix"
// applies the data itself. Keys are the settings' keys (the config's, plus depth and width).

import { SETTING_KEYS, type SettingKey } from '../settings/index.js';
import { type output, z } from './zod.js';

export type { SettingKey };

/** Every key a fix may name: the config's settings, and depth/width (which resolve into hidden). */
export const FIX_KEYS = SETTING_KEYS as [SettingKey, ...SettingKey[]];

const settingKey = z.enum(FIX_KEYS);
const settingValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** Change these settings together, e.g. { activation: 'relu', init: 'he-normal' }. */
export const SetFixSchema = z.strictObject({
  set: z.partialRecord(settingKey, settingValue),
  /** why, in a few words: "f'(z) = 1 where active" */
  reason: z.string(),
});

/** Multiply one numeric setting, e.g. { scale: 'lr', by: 0.1 } lowers η tenfold. */
export const ScaleFixSchema = z.strictObject({
  scale: settingKey,
  by: z.number().positive(),
  reason: z.string(),
});

export const FixSchema = z.union([SetFixSchema, ScaleFixSchema]);

export type SetFix = output<typeof SetFixSchema>;
export type ScaleFix = output<typeof ScaleFixSchema>;
export type Fix = output<typeof FixSchema>;
export type FixValue = output<typeof settingValue>;

export const isSetFix = (f: Fix): f is SetFix => 'set' in f;
