const formats = new Map<string, Intl.DateTimeFormat>();

/** A message's time of day (`14:05`, `2:05 PM`) in `lang`; a malformed `lang` falls back to the browser's. */
export function timeOfDay(lang: string, ms: number): string {
  let format = formats.get(lang);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
    try {
      format = new Intl.DateTimeFormat(lang, options);
    } catch {
      format = new Intl.DateTimeFormat(undefined, options);
    }
    formats.set(lang, format);
  }
  return format.format(ms);
}
