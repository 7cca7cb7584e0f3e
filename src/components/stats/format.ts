/** Numbers with units in the page's language, through `Intl.NumberFormat` (formatters cached per language). */
const cache = new Map<string, Intl.NumberFormat>();

function formatter(lang: string, unit: string, digits: number): Intl.NumberFormat {
  const key = `${lang}|${unit}|${digits}`;
  let f = cache.get(key);
  if (!f) {
    const style = unit ? { style: 'unit' as const, unit } : {};
    f = new Intl.NumberFormat(lang || undefined, { ...style, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

/** A bitrate given in kbps: `850 kb/s`, `1.2 Mb/s`. */
export function formatBitrate(lang: string, kbps: number | null | undefined): string {
  if (kbps == null) return '–';
  return kbps >= 1000
    ? formatter(lang, 'megabit-per-second', 1).format(kbps / 1000)
    : formatter(lang, 'kilobit-per-second', 0).format(kbps);
}

export function formatMs(lang: string, ms: number | null | undefined): string {
  return ms == null ? '–' : formatter(lang, 'millisecond', 0).format(ms);
}

export function formatPercent(lang: string, percent: number | null | undefined): string {
  return percent == null ? '–' : formatter(lang, 'percent', 1).format(percent);
}

/** A plain count (frames per second, freezes). */
export function formatNumber(lang: string, value: number | null | undefined): string {
  return value == null ? '–' : formatter(lang, '', 0).format(value);
}
